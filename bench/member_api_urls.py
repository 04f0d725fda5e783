"""The app's routes plus the ceilings the member endpoints are measured against:

/bench/hello/      a bare Django JsonResponse view behind the same middleware stack
/bench/drf-hello/  a DRF APIView with our token authentication, no database
"""

from django.http import JsonResponse
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from gymintel.urls import handler404, handler500  # noqa: F401 (Django reads them here)
from gymintel.urls import urlpatterns as app_urlpatterns


def hello(request):
    return JsonResponse({"hello": "world"})


class DRFHello(APIView):
    def get(self, request):
        return Response({"hello": request.user.member_id})


urlpatterns = [
    path("bench/hello/", hello),
    path("bench/drf-hello/", DRFHello.as_view()),
    *app_urlpatterns,
]
