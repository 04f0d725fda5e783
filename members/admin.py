from contextlib import suppress

from django.contrib import admin

from gymintel.errors import NotFound
from members import services
from members.models import CheckIn, DailyLog, SavedMeal


class ScoredActionAdmin(admin.ModelAdmin):
    """Logs and check-ins earn challenge points, so the admin changes them only as the
    API does. Deleting, one row or a selection, goes through the members service: the
    points are taken back with reversing ledger rows and the streak is recomputed, so
    `audit_points` stays clean. Every column but `editable` is read-only: the ledger
    holds awards under the row's member, kind and day, and changing any of them would
    leave awards that no later delete could find. Nothing is added here: an action
    scores only when made through the API, where the scoring rules apply.
    """

    editable = ("notes",)

    def delete_scored(self, *, member_id: int, pk: int) -> int:
        raise NotImplementedError

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        # Computed, so a column added later starts read-only until someone decides.
        return [
            f.name
            for f in self.model._meta.concrete_fields
            if not f.primary_key and f.name not in self.editable
        ]

    def delete_model(self, request, obj):
        self._delete(member_id=obj.member_id, pk=obj.pk)

    def delete_queryset(self, request, queryset):
        # One service call per row, each its own transaction, as that many API deletes
        # would be: a failure part way leaves the earlier rows deleted and reversed,
        # never a row gone with its points kept, and no lock is held across rows.
        rows = queryset.order_by("pk").values_list("member_id", "pk")
        for member_id, pk in rows:
            self._delete(member_id=member_id, pk=pk)

    def _delete(self, *, member_id: int, pk: int) -> None:
        # Deleted meanwhile (the API, another tab): that delete took the points back.
        with suppress(NotFound):
            self.delete_scored(member_id=member_id, pk=pk)


@admin.register(DailyLog)
class DailyLogAdmin(ScoredActionAdmin):
    list_display = ["id", "member", "date", "type", "estimated_calories", "estimated_protein"]
    list_select_related = ["member__user"]
    list_filter = ["type", "date"]
    search_fields = ["member__user__email", "notes"]
    # No date_hierarchy: its MIN/MAX and DISTINCT over every log's date scan the whole
    # table on each page; the date filter above narrows as well without that.
    show_full_result_count = False  # counting millions of logs is the slow part of a list

    def delete_scored(self, *, member_id: int, pk: int) -> int:
        return services.log_delete(member_id=member_id, log_id=pk)


@admin.register(CheckIn)
class CheckInAdmin(ScoredActionAdmin):
    list_display = ["id", "member", "date", "weight"]
    list_select_related = ["member__user"]
    list_filter = ["date"]
    search_fields = ["member__user__email"]
    show_full_result_count = False

    def delete_scored(self, *, member_id: int, pk: int) -> int:
        return services.checkin_delete(member_id=member_id, checkin_id=pk)


@admin.register(SavedMeal)
class SavedMealAdmin(admin.ModelAdmin):
    # Deleting a saved meal only unlinks the logs made from it (SET_NULL): the logs,
    # their points and the ledger stay as they are. It goes through the service so the
    # photo leaves storage once no log holds it.

    def delete_model(self, request, obj):
        self._delete(member_id=obj.member_id, pk=obj.pk)

    def delete_queryset(self, request, queryset):
        for member_id, pk in queryset.order_by("pk").values_list("member_id", "pk"):
            self._delete(member_id=member_id, pk=pk)

    def _delete(self, *, member_id: int, pk: int) -> None:
        with suppress(NotFound):  # deleted meanwhile
            services.saved_meal_delete(member_id=member_id, meal_id=pk)

    list_display = ["id", "name", "member", "estimated_calories", "estimated_protein"]
    list_select_related = ["member__user"]
    search_fields = ["name", "member__user__email"]
    raw_id_fields = ["member"]
