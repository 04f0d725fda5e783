"""Old-system databases for the tests and the bench: the Prisma schema as plain SQL in
a scratch PostgreSQL database, filled with every kind of dirt the schema file lists.

    build_legacy_db(url, shape=Shape(...)) -> Facts

`Facts` names the rows each kind of dirt went into, so a test can assert what the
import did with them. Rows are written with COPY, so a chain-sized database (the
bench) builds in minutes; images are a few noise JPEGs (with EXIF and GPS) made once,
each copy made unique by a comment segment, so every row still costs a full decode.
"""

from __future__ import annotations

import base64
import io
import json
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit, urlunsplit

import bcrypt
import psycopg
from PIL import Image

SCHEMA = """
CREATE TABLE gyms (
  id text PRIMARY KEY, name text NOT NULL, logo text,
  "createdAt" timestamp(3) NOT NULL DEFAULT now());
CREATE TABLE members (
  id text PRIMARY KEY, "memberId" text NOT NULL, "gymId" text NOT NULL REFERENCES gyms(id),
  email text NOT NULL UNIQUE, "passwordHash" text NOT NULL, name text NOT NULL,
  "avatarUrl" text, "subscriptionStatus" text NOT NULL DEFAULT 'active',
  "calorieTarget" integer, "proteinTarget" integer, "coachId" text,
  "createdAt" timestamp(3) NOT NULL DEFAULT now(), UNIQUE ("gymId", "memberId"));
CREATE TABLE staff (
  id text PRIMARY KEY, "gymId" text NOT NULL REFERENCES gyms(id), email text NOT NULL UNIQUE,
  "passwordHash" text NOT NULL, name text NOT NULL, role text NOT NULL DEFAULT 'coach',
  "linkedMemberId" text UNIQUE, "createdAt" timestamp(3) NOT NULL DEFAULT now());
CREATE TABLE daily_logs (
  id text PRIMARY KEY, "memberId" text NOT NULL REFERENCES members(id), date date NOT NULL,
  type text NOT NULL, "estimatedCalories" integer, "estimatedProtein" double precision,
  "mealPhotoUrl" text, "customMealId" text, notes text,
  "createdAt" timestamp(3) NOT NULL DEFAULT now());
CREATE INDEX daily_logs_member_date ON daily_logs ("memberId", date);
CREATE TABLE weekly_checkins (
  id text PRIMARY KEY, "memberId" text NOT NULL REFERENCES members(id),
  weight double precision NOT NULL, notes text,
  "createdAt" timestamp(3) NOT NULL DEFAULT now());
CREATE TABLE custom_meals (
  id text PRIMARY KEY, "memberId" text NOT NULL REFERENCES members(id), name text NOT NULL,
  ingredients jsonb NOT NULL DEFAULT '[]', "estimatedCalories" integer,
  "estimatedProtein" double precision, "photoUrl" text,
  "createdAt" timestamp(3) NOT NULL DEFAULT now());
CREATE TABLE challenges (
  id text PRIMARY KEY, "visibleGymId" text NOT NULL REFERENCES gyms(id), name text NOT NULL,
  "startDate" timestamp(3) NOT NULL, "endDate" timestamp(3) NOT NULL,
  "isActive" boolean NOT NULL DEFAULT true, "createdAt" timestamp(3) NOT NULL DEFAULT now());
CREATE TABLE challenge_participants (
  id text PRIMARY KEY, "challengeId" text NOT NULL REFERENCES challenges(id),
  "memberId" text NOT NULL, "mealPoints" integer NOT NULL DEFAULT 0,
  "trainingPoints" integer NOT NULL DEFAULT 0, "waterPoints" integer NOT NULL DEFAULT 0,
  "checkinPoints" integer NOT NULL DEFAULT 0, "streakPoints" integer NOT NULL DEFAULT 0,
  "totalPoints" integer NOT NULL DEFAULT 0, "currentStreak" integer NOT NULL DEFAULT 0,
  "lastActiveDate" timestamp(3), "joinedAt" timestamp(3) NOT NULL DEFAULT now(),
  UNIQUE ("challengeId", "memberId"));
CREATE TABLE ai_usage_daily (
  id text PRIMARY KEY, "memberId" text NOT NULL, date date NOT NULL,
  count integer NOT NULL DEFAULT 0, UNIQUE ("memberId", date));
CREATE TABLE ai_response_cache (
  id text PRIMARY KEY, key text NOT NULL UNIQUE, response text NOT NULL,
  "createdAt" timestamp(3) NOT NULL DEFAULT now(),
  "lastUsedAt" timestamp(3) NOT NULL DEFAULT now());
"""

