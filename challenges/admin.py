from django.contrib import admin

from challenges.models import (
    CAP_FIELDS,
    POINT_FIELDS,
    Challenge,
    Participant,
    PointEntry,
)


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    # Deleting a challenge would take its participants and their ledger rows with it,
    # which would keep the audit clean but erase every standing. The admin refuses it
    # once the challenge has participants: a delete needs permission on everything it
    # cascades to, and participants and ledger entries are not deletable here. A
    # challenge nobody joined has no ledger and can be deleted.
    list_display = ["id", "name", "gym", "starts_on", "ends_on"]
    list_select_related = ["gym"]
    list_filter = ["gym"]
    search_fields = ["name"]
    fieldsets = [
        (None, {"fields": ["gym", "name", "starts_on", "ends_on"]}),
        ("Points", {"fields": list(POINT_FIELDS)}),
        ("Daily caps", {"fields": list(CAP_FIELDS)}),
        ("Streak", {"fields": ["streak_bonus"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Moving a running challenge to another gym would put one gym's members on
        # another gym's leaderboard; make a new challenge instead.
        return ["gym"] if obj is not None and obj.pk else []

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        note = (
            "Edits apply to actions from now on. Points already awarded stay as awarded "
            "(the ledger keeps what each action earned); a lower cap stops further awards "
            "today once reached; actions outside a changed window score nothing."
        )
        return [(fieldsets[0][0], {**fieldsets[0][1], "description": note}), *fieldsets[1:]]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Visible, never added, edited or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    # Standings are written only by challenges.services under a row lock, and joining
    # only through the API (which refuses a challenge that has ended). There is no
    # service for leaving a challenge, so participants are not deleted here either.
    # A member moved or a standing typed in would disagree with the ledger.
    list_display = [
        "id",
        "challenge",
        "member",
        "total_points",
        "current_streak",
        "last_active_date",
    ]
    list_select_related = ["challenge", "member__user"]
    list_filter = ["challenge"]
    search_fields = ["member__user__email"]
    show_full_result_count = False


@admin.register(PointEntry)
class PointEntryAdmin(ReadOnlyAdmin):
    # The ledger is append-only: awards and their reversals are written by scoring.
    list_display = ["id", "participant", "kind", "source", "local_date", "points", "reversed_at"]
    list_select_related = ["participant__member__user"]
    list_filter = ["kind", "local_date"]
    search_fields = ["source", "participant__member__user__email"]
    show_full_result_count = False
