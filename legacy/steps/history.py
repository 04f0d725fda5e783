"""What members recorded: saved meals, logs, check-ins."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone

from legacy.dates import instant, local_date, log_date
from legacy.steps.base import Step
from members import imports as member_imports

TENTH = Decimal("0.1")


def _decimal(value) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value))
        return number.quantize(TENTH, rounding=ROUND_HALF_UP) if number.is_finite() else None
    except InvalidOperation:
        return None


def _ingredients(value) -> str:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    return "" if value is None else str(value)


class _MemberRows(Step):
    def member_of(self, row: dict) -> int | None:
        member = self.ctx.ids.remember("members").get(row["member_id"])
        if member is None:
            self.skip(
                row, f"member {row['member_id']} was not imported (or was deleted here since)"
            )
        return member

    def estimates(self, row: dict):
        calories, protein = row["calories"], _decimal(row["protein"])
        problem = member_imports.estimate_problem(calories=calories, protein=protein)
        if problem:
            self.skip(row, problem)
            return None
        return calories, protein


class MealsStep(_MemberRows):
    name = "custom_meals"
    batch_size = 500
    columns = (  # the photo is read by id (Step.image_keys)
        "id",
        "member_id",
        "name",
        "ingredients",
        "calories",
        "protein",
        "created_at",
    )

    def run(self, rows):
        keep = []
        for row in rows:
            member = self.member_of(row)
            values = self.estimates(row) if member else None
            if values is None:
                continue
            if not (row["name"] or "").strip():
                self.skip(row, "a meal without a name")
                continue
            keep.append((row, member, values))
        keys = self.image_keys([r for r, _, _ in keep], column="photo", kind="meals")
        meals = member_imports.saved_meals_import(
            meals=[
                member_imports.ImportedMeal(
                    member_id=member,
                    name=row["name"].strip(),
                    ingredients=_ingredients(row["ingredients"]),
                    estimated_calories=values[0],
                    estimated_protein=values[1],
                    photo_key=keys.get(row["id"], ""),
                    created_at=instant(row["created_at"]),
                )
                for row, member, values in keep
            ]
        )
        return [(row["id"], meal.pk) for (row, _, _), meal in zip(keep, meals, strict=True)]


class LogsStep(_MemberRows):
    name = "daily_logs"
    batch_size = 2000
    columns = (  # the photo is read by id (Step.image_keys)
        "id",
        "member_id",
        "date",
        "type",
        "calories",
        "protein",
        "meal_id",
        "notes",
        "created_at",
    )

    def run(self, rows):
        meals = self.ctx.ids.known("custom_meals", {r["meal_id"] for r in rows if r["meal_id"]})
        keep = []
        for row in rows:
            member = self.member_of(row)
            values = self.estimates(row) if member else None
            if values is None:
                continue
            zone = self.ctx.zone_of_gym(self.ctx.member_gyms[member])
            day = log_date(day=row["date"], created_at=row["created_at"], zone=zone)
            kind = (row["type"] or "").strip().lower()
            today = timezone.now().astimezone(zone).date()
            problem = member_imports.log_problem(type=kind, day=day, today=today)
            if problem:
                self.skip(row, problem)
                continue
            keep.append((row, member, values, day, kind))
        keys = self.image_keys([r[0] for r in keep], column="photo", kind="meals")
        logs = member_imports.logs_import(
            logs=[
                member_imports.ImportedLog(
                    member_id=member,
                    date=day,
                    type=kind,
                    estimated_calories=values[0],
                    estimated_protein=values[1],
                    meal_id=meals.get(row["meal_id"]) if row["meal_id"] else None,
                    notes=(row["notes"] or "").strip(),
                    photo_key=keys.get(row["id"], ""),
                    created_at=instant(row["created_at"]),
                )
                for row, member, values, day, kind in keep
            ]
        )
        return [(r[0]["id"], log.pk) for r, log in zip(keep, logs, strict=True)]


class CheckInsStep(_MemberRows):
    name = "weekly_checkins"
    batch_size = 2000

    def run(self, rows):
        keep = []
        for row in rows:
            member = self.member_of(row)
            if member is None:
                continue
            weight = _decimal(row["weight"])
            problem = (
                "no weight" if weight is None else member_imports.weight_problem(weight=weight)
            )
            if problem:
                self.skip(row, problem)
                continue
            zone = self.ctx.zone_of_gym(self.ctx.member_gyms[member])
            keep.append((row, member, weight, local_date(row["created_at"], zone)))
        checkins = member_imports.checkins_import(
            checkins=[
                member_imports.ImportedCheckIn(
                    member_id=member,
                    date=day,
                    weight=weight,
                    notes=(row["notes"] or "").strip(),
                    created_at=instant(row["created_at"]),
                )
                for row, member, weight, day in keep
            ]
        )
        return [(r[0]["id"], c.pk) for r, c in zip(keep, checkins, strict=True)]
