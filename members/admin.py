from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from members.models import CheckIn, DailyLog, Gym, Member, SavedMeal, User


@admin.register(Gym)
class GymAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "timezone", "created_at"]
    search_fields = ["name"]
    list_filter = ["timezone"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "name", "password"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]})
    ]
    filter_horizontal = ["groups"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "gym", "subscription_status", "calorie_target", "protein_target"]
    list_select_related = ["user", "gym"]
    list_filter = ["subscription_status", "gym"]
    search_fields = ["user__email", "user__name"]
    raw_id_fields = ["user"]


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
