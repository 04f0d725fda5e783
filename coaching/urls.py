"""The coach's pages: /coach/ (mounted at the root).

One URL and one view per action: a page is a GET, each thing it lets you do is a POST
to its own URL.
"""

from django.urls import path

from coaching.views import coach, export

app_name = "coaching"

urlpatterns = [
    path("coach/", coach.dashboard, name="dashboard"),
    path("coach/export.csv", export.dashboard_csv, name="dashboard-csv"),
    path("coach/members/<int:member_id>/", coach.member_detail, name="member"),
    path("coach/members/<int:member_id>/targets/", coach.member_targets, name="member-targets"),
]
