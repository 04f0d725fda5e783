from django.contrib import admin

from challenges.models import Challenge, Participant, PointEntry


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "gym", "starts_on", "ends_on"]
    list_select_related = ["gym"]
    list_filter = ["gym"]
    search_fields = ["name"]
    fieldsets = [
        (None, {"fields": ["gym", "name", "starts_on", "ends_on"]}),
        (
            "Points",
            {"fields": ["points_meal", "points_training", "points_water", "points_checkin"]},
        ),
        ("Daily caps", {"fields": ["cap_meal", "cap_training", "cap_water", "cap_checkin"]}),
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


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    # Standings are written only by challenges.services under a row lock.
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
    raw_id_fields = ["challenge", "member"]
    readonly_fields = [
        "meal_points",
        "training_points",
        "water_points",
        "checkin_points",
        "streak_points",
        "total_points",
        "current_streak",
        "last_active_date",
    ]


@admin.register(PointEntry)
class PointEntryAdmin(admin.ModelAdmin):
    # The ledger is append-only: visible, never edited by hand.
    list_display = ["id", "participant", "kind", "source", "local_date", "points", "reversed_at"]
    list_select_related = ["participant__member__user"]
    list_filter = ["kind", "local_date"]
    search_fields = ["source", "participant__member__user__email"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
