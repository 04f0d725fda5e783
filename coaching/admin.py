from django.contrib import admin

from coaching.models import CoachAssignment


@admin.register(CoachAssignment)
class CoachAssignmentAdmin(admin.ModelAdmin):
    list_display = ["id", "member", "coach", "assigned_at"]
    list_select_related = ["member__user", "coach__user"]
    list_filter = ["coach__gym"]
    search_fields = ["member__user__email", "coach__user__email"]
    raw_id_fields = ["member", "coach"]
