"""Challenges and their participants, standings as opening ledger entries."""

from __future__ import annotations

from django.utils import timezone

from challenges import services as challenge_services
from challenges.models import SCORING_KINDS, Challenge
from challenges.services.setup import challenge_create
from gymintel.errors import DomainError
from legacy.dates import day_of, instant, local_date
from legacy.steps.base import GONE, Step

PARTS = (*SCORING_KINDS, "streak")


class ChallengesStep(Step):
    name = "challenges"
    batch_size = 200

    def prepare(self) -> None:
        alive = Challenge.objects.values_list("pk", flat=True)
        self.ctx.ids.remember("challenges", existing=alive)

    def run(self, rows):
        gyms = self.ctx.ids.remember("gyms")
        done = []
        for row in rows:
            gym_id = gyms.get(row["gym_id"])
            if gym_id is None:
                self.skip(row, f"gym {row['gym_id']} {GONE}")
                continue
            zone = self.ctx.zone_of_gym(gym_id)
            try:
                # The old rules are not in its database: ours start at the defaults.
                challenge = challenge_create(
                    gym_id=gym_id,
                    name=(row["name"] or "").strip()[:120] or "Challenge",
                    starts_on=local_date(row["start"], zone),
                    ends_on=local_date(row["end"], zone),
                    rules={},
                )
            except DomainError as exc:
                self.skip(row, str(exc.detail))
                continue
            done.append((row["id"], challenge.pk))
        return done


class ParticipantsStep(Step):
    name = "challenge_participants"
    batch_size = 500
    order_by = ("joined_at", "id")

    def run(self, rows):

        challenges = self.ctx.ids.remember("challenges")
        members = self.ctx.ids.remember("members")
        gym_of: dict[int | None, int] = dict(
            Challenge.objects.filter(
                pk__in={challenges.get(r["challenge_id"]) for r in rows}
            ).values_list("pk", "gym_id")
        )
        keep, standings = [], []
        for row in rows:
            challenge, member = challenges.get(row["challenge_id"]), members.get(row["member_id"])
            if challenge is None:
                self.skip(
                    row,
                    f"challenge {row['challenge_id']} was not imported (or was deleted here since)",
                )
                continue
            if member is None:
                self.skip(
                    row, f"member {row['member_id']} was not imported (or was deleted here since)"
                )
                continue
            if self.ctx.member_gyms.get(member) != gym_of[challenge]:
                self.skip(row, "the member belongs to another gym than the challenge")
                continue
            standings.append(self._standing(row, challenge, member, gym_of[challenge]))
            keep.append(row)
        created = challenge_services.participants_import(standings=standings, now=timezone.now())
        for row, participant in zip(keep, created, strict=True):
            self._compare(row, participant)
        return [(row["id"], p.pk) for row, p in zip(keep, created, strict=True)]

    def _standing(self, row, challenge, member, gym_id):
        zone = self.ctx.zone_of_gym(gym_id)
        points = {}
        for part in PARTS:
            value = row[part] or 0
            if value < 0:
                self.ctx.report.note(self.name, row["id"], f"{part} points {value} < 0: taken as 0")
            points[part] = max(value, 0)
        total = sum(points.values())
        if row["total"] != total:
            self.ctx.report.standings_mismatches.append(
                {
                    "participant": row["id"],
                    "challenge": row["challenge_id"],
                    "member": row["member_id"],
                    "old_total": row["total"],
                    "sum_of_parts": total,
                }
            )
        return challenge_services.OpeningStanding(
            challenge_id=challenge,
            member_id=member,
            joined_at=instant(row["joined_at"]),
            points=points,
            current_streak=max(row["current_streak"] or 0, 0),
            last_active=day_of(row["last_active"], zone),
            joined_on=local_date(row["joined_at"], zone),
        )

    def _compare(self, row, participant) -> None:
        # The streak is read back from the ledger's active days; say so when it differs.
        old = (max(row["current_streak"] or 0, 0), row["last_active"])
        if participant.current_streak != old[0]:
            self.ctx.report.note(
                self.name,
                row["id"],
                f"streak {old[0]} became {participant.current_streak} "
                "(a streak needs an active day, and the old one had none)",
            )
