"""Batch writes for history brought over from another system: saved meals, logs and
check-ins by the thousand (the per-row services take one request's worth).

Imported rows are history, not actions: they are inserted as they were, and they do
not score. What a member earned in the old system comes over as opening ledger entries
(challenges.services.opening), so scoring them again would pay twice. The bounds are
the ones the API and the tables' CHECKs use; `*_problem` says, in words, why a value
cannot come over, so the importer can skip that one row instead of failing a batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction

from members.models import (
    MAX_CALORIES,
    MAX_PROTEIN,
    MAX_WEIGHT,
    MIN_WEIGHT,
    CheckIn,
    DailyLog,
    LogType,
    SavedMeal,
)
from members.services import MAX_DAYS_AHEAD

NAME_MAX, NOTES_MAX, INGREDIENTS_MAX = 120, 500, 2000


def estimate_problem(*, calories: int | None, protein: Decimal | None) -> str | None:
    if calories is not None and not 0 <= calories <= MAX_CALORIES:
        return f"calories {calories} outside 0 to {MAX_CALORIES:,}"
    if protein is not None and not 0 <= protein <= MAX_PROTEIN:
        return f"protein {protein} g outside 0 to {MAX_PROTEIN}"
    return None


def weight_problem(*, weight: Decimal) -> str | None:
    if not MIN_WEIGHT <= weight <= MAX_WEIGHT:
        return f"weight {weight} kg outside the human range {MIN_WEIGHT} to {MAX_WEIGHT}"
    return None


def log_problem(*, type: str, day: date, today: date) -> str | None:
    if type not in LogType.values:
        return f"unknown log type {type!r}"
    if day > today + timedelta(days=MAX_DAYS_AHEAD):
        return f"dated {day.isoformat()}, in the future"
    return None


@dataclass(frozen=True)
class ImportedMeal:
    member_id: int
    name: str
    ingredients: str
    estimated_calories: int | None
    estimated_protein: Decimal | None
    photo_key: str
    created_at: datetime


@dataclass(frozen=True)
class ImportedLog:
    member_id: int
    date: date
    type: str
    estimated_calories: int | None
    estimated_protein: Decimal | None
    meal_id: int | None
    notes: str
    photo_key: str
    created_at: datetime


@dataclass(frozen=True)
class ImportedCheckIn:
    member_id: int
    date: date
    weight: Decimal
    notes: str
    created_at: datetime


def saved_meals_import(*, meals: list[ImportedMeal]) -> list[SavedMeal]:
    return SavedMeal.objects.bulk_create(
        SavedMeal(
            member_id=m.member_id,
            name=m.name[:NAME_MAX],
            ingredients=m.ingredients[:INGREDIENTS_MAX],
            estimated_calories=m.estimated_calories,
            estimated_protein=m.estimated_protein,
            photo_key=m.photo_key,
            created_at=m.created_at,
        )
        for m in meals
    )


def logs_import(*, logs: list[ImportedLog]) -> list[DailyLog]:
    """Insert logs as they were, unscored (see the module's docstring)."""
    with transaction.atomic():
        return DailyLog.objects.bulk_create(
            (
                DailyLog(
                    member_id=log.member_id,
                    date=log.date,
                    type=log.type,
                    estimated_calories=log.estimated_calories,
                    estimated_protein=log.estimated_protein,
                    meal_id=log.meal_id,
                    notes=log.notes[:NOTES_MAX],
                    photo_key=log.photo_key,
                    created_at=log.created_at,
                )
                for log in logs
            ),
            batch_size=2000,
        )


def checkins_import(*, checkins: list[ImportedCheckIn]) -> list[CheckIn]:
    """Insert check-ins as they were, unscored (see the module's docstring)."""
    return CheckIn.objects.bulk_create(
        (
            CheckIn(
                member_id=c.member_id,
                date=c.date,
                weight=c.weight,
                notes=c.notes[:NOTES_MAX],
                created_at=c.created_at,
            )
            for c in checkins
        ),
        batch_size=2000,
    )
