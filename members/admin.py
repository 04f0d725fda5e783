from django.contrib import admin

from members.models import CheckIn, DailyLog, SavedMeal


@admin.register(DailyLog)
class DailyLogAdmin(admin.ModelAdmin):
    list_display = ["id", "member", "date", "type", "estimated_calories", "estimated_protein"]
    list_select_related = ["member__user"]
    list_filter = ["type", "date"]
    search_fields = ["member__user__email", "notes"]
    raw_id_fields = ["member", "meal"]
    date_hierarchy = "date"
    show_full_result_count = False  # counting millions of logs is the slow part of a list


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ["id", "member", "date", "weight"]
    list_select_related = ["member__user"]
    list_filter = ["date"]
    search_fields = ["member__user__email"]
    raw_id_fields = ["member"]
    show_full_result_count = False


@admin.register(SavedMeal)
class SavedMealAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "member", "estimated_calories", "estimated_protein"]
    list_select_related = ["member__user"]
    search_fields = ["name", "member__user__email"]
    raw_id_fields = ["member"]