PASSWORD = "old-system-pass-1"
STAFF_PASSWORD = "old-staff-pass-1"
# Gyms in zones far from UTC on both sides, so a UTC server-clock date is often wrong.
ZONES = ["Europe/Berlin", "America/Los_Angeles", "Asia/Tokyo", "Australia/Sydney"]
GPS_TAG = 0x8825


@dataclass(frozen=True)
class Shape:
    gyms: int = 2
    members_per_gym: int = 8
    coaches_per_gym: int = 2
    days: int = 6
    logs_per_day: int = 3  # per member
    avatars: int | None = None  # members with an avatar (None: all)
    meal_photos: int = 6  # custom meals with a photo
    meals_per_member: int = 1  # for the first members, until there are enough meals
    image_side: int = 240  # noise JPEGs: ~300 KB base64 needs about 480
    dirt: bool = True
    seed: int = 7


@dataclass
class Facts:
    """What went into the old database, for the tests to check the import against."""

    gym_zones: dict[str, str] = field(default_factory=dict)
    members: list[str] = field(default_factory=list)
    case_duplicate: str = ""  # the member skipped: same email as another but for case
    bad_weight_checkin: str = ""
    bad_target_member: str = ""
    unknown_type_log: str = ""
    orphan_log: str = ""
    clock_bug_log: str = ""  # date == UTC date of createdAt, local date differs
    backdated_log: str = ""  # date kept as is
    invalid_images: dict[str, str] = field(default_factory=dict)  # row id -> table
    exif_avatar_member: str = ""
    bare_base64_member: str = ""
    mismatch_participants: list[str] = field(default_factory=list)
    linked_staff: str = ""
    orphan_participant: str = ""
    cross_gym_participant: str = ""
    logs: int = 0
    checkins: int = 0
    participants: int = 0


class _Ids:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self, prefix: str) -> str:
        self.n += 1
        return f"cl{prefix}{self.n:09d}"


def scratch_database(base_url: str, name: str) -> str:
    """(Re)create database `name` on the server of `base_url`; returns its URL."""
    parts = urlsplit(base_url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def drop_database(base_url: str, name: str) -> None:
    parts = urlsplit(base_url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _hash(password: str, prefix: bytes) -> str:
    # bcryptjs writes $2a$ (older) or $2b$; the algorithm is the same.
    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=10))
    return (prefix + hashed[4:]).decode()


