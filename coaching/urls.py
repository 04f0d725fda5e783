"""Staff pages: /coach/, /manage/ (mounted at the root).

One URL and one view per action: a page is a GET, each thing it lets you do is a POST
to its own URL (the login and challenge forms post back to where they are shown).
"""

from django.urls import path

from coaching.views import coach, export, manage_challenges, manage_gym, manage_people

app_name = "coaching"

urlpatterns = [
    path("coach/", coach.dashboard, name="dashboard"),
    path("coach/export.csv", export.dashboard_csv, name="dashboard-csv"),
    path("coach/members/<int:member_id>/", coach.member_detail, name="member"),
    path("coach/members/<int:member_id>/targets/", coach.member_targets, name="member-targets"),
    path("manage/", manage_gym.manage_home, name="manage"),
    path("manage/gym/", manage_gym.gym_update, name="manage-gym"),
    path("manage/gym/logo/", manage_gym.gym_logo, name="manage-logo"),
    path("manage/staff/", manage_people.staff_list, name="manage-staff"),
    path("manage/staff/add/", manage_people.staff_add, name="manage-staff-add"),
    path("manage/staff/<int:staff_id>/role/", manage_people.staff_role, name="manage-staff-role"),
    path("manage/members/", manage_people.member_list, name="manage-members"),
    path("manage/members/add/", manage_people.member_add, name="manage-member-add"),
    path(
        "manage/members/<int:member_id>/status/",
        manage_people.member_status,
        name="manage-member-status",
    ),
    path(
        "manage/members/<int:member_id>/deactivate/",
        manage_people.member_deactivate,
        name="manage-member-deactivate",
    ),
    path(
        "manage/members/<int:member_id>/reactivate/",
        manage_people.member_reactivate,
        name="manage-member-reactivate",
    ),
    path("manage/assignments/", manage_people.assignments, name="manage-assignments"),
    path("manage/assignments/assign/", manage_people.assign, name="manage-assign"),
    path("manage/challenges/", manage_challenges.challenge_list, name="manage-challenges"),
    path("manage/challenges/new/", manage_challenges.challenge_new, name="manage-challenge-new"),
    path(
        "manage/challenges/<int:challenge_id>/edit/",
        manage_challenges.challenge_edit,
        name="manage-challenge-edit",
    ),
]
