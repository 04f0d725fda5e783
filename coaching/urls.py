"""Staff pages: /accounts/, /coach/, /manage/."""

urlpatterns: list = []
