"""Gyms, members, staff and who coaches whom."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from zoneinfo import ZoneInfo

from accounts import services as account_services
from accounts.models import Gym, Member, Staff, SubscriptionStatus, User, normalize_email
from accounts.roles import Role
from coaching import services as coaching_services
from gymintel.errors import DomainError, InvalidInput
from legacy.dates import instant
from legacy.steps.base import GONE, Step


class GymsStep(Step):
    name = "gyms"
    batch_size = 100
    columns = ("id", "name", "created_at")  # the logo is read by id (Step.image_keys)

    def prepare(self) -> None:
        zones = dict(Gym.objects.values_list("pk", "timezone"))
        known = self.ctx.ids.remember("gyms", existing=zones)
        for old, new in known.items():
            # Our gym's zone now, should an admin have corrected it since the last run.
            self.ctx.gyms[new] = (old, ZoneInfo(zones[new]))

    def run(self, rows):
        keys = self.image_keys(rows, column="logo", kind="logos")
        done = []
        for row in rows:
            zone = self.ctx.zones.get(row["id"])
            if zone is None:
                zone = self.ctx.default_zone
                self.ctx.report.note(
                    "gyms", row["id"], f"no --gym-timezone given: {zone.key} (the default)"
                )
            gym = account_services.gym_import(
                name=row["name"] or "",
                timezone_name=zone.key,
                logo_key=keys.get(row["id"], ""),
                created_at=instant(row["created_at"]),
            )
            self.ctx.gyms[gym.pk] = (row["id"], zone)
            done.append((row["id"], gym.pk))
        return done


def _gym_of(step: Step, row: dict) -> int | None:
    new = step.ctx.ids.remember("gyms").get(row["gym_id"])
    if new is None:
        step.skip(row, f"gym {row['gym_id']} {GONE}")
    return new


class MembersStep(Step):
    name = "members"
    batch_size = 500
    columns = (  # the avatar is read by id (Step.image_keys)
        "id",
        "number",
        "gym_id",
        "email",
        "password_hash",
        "name",
        "status",
        "calorie_target",
        "protein_target",
        "coach_id",
        "created_at",
    )

    def prepare(self) -> None:
        self.ctx.member_gyms.update(Member.objects.values_list("pk", "gym_id"))
        self.ctx.ids.remember("members", existing=self.ctx.member_gyms)

    def run(self, rows):
        emails = {normalize_email(r["email"] or "") for r in rows}
        taken = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        people, olds, kept = [], [], []
        for row in rows:
            gym_id = _gym_of(self, row)
            person = self._person(row, gym_id, taken) if gym_id else None
            if person is None:
                continue
            people.append(person)
            olds.append(row["id"])
            kept.append(row)
        keys = self.image_keys(kept, column="avatar", kind="avatars")
        people = [
            replace(p, avatar_key=keys.get(old, "")) for p, old in zip(people, olds, strict=True)
        ]
        members = account_services.members_import(people=people)
        for m in members:
            self.ctx.member_gyms[m.pk] = m.gym_id
        return [(old, m.pk) for old, m in zip(olds, members, strict=True)]

    def _person(self, row, gym_id, taken):
        email = normalize_email(row["email"] or "")
        if "@" not in email:
            self.skip(row, f"not an email address: {row['email']!r}")
            return None
        if email in taken:
            self.skip(
                row,
                f"email {email} already belongs to another account "
                "(the old system had two accounts differing only in letter case)",
            )
            return None
        status = (row["status"] or "").strip().lower()
        if status not in SubscriptionStatus.values:
            self.skip(row, f"unknown subscription status {row['status']!r}")
            return None
        taken.add(email)
        password = account_services.password_from_bcrypt(bcrypt_hash=row["password_hash"] or "")
        if password is None:
            self.ctx.report.note("members", row["id"], "password is not a bcrypt hash: reset it")
        return account_services.ImportedMember(
            gym_id=gym_id,
            email=email,
            name=(row["name"] or "").strip(),
            password=password,
            subscription_status=status,
            calorie_target=self._target(row, "calorie_target"),
            protein_target=self._target(row, "protein_target"),
            avatar_key="",
            created_at=instant(row["created_at"]),
        )

    def _target(self, row: dict, which: str) -> int | None:
        value = row[which]
        try:
            coaching_services.targets_check(
                **{"calorie_target": None, "protein_target": None, which: value}
            )
        except InvalidInput as exc:
            self.ctx.report.note("members", row["id"], f"target left unset: {exc.detail}")
            return None
        return value


class StaffStep(Step):
    name = "staff"
    batch_size = 200

    def prepare(self) -> None:
        self.ctx.ids.remember("staff", existing=Staff.objects.values_list("pk", flat=True))

    def run(self, rows):
        members = self.ctx.ids.remember("members")
        done = []
        for row in rows:
            gym_id = _gym_of(self, row)
            if gym_id is None:
                continue
            role = (row["role"] or "").strip().lower()
            linked = None
            if row["linked_member_id"]:
                linked = members.get(row["linked_member_id"])
                if linked is None or self.ctx.member_gyms.get(linked) != gym_id:
                    self.ctx.report.note(
                        "staff", row["id"], "linked member not imported or of another gym: unlinked"
                    )
                    linked = None
                elif Staff.objects.filter(linked_member_id=linked).exists():
                    self.ctx.report.note(
                        "staff", row["id"], "linked member already linked to other staff: unlinked"
                    )
                    linked = None
            try:
                staff = account_services.staff_import(
                    gym_id=gym_id,
                    email=row["email"] or "",
                    name=(row["name"] or "").strip(),
                    role=role,
                    password=account_services.password_from_bcrypt(
                        bcrypt_hash=row["password_hash"] or ""
                    ),
                    linked_member_id=linked,
                    created_at=instant(row["created_at"]),
                )
            except DomainError as exc:  # a role we lack, a taken email, another gym
                self.skip(row, str(exc.detail))
                continue
            done.append((row["id"], staff.pk))
        return done


class CoachAssignmentsStep(Step):
    """Members' coaches: a second pass over the members table, once staff exist."""

    name = "coach_assignments"
    source = "members"
    batch_size = 2000
    columns = ("id", "gym_id", "coach_id", "created_at")

    def run(self, rows):
        members = self.ctx.ids.remember("members")
        staff = self.ctx.ids.remember("staff")
        coaches = dict(
            Staff.objects.filter(
                pk__in=[v for v in staff.values() if v], role=Role.COACH
            ).values_list("pk", "gym_id")
        )
        groups: dict[tuple[int, int], list[tuple[str, int]]] = defaultdict(list)
        done: list[tuple[str, int | None]] = []
        for row in rows:
            member = members.get(row["id"])
            if member is None:
                self.skip(row, f"member {row['id']} {GONE}")
                continue
            if not row["coach_id"]:
                done.append((row["id"], None))  # no coach to assign: done all the same
                continue
            coach = staff.get(row["coach_id"])
            gym_id = self.ctx.member_gyms.get(member)
            if coach is None or coach not in coaches:
                self.skip(row, f"coach {row['coach_id']} was not imported as a coach")
            elif coaches[coach] != gym_id:
                self.skip(row, f"coach {row['coach_id']} is at another gym")
            else:
                groups[(gym_id, coach)].append((row["id"], member))
        for (gym_id, coach), pairs in groups.items():
            coaching_services.assign_coach(
                gym_id=gym_id, coach_id=coach, member_ids=[m for _, m in pairs]
            )
            done += pairs
        return done