def _photo(side: int, rng: random.Random, *, gps: bool) -> bytes:
    noise = Image.effect_noise((side, side * 3 // 4), 60).convert("RGB")
    tint = Image.new("RGB", noise.size, tuple(rng.randrange(256) for _ in range(3)))
    picture = Image.blend(noise, tint, 0.4)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    if gps:
        exif[GPS_TAG] = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def _unique(jpeg: bytes, tag: str) -> bytes:
    """The same picture under different bytes: a JPEG comment segment after SOI."""
    comment = tag.encode()
    return jpeg[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + jpeg[2:]


def _data_url(data: bytes) -> str:
    return "data:image/jpeg;base64," + base64.b64encode(data).decode()


def build_legacy_db(url: str, *, shape: Shape | None = None) -> Facts:
    shape = shape or Shape()
    rng = random.Random(shape.seed)
    ids = _Ids()
    facts = Facts()
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    hashes = [_hash(PASSWORD, b"$2a$"), _hash(PASSWORD, b"$2b$")]
    staff_hash = _hash(STAFF_PASSWORD, b"$2a$")
    pictures = [_photo(shape.image_side, rng, gps=True) for _ in range(4)]
    image_no = 0

    def image() -> _Image:
        nonlocal image_no
        image_no += 1
        return _Image(pictures, image_no)

    gyms, members, staff, meals, logs, checkins, challenges, parts = ([] for _ in range(8))
    for g in range(shape.gyms):
        gym_id = ids("gym")
        facts.gym_zones[gym_id] = ZONES[g % len(ZONES)]
        logo = image() if g == 0 else ("" if g == 1 else None)
        gyms.append((gym_id, f"Old Gym {g + 1}", logo, now - timedelta(days=400)))
        coaches = []
        for c in range(shape.coaches_per_gym):
            staff_id = ids("stf")
            coaches.append(staff_id)
            role = "admin" if c == 0 and shape.coaches_per_gym > 1 else "coach"
            staff.append(
                [
                    staff_id,
                    gym_id,
                    f"Coach{g}-{c}@Old.Gym",
                    staff_hash,
                    f"Coach {g}-{c}",
                    role,
                    None,
                    now - timedelta(days=300),
                ]
            )
        challenge_id = ids("chl")
        start = datetime.combine(date.today() - timedelta(days=shape.days), time(0, 0))
        challenges.append(
            (
                challenge_id,
                gym_id,
                f"Spring {g + 1}",
                start,
                start + timedelta(days=60),
                True,
                start,
            )
        )
        for m in range(shape.members_per_gym):
            member_id = ids("mem")
            facts.members.append(member_id)
            avatar = None
            if shape.avatars is None or len(facts.members) <= shape.avatars:
                avatar = image()
            members.append(
                [
                    member_id,
                    f"{g + 1}-{m:04d}",
                    gym_id,
                    f"member{g}-{m}@old.gym",
                    hashes[m % 2],
                    f"Member {g}-{m}",
                    avatar,
                    ["active", "trialing", "past_due", "paused", "canceled"][m % 5],
                    2000 + m,
                    120 + m % 30,
                    coaches[-1],
                    now - timedelta(days=200),
                ]
            )
            meal_id = None
            for _ in range(shape.meals_per_member):
                if len(meals) >= max(shape.meal_photos, shape.gyms * 2):
                    break
                meal_id = ids("cml")
                photo = image() if len(meals) < shape.meal_photos else None
                meals.append(
                    [
                        meal_id,
                        member_id,
                        f"Oats {m}",
                        json.dumps(["oats", "milk", "honey"]),
                        450,
                        18.5,
                        photo,
                        now - timedelta(days=100),
                    ]
                )
            for day in range(shape.days, 0, -1):
                for k in range(shape.logs_per_day):
                    created = now - timedelta(days=day, hours=rng.randrange(0, 12))
                    kind = ("meal", "training", "water")[k % 3]
                    from_meal = kind == "meal" and meal_id is not None and k == 0
                    # The old app copied the meal's photo into the log; here only the
                    # first log of each meal does, so the photo total stays as shaped.
                    copy_photo = from_meal and day == shape.days
                    logs.append(
                        [
                            ids("log"),
                            member_id,
                            created.date(),
                            kind,
                            450 if kind == "meal" else None,
                            18.5 if kind == "meal" else None,
                            meals[-1][6] if copy_photo else None,
                            meal_id if from_meal else None,
                            None,
                            created,
                        ]
                    )
            for week in range(0, shape.days, 7):
                checkins.append(
                    [
                        ids("chk"),
                        member_id,
                        80.0 - week / 10,
                        None,
                        now - timedelta(days=shape.days - week, hours=3),
                    ]
                )
            parts.append(
                [
                    ids("prt"),
                    challenge_id,
                    member_id,
                    15,
                    20,
                    2,
                    15,
                    10,
                    62,
                    2,
                    datetime.combine(date.today() - timedelta(days=1), time(0, 0)),
                    start,
                ]
            )

    if shape.dirt:
        _add_dirt(facts, members, staff, logs, checkins, parts, meals, ids, image, now)
    facts.logs, facts.checkins, facts.participants = len(logs), len(checkins), len(parts)

    with psycopg.connect(url) as conn:
        conn.execute(SCHEMA)
        for table, rows in [
            ("gyms", gyms),
            ("members", members),
            ("staff", staff),
            ("custom_meals", meals),
            ("daily_logs", logs),
            ("weekly_checkins", checkins),
            ("challenges", challenges),
            ("challenge_participants", parts),
        ]:
            _copy(conn, table, rows)
        _copy(conn, "ai_usage_daily", [(ids("aiu"), facts.members[0], date.today(), 3)])
        _copy(conn, "ai_response_cache", [(ids("aic"), "k1", "cached answer", now, now)])
    return facts


class _Image:
    """A data URL made only when written: a chain's worth of base64 never sits in memory."""

    def __init__(self, pictures: list[bytes], n: int) -> None:
        self.pictures, self.n = pictures, n

    def __str__(self) -> str:
        return _data_url(_unique(self.pictures[self.n % len(self.pictures)], f"row {self.n}"))


def _copy(conn: psycopg.Connection, table: str, rows: list) -> None:
    if not rows:
        return
    with conn.cursor() as cursor, cursor.copy(f"COPY {table} FROM STDIN") as copy:
        for row in rows:
            copy.write_row([str(v) if isinstance(v, _Image) else v for v in row])


def _add_dirt(facts, members, staff, logs, checkins, parts, meals, ids, image, now):
    """Every kind of dirt the schema file lists, each in a row the facts name."""
    first = members[0]
    # Two accounts whose emails differ only in case: the later one is skipped.
    twin = list(first)
    twin[0], twin[1] = ids("mem"), first[1] + "b"
    twin[3] = first[3].upper()
    twin[11] = first[11] + timedelta(days=1)
    twin[6] = None
    members.append(twin)
    facts.case_duplicate = twin[0]
    # Bare base64 (no data: prefix) with EXIF and GPS; truncated; not an image; empty.
    members[1][6] = str(image()).split(",", 1)[1]
    facts.bare_base64_member = members[1][0]
    facts.exif_avatar_member = members[0][0]
    truncated = str(image())
    members[2][6] = truncated[: len(truncated) // 2]
    members[3][6] = "data:image/png;base64," + base64.b64encode(b"not a picture").decode()
    members[4][6] = ""
    members[5][6] = "data:image/jpeg;base64,@@@not-base64@@@"
    for member in members[2:4] + members[5:6]:
        facts.invalid_images[member[0]] = "members"
    # A coach-set target outside the human range: the member comes, the target does not.
    members[6][8] = 50_000
    facts.bad_target_member = members[6][0]
    # A coach who also trains: linked to a member of the same gym.
    same_gym = [m for m in members if m[2] == staff[-1][1] and m is not twin]
    staff[-1][6] = same_gym[-1][0]
    facts.linked_staff = staff[-1][0]
    # A meal photo that is not an image.
    meals[0][6] = "data:image/jpeg;base64," + base64.b64encode(b"<html>oops</html>").decode()
    facts.invalid_images[meals[0][0]] = "custom_meals"
    # Logs: the server-clock bug, a backdated one, an unknown type, an orphan.
    member_id = first[0]
    late = now - timedelta(days=2)
    # 23:30 UTC is already the next day east of UTC (Berlin) and still the same day west.
    created = datetime.combine(late.date(), time(23, 30))
    facts.clock_bug_log = ids("log")
    logs.append(
        [
            facts.clock_bug_log,
            member_id,
            created.date(),
            "training",
            None,
            None,
            None,
            None,
            "late session",
            created,
        ]
    )
    facts.backdated_log = ids("log")
    logs.append(
        [
            facts.backdated_log,
            member_id,
            (now - timedelta(days=5)).date(),
            "water",
            None,
            None,
            None,
            None,
            None,
            now - timedelta(days=1),
        ]
    )
    facts.unknown_type_log = ids("log")
    logs.append(
        [
            facts.unknown_type_log,
            member_id,
            now.date(),
            "sleep",
            None,
            None,
            None,
            None,
            None,
            now - timedelta(hours=1),
        ]
    )
    facts.orphan_log = ids("log")
    logs.append(
        [
            facts.orphan_log,
            twin[0],
            now.date(),
            "water",
            None,
            None,
            None,
            None,
            None,
            now - timedelta(hours=2),
        ]
    )
    # A weight outside the human range.
    facts.bad_weight_checkin = ids("chk")
    checkins.append([facts.bad_weight_checkin, member_id, 4.2, "typo", now - timedelta(days=1)])
    # Totals corrupted by the old race: the parts are right, the total is not.
    parts[0][8] = parts[0][8] + 7
    parts[1][8] = 0
    facts.mismatch_participants = [parts[0][0], parts[1][0]]
    # A participant whose member was skipped, and one in another gym's challenge.
    orphan = [ids("prt"), parts[0][1], twin[0], *parts[0][3:]]
    facts.orphan_participant = orphan[0]
    parts.append(orphan)
    other = next((p[1] for p in parts if p[1] != parts[0][1]), None)
    if other is not None:  # needs a second gym
        other_gym = [ids("prt"), other, member_id, *parts[0][3:]]
        facts.cross_gym_participant = other_gym[0]
        parts.append(other_gym)
