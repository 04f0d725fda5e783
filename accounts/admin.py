from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone

from accounts.models import Gym, Member, Staff, StaffInvitation, TokenFamily, User
from accounts.revocation import logins_revoke


@admin.register(Gym)
class GymAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "timezone", "created_at"]
    search_fields = ["name"]
    list_filter = ["timezone"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_active", "is_owner", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_owner", "is_staff", "is_superuser"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "name", "password"]}),
        # is_owner: a chain owner (User.clean refuses it for a member's or staff account).
        ("Access", {"fields": ["is_active", "is_owner", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "name", "password1", "password2", "is_owner"],
            },
        )
    ]
    filter_horizontal = ["groups"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"is_owner", "is_active"} & set(form.changed_data):
            # A role or status changed here: earlier logins end, open pages re-read.
            logins_revoke(user_id=obj.pk)


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "gym", "subscription_status", "calorie_target", "protein_target"]
    list_select_related = ["user", "gym"]
    list_filter = ["subscription_status", "gym"]
    search_fields = ["user__email", "user__name"]
    raw_id_fields = ["user"]


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "gym", "role", "linked_member"]
    list_select_related = ["user", "gym", "linked_member__user"]
    list_filter = ["role", "gym"]
    search_fields = ["user__email", "user__name"]
    raw_id_fields = ["user", "linked_member"]


@admin.register(TokenFamily)
class TokenFamilyAdmin(admin.ModelAdmin):
    """API logins. Ending one here refuses its next refresh (its access token, at most
    15 minutes old, runs out by itself)."""

    list_display = ["user", "started_at", "revoked_at"]
    list_select_related = ["user"]
    list_filter = ["revoked_at"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "started_at", "token_version", "current_jti", "revoked_at"]
    actions = ["end_logins"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="End the selected logins")
    def end_logins(self, request, queryset) -> None:
        ended = queryset.filter(revoked_at=None).update(revoked_at=timezone.now())
        self.message_user(request, f"{ended} login(s) ended.")


@admin.register(StaffInvitation)
class StaffInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "gym", "role", "created_at", "expires_at", "accepted_at"]
    list_select_related = ["gym"]
    list_filter = ["role", "gym"]
    search_fields = ["email"]
    readonly_fields = ["invited_by", "created_at", "accepted_at"]
