from django.contrib import admin

from coaching.models import CoachAssignment, Staff


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "gym", "role", "linked_member"]
    list_select_related = ["user", "gym", "linked_member__user"]
    list_filter = ["role", "gym"]
    search_fields = ["user__email", "user__name"]
    raw_id_fields = ["user", "linked_member"]


@admin.register(CoachAssignment)
class CoachAssignmentAdmin(admin.ModelAdmin):
    list_display = ["id", "member", "coach", "assigned_at"]
    list_select_related = ["member__user", "coach__user"]
    list_filter = ["coach__gym"]
    search_fields = ["member__user__email", "coach__user__email"]
    raw_id_fields = ["member", "coach"]
