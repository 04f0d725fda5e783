"""Member writes: logs, check-ins, saved meals, the profile.

Every write that earns points calls the challenges service inside the same transaction
as the insert, so a log and its points commit (or vanish) together. Slow I/O (image
storage) happens before any transaction opens, and a photo a row no longer holds is
removed after the commit (media_store keeps it while any other row holds the same key).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from decimal import Decimal
from functools import partial

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from accounts.models import Member
from challenges import selectors as challenge_selectors
from challenges import services as challenge_services
from challenges.rules import checkin_source, log_source
from gymintel.clock import gym_today
from gymintel.errors import Conflict, InvalidInput, NotFound
from media_store.services import discard_meal_photo, store_meal_photo
from members import selectors
from members.models import CheckIn, DailyLog, LogType, SavedMeal

IDEMPOTENCY_CONSTRAINT = "log_unique_idempotency_key_per_member"
CHECKIN_IDEMPOTENCY_CONSTRAINT = "checkin_unique_idempotency_key_per_member"
# A phone in another time zone may already be on tomorrow; nothing further ahead is real.
MAX_DAYS_AHEAD = 1
# Backfilling a forgotten week is fine; a log dated years back is a typo.
MAX_DAYS_BACK = 366


@dataclass(frozen=True)
class LogOutcome:
    log: DailyLog
    points_awarded: int
    possible_duplicate: bool
    replayed: bool  # True: an earlier request with the same Idempotency-Key made `log`


@dataclass(frozen=True)
class CheckInOutcome:
    checkin: CheckIn
    points_awarded: int
    replayed: bool  # True: an earlier request with the same Idempotency-Key made `checkin`


def check_log_date(*, day: Date, today: Date) -> None:
    if day > today + timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidInput(
            f"date {day.isoformat()} is in the future: logs may be dated at most "
            f"{MAX_DAYS_AHEAD} day after today ({today.isoformat()} at your gym)."
        )
    if day < today - timedelta(days=MAX_DAYS_BACK):
        raise InvalidInput(
            f"date {day.isoformat()} is more than {MAX_DAYS_BACK} days ago; "
            "logs that old cannot be added."
        )


def log_create(
    *,
    member_id: int,
    gym_tz: str,
    type: str,
    date: Date | None = None,
    estimated_calories: int | None = None,
    estimated_protein: Decimal | None = None,
    meal_id: int | None = None,
    notes: str = "",
    idempotency_key: str | None = None,
    photo: UploadedFile | None = None,
) -> LogOutcome:
    """Record a log and score it. The same `idempotency_key` twice makes one log.

    The key is enforced by the unique constraint alone: of concurrent requests with one
    key, the first INSERT wins and the others wait on its index entry, fail once it
    commits, and answer the winner's log. A check-then-insert would let both through.

    A meal's `photo` is checked and stored (media_store) after every other check and
    before the transaction; whatever fails after that (the insert, scoring, a replayed
    key) discards it again, unless another row holds the same content.
    """
    today = gym_today(gym_tz)
    day = date or today
    check_log_date(day=day, today=today)
    if photo is not None and type != LogType.MEAL:
        raise InvalidInput("photo can only be given for a meal log.")
    photo_key = ""
    if meal_id is not None:
        if type != LogType.MEAL:
            raise InvalidInput("meal_id can only be given for a meal log.")
        meal = selectors.saved_meal_values(member_id=member_id, meal_id=meal_id)
        if meal is None:
            raise NotFound(f"You have no saved meal with id {meal_id}.")
        # A saved meal fills in what the member did not type.
        if estimated_calories is None:
            estimated_calories = meal["estimated_calories"]
        if estimated_protein is None:
            estimated_protein = meal["estimated_protein"]
        # The log shares the meal's photo object: keys are content hashes and media_store
        # deletes an object only once no row holds its key, so either row may go first.
        photo_key = meal["photo_key"]
    values = {
        "type": type,
        "date": day,
        "estimated_calories": estimated_calories,
        "estimated_protein": estimated_protein,
        "meal_id": meal_id,
    }
    if photo is not None and idempotency_key is not None:
        # A retry of a photo log (the phone lost the answer) is the common replay:
        # answered before the photo is decoded and stored a second time.
        earlier = _replay_if_logged(member_id=member_id, idempotency_key=idempotency_key)
        if earlier is not None:
            return earlier
    duplicate = selectors.log_recent_duplicate_exists(member_id=member_id, **values)
    stored = store_meal_photo(upload=photo) if photo is not None else ""
    try:
        with transaction.atomic():
            log = DailyLog.objects.create(
                member_id=member_id,
                notes=notes,
                photo_key=stored or photo_key,
                idempotency_key=idempotency_key,
                **values,
            )
            points = challenge_services.score_log(log=log)
    except IntegrityError as exc:
        # A concurrent request with the same key won: its log keeps its own photo (the
        # same content has the same key, and is then kept as in use).
        _discard_photo_after_commit(stored)
        if idempotency_key is None or not _violates(exc, IDEMPOTENCY_CONSTRAINT):
            raise
        return _replay(member_id=member_id, idempotency_key=idempotency_key)
    except BaseException:
        _discard_photo_after_commit(stored)
        raise
    return LogOutcome(log=log, points_awarded=points, possible_duplicate=duplicate, replayed=False)


def _violates(exc: IntegrityError, constraint: str) -> bool:
    diag = getattr(exc.__cause__, "diag", None)
    name = getattr(diag, "constraint_name", None)
    if name is not None:  # PostgreSQL names the constraint
        return name == constraint
    return "idempotency_key" in str(exc)  # SQLite names the columns instead


def _replay_if_logged(*, member_id: int, idempotency_key: str) -> LogOutcome | None:
    log = DailyLog.objects.filter(member_id=member_id, idempotency_key=idempotency_key).first()
    return None if log is None else _replayed(member_id=member_id, log=log)


def _replay(*, member_id: int, idempotency_key: str) -> LogOutcome:
    log = DailyLog.objects.filter(member_id=member_id, idempotency_key=idempotency_key).first()
    if log is None:  # the first log was deleted between our INSERT and this read
        raise Conflict("The log first sent with this Idempotency-Key was just deleted; retry.")
    return _replayed(member_id=member_id, log=log)


def _replayed(*, member_id: int, log: DailyLog) -> LogOutcome:
    # What the first request earned, so the replay answers as the original did.
    points = challenge_selectors.points_for_source(member_id=member_id, source=log_source(log.pk))
    return LogOutcome(log=log, points_awarded=points, possible_duplicate=False, replayed=True)


def log_delete(*, member_id: int, log_id: int) -> int:
    """Delete one of the member's logs and take back its points; returns points taken.

    The row lock makes a double delete safe: the second waits, then finds nothing (404)
    instead of taking the points back twice. The log's photo goes after the commit,
    unless its saved meal or another log still holds the key.
    """
    with transaction.atomic():
        log = DailyLog.objects.select_for_update().filter(member_id=member_id, pk=log_id).first()
        if log is None:
            raise NotFound("No such log among yours.")
        taken = challenge_services.unscore_log(log=log)
        log.delete()
        _discard_photo_after_commit(log.photo_key)
    return taken


def _discard_photo_after_commit(key: str) -> None:
    # After the commit: a rollback must not leave a row pointing at a deleted object.
    # Robust: the row change is committed already, and a failed storage delete only
    # leaves an object no row uses, so it is logged and the request still succeeds.
    if key:
        transaction.on_commit(partial(discard_meal_photo, key=key), robust=True)


def checkin_create(
    *,
    member_id: int,
    gym_tz: str,
    weight: Decimal,
    notes: str = "",
    idempotency_key: str | None = None,
) -> CheckInOutcome:
    """A weigh-in dated today at the gym, scored in the same transaction. The same
    `idempotency_key` twice makes one check-in, enforced by the unique constraint alone
    as for logs (log_create): concurrent inserts with one key wait on the first, fail
    once it commits, and answer its check-in with what it earned.
    """
    try:
        with transaction.atomic():
            checkin = CheckIn.objects.create(
                member_id=member_id,
                date=gym_today(gym_tz),
                weight=weight,
                notes=notes,
                idempotency_key=idempotency_key,
            )
            points = challenge_services.score_checkin(checkin=checkin)
    except IntegrityError as exc:
        if idempotency_key is None or not _violates(exc, CHECKIN_IDEMPOTENCY_CONSTRAINT):
            raise
        return _checkin_replay(member_id=member_id, idempotency_key=idempotency_key)
    return CheckInOutcome(checkin=checkin, points_awarded=points, replayed=False)


def _checkin_replay(*, member_id: int, idempotency_key: str) -> CheckInOutcome:
    checkin = CheckIn.objects.filter(member_id=member_id, idempotency_key=idempotency_key).first()
    if checkin is None:  # the first check-in was deleted between our INSERT and this read
        raise Conflict("The check-in first sent with this Idempotency-Key was just deleted; retry.")
    # What the first request earned, so the replay answers as the original did.
    points = challenge_selectors.points_for_source(
        member_id=member_id, source=checkin_source(checkin.pk)
    )
    return CheckInOutcome(checkin=checkin, points_awarded=points, replayed=True)


def checkin_delete(*, member_id: int, checkin_id: int) -> int:
    """Delete one of the member's check-ins and take back its points; returns points taken.

    Locked like log_delete, so a second delete of the same check-in takes nothing back.
    """
    with transaction.atomic():
        checkin = (
            CheckIn.objects.select_for_update().filter(member_id=member_id, pk=checkin_id).first()
        )
        if checkin is None:
            raise NotFound("No such check-in among yours.")
        taken = challenge_services.unscore_checkin(checkin=checkin)
        checkin.delete()
    return taken


def saved_meal_delete(*, member_id: int, meal_id: int) -> None:
    """Delete one of the member's saved meals. The logs made from it stay, with their
    points and their copy of the photo key; the photo itself goes after the commit
    once no log holds it any more."""
    with transaction.atomic():
        meal = SavedMeal.objects.select_for_update().filter(member_id=member_id, pk=meal_id).first()
        if meal is None:
            raise NotFound("No such saved meal among yours.")
        meal.delete()
        _discard_photo_after_commit(meal.photo_key)


def saved_meal_create(
    *,
    member_id: int,
    name: str,
    ingredients: str = "",
    estimated_calories: int | None = None,
    estimated_protein: Decimal | None = None,
    photo: UploadedFile | None = None,
) -> SavedMeal:
    """Store the photo first (slow, may fail with 4xx/503), then insert the row: a
    storage failure leaves nothing behind in the database, and a failed insert (the
    member deleted meanwhile) has its just-stored photo removed."""
    photo_key = store_meal_photo(upload=photo) if photo is not None else ""
    try:
        return SavedMeal.objects.create(
            member_id=member_id,
            name=name,
            ingredients=ingredients,
            estimated_calories=estimated_calories,
            estimated_protein=estimated_protein,
            photo_key=photo_key,
        )
    except Exception:
        _discard_photo_after_commit(photo_key)
        raise


def profile_update(*, member_id: int, name: str | None = None, goal: str | None = None) -> Member:
    """Change what a member may change about themselves: their name and goal.

    Gym, subscription status and the coach-set targets are not parameters on purpose.
    Returns the member with user and gym loaded.
    """
    with transaction.atomic():
        member = Member.objects.select_related("user", "gym").filter(pk=member_id).first()
        if member is None:
            raise NotFound("Your member profile no longer exists.")
        if name is not None and name != member.user.name:
            member.user.name = name
            member.user.save(update_fields=["name"])
        if goal is not None and goal != member.goal:
            member.goal = goal
            member.save(update_fields=["goal"])
    return member
