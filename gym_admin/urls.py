"""The gym admin pages: /manage/ (mounted at the root).

One URL and one view per action: a page is a GET, each thing it lets you do is a POST
to its own URL (the challenge forms post back to where they are shown).
"""

from django.urls import path

from gym_admin.views import challenges, gym, people

app_name = "gym_admin"

urlpatterns = [
    path("manage/", gym.manage_home, name="manage"),
    path("manage/gym/", gym.gym_update, name="manage-gym"),
    path("manage/gym/logo/", gym.gym_logo, name="manage-logo"),
    path("manage/staff/", people.staff_list, name="manage-staff"),
    path("manage/staff/add/", people.staff_add, name="manage-staff-add"),
    path("manage/staff/<int:staff_id>/role/", people.staff_role, name="manage-staff-role"),
    path("manage/members/", people.member_list, name="manage-members"),
    path("manage/members/add/", people.member_add, name="manage-member-add"),
    path(
        "manage/members/<int:member_id>/status/",
        people.member_status,
        name="manage-member-status",
    ),
    path(
        "manage/members/<int:member_id>/deactivate/",
        people.member_deactivate,
        name="manage-member-deactivate",
    ),
    path(
        "manage/members/<int:member_id>/reactivate/",
        people.member_reactivate,
        name="manage-member-reactivate",
    ),
    path("manage/assignments/", people.assignments, name="manage-assignments"),
    path("manage/assignments/assign/", people.assign, name="manage-assign"),
    path("manage/challenges/", challenges.challenge_list, name="manage-challenges"),
    path("manage/challenges/new/", challenges.challenge_new, name="manage-challenge-new"),
    path(
        "manage/challenges/<int:challenge_id>/edit/",
        challenges.challenge_edit,
        name="manage-challenge-edit",
    ),
]
