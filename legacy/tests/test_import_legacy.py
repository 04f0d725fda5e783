"""import_legacy end to end against a generated old database full of dirt."""

from __future__ import annotations

import io
from datetime import UTC, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hasher
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image
from rest_framework.test import APIClient

from accounts.models import Gym, Member, Staff, User
from challenges.models import Challenge, Participant
from challenges.selectors import discrepancies
from coaching.models import CoachAssignment
from legacy import mapping
from legacy.models import ImportedRow
from legacy.source import Source
from legacy.steps.history import LogsStep
from legacy.tests.helpers import counts, run, snapshot
from legacy.tests.legacy_db import PASSWORD, STAFF_PASSWORD
from media_store.selectors import avatar_url
from members.models import CheckIn, DailyLog, SavedMeal

pytestmark = pytest.mark.django_db(transaction=True)


def _skipped(report: dict, table: str) -> dict[str, str]:
    return {row["id"]: row["reason"] for row in report["tables"][table]["skipped_rows"]}


def _new_id(table: str, old: str) -> int | None:
    row = ImportedRow.objects.filter(source_table=table, old_id=old).first()
    return row.new_id if row else None


def test_a_real_run_brings_everything_over_and_reports_the_dirt(legacy, tmp_path):
    url, facts = legacy
    report = run(url, facts, tmp_path, workers=1)  # one worker process: the pool path

    members = report["tables"]["members"]
    assert members["read"] == len(facts.members) + 1
    assert members["imported"] == len(facts.members)
    assert "letter case" in _skipped(report, "members")[facts.case_duplicate]
    assert Member.objects.count() == len(facts.members)
    assert Gym.objects.count() == len(facts.gym_zones)
    assert set(Gym.objects.values_list("timezone", flat=True)) == set(facts.gym_zones.values())
    # Emails lowercased; the coach-set target out of range left unset, with a note.
    assert not User.objects.filter(email__regex=r"[A-Z]").exists()
    odd = Member.objects.get(pk=_new_id("members", facts.bad_target_member))
    assert odd.calorie_target is None and odd.protein_target is not None
    # Staff with roles, the coach who trains linked to their member, members assigned.
    assert Staff.objects.count() == 2 * len(facts.gym_zones)
    linked = Staff.objects.get(pk=_new_id("staff", facts.linked_staff))
    assert linked.linked_member_id is not None
    assert CoachAssignment.objects.count() == len(facts.members)

    # Logs: the unknown type and the orphan skipped with reasons, the rest in.
    logs = _skipped(report, "daily_logs")
    assert "unknown log type" in logs[facts.unknown_type_log]
    assert "not imported" in logs[facts.orphan_log]
    assert DailyLog.objects.count() == facts.logs - 2
    weights = _skipped(report, "weekly_checkins")
    assert "human range" in weights[facts.bad_weight_checkin]
    assert CheckIn.objects.count() == facts.checkins - 1
    assert SavedMeal.objects.count() == report["tables"]["custom_meals"]["read"]

    # Images: the broken ones reported with their rows; those rows came over without.
    invalid = {(i["table"], i["id"]) for i in report["images"]["invalid"]}
    assert invalid == {(t, old) for old, t in facts.invalid_images.items()}
    for old in facts.invalid_images:
        if facts.invalid_images[old] == "members":
            assert Member.objects.get(pk=_new_id("members", old)).avatar_key == ""
    assert report["images"]["stored"] > 0

    # Standings: totals are the sums; the old wrong totals listed; the audit is clean.
    listed = {m["participant"] for m in report["standings_mismatches"]}
    assert listed == set(facts.mismatch_participants)
    parts = _skipped(report, "challenge_participants")
    assert "not imported" in parts[facts.orphan_participant]
    assert "another gym" in parts[facts.cross_gym_participant]
    assert Participant.objects.count() == facts.participants - 2
    assert report["audit"]["discrepancies"] == 0
    ids = list(Participant.objects.values_list("pk", flat=True))
    assert discrepancies(participant_ids=ids) == []
    call_command("audit_points", stdout=io.StringIO())  # exits 1 on any difference

    assert report["not_carried_over"] == {"ai_usage_daily": 1, "ai_response_cache": 1}


def test_the_server_clock_date_becomes_the_gyms_local_date(legacy, tmp_path):
    url, facts = legacy
    run(url, facts, tmp_path)
    bug = DailyLog.objects.get(pk=_new_id("daily_logs", facts.clock_bug_log))
    assert next(iter(facts.gym_zones.values())) == "Europe/Berlin"  # the log's gym
    # Made at 23:30 UTC and dated that UTC day: it is 00:30 or 01:30 the next day in Berlin.
    assert bug.created_at.astimezone(UTC).time() == time(23, 30)
    assert bug.date == bug.created_at.astimezone(UTC).date() + timedelta(days=1)
    backdated = DailyLog.objects.get(pk=_new_id("daily_logs", facts.backdated_log))
    assert backdated.date < backdated.created_at.date()


def test_check_ins_and_challenge_windows_take_gym_local_dates(legacy, tmp_path):
    url, facts = legacy
    run(url, facts, tmp_path)
    for checkin in CheckIn.objects.select_related("member__gym"):
        zone = ZoneInfo(checkin.member.gym.timezone)
        assert checkin.date == checkin.created_at.astimezone(zone).date()
    # The old windows start at 00:00 UTC: still the day before in Los Angeles.
    la = Challenge.objects.get(gym__timezone="America/Los_Angeles")
    berlin = Challenge.objects.get(gym__timezone="Europe/Berlin")
    assert la.starts_on == berlin.starts_on - timedelta(days=1)
    assert (la.ends_on - la.starts_on).days == 60


def test_no_base64_is_left_in_our_database(legacy, tmp_path):
    url, facts = legacy
    run(url, facts, tmp_path)
    with connection.cursor() as cursor:
        for table, column in [
            ("accounts_gym", "logo_key"),
            ("accounts_member", "avatar_key"),
            ("members_savedmeal", "photo_key"),
            ("members_dailylog", "photo_key"),
        ]:
            cursor.execute(
                f"SELECT count(*) FROM {table} WHERE {column} LIKE 'data:%%' "  # noqa: S608
                f"OR length({column}) > 255 OR {column} LIKE '%%base64%%'"
            )
            assert cursor.fetchone()[0] == 0, table
    keys = set(Member.objects.exclude(avatar_key="").values_list("avatar_key", flat=True))
    assert keys and all(k.startswith("avatars/") for k in keys)


def test_old_passwords_sign_in_and_are_then_rehashed_with_ours(legacy, tmp_path):
    url, facts = legacy
    run(url, facts, tmp_path)
    client = APIClient()
    for email, password in [("member0-0@old.gym", PASSWORD), ("member0-1@old.gym", PASSWORD)]:
        before = User.objects.get(email=email).password
        assert before.startswith(("bcrypt$$2a$", "bcrypt$$2b$"))
        response = client.post(
            "/api/auth/token/", {"email": email, "password": password}, format="json"
        )
        assert response.status_code == 200, response.content
        # Re-hashed with our default hasher at this first sign-in.
        after = User.objects.get(email=email).password
        assert after.startswith(get_hasher("default").algorithm + "$")
    wrong = client.post(
        "/api/auth/token/", {"email": "member0-2@old.gym", "password": "nope"}, format="json"
    )
    assert wrong.status_code == 401
    staff = client.post(
        "/api/auth/token/", {"email": "coach0-1@old.gym", "password": STAFF_PASSWORD}, format="json"
    )
    assert staff.status_code == 200


def test_imported_images_are_served_without_exif_or_gps(legacy, tmp_path, client):
    url, facts = legacy
    run(url, facts, tmp_path)
    for old in (facts.exif_avatar_member, facts.bare_base64_member):
        member = Member.objects.get(pk=_new_id("members", old))
        assert member.avatar_key
        response = client.get(avatar_url(member.avatar_key, size="large"))
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        picture = Image.open(io.BytesIO(body))
        assert picture.format == "JPEG"
        assert dict(picture.getexif()) == {}
        assert b"PhoneMaker" not in body and b"GPS" not in body


def test_a_dry_run_writes_nothing_and_reports_what_a_real_run_would(legacy, tmp_path):
    url, facts = legacy
    before = counts()
    media = set(Path(settings.MEDIA_ROOT).rglob("*"))
    dry = run(url, facts, tmp_path, "--dry-run")
    assert dry["dry_run"] is True
    assert counts() == before
    assert set(Path(settings.MEDIA_ROOT).rglob("*")) == media
    real = run(url, facts, tmp_path)
    for table, c in real["tables"].items():
        assert (dry["tables"][table]["imported"], dry["tables"][table]["skipped"]) == (
            c["imported"],
            c["skipped"],
        ), table


def test_a_second_run_imports_nothing_and_changes_nothing(legacy, tmp_path):
    url, facts = legacy
    run(url, facts, tmp_path)
    before = snapshot()
    again = run(url, facts, tmp_path)
    assert snapshot() == before
    for table, c in again["tables"].items():
        assert c["imported"] == 0, table
        assert c["already_imported"] + c["skipped"] == c["read"], table


def test_an_interrupted_run_resumes_where_it_stopped(legacy, tmp_path, monkeypatch):
    url, facts = legacy
    original = LogsStep.run
    calls = {"n": 0}

    def crash_on_the_third_batch(self, rows):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return original(self, rows)

    monkeypatch.setattr(LogsStep, "batch_size", 40)
    monkeypatch.setattr(LogsStep, "run", crash_on_the_third_batch)
    with pytest.raises(KeyboardInterrupt):
        run(url, facts, tmp_path)
    assert DailyLog.objects.count() == 80  # two whole batches, nothing of the third
    assert Participant.objects.count() == 0

    monkeypatch.setattr(LogsStep, "run", original)
    resumed = run(url, facts, tmp_path)
    assert resumed["tables"]["daily_logs"]["already_imported"] == 80
    assert DailyLog.objects.count() == facts.logs - 2
    assert ImportedRow.objects.filter(source_table="daily_logs").count() == facts.logs - 2
    assert resumed["audit"]["discrepancies"] == 0


def test_a_source_missing_a_column_is_reported_before_anything_is_written(legacy, tmp_path):
    url, facts = legacy
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[tables.members.columns]\navatar = "avatar_url"\n')
    report = run(url, facts, tmp_path, "--mapping", str(mapping))
    assert report["missing"] == ["column members.avatar_url (for members.avatar)"]
    assert counts()["accounts.Member"] == 0 and counts()["accounts.Gym"] == 0


def test_an_unreadable_source_exits_non_zero(db):
    with pytest.raises(CommandError) as exc:
        call_command(
            "import_legacy",
            "--source",
            "postgresql://nobody:wrong@127.0.0.1:1/none",
            verbosity=0,
            stdout=io.StringIO(),
        )
    assert exc.value.returncode == 2
    assert "cannot open the source database" in str(exc.value)


def test_the_source_is_read_in_one_read_only_snapshot(legacy):
    url, _ = legacy
    source = Source(url)
    cache = mapping.load()["ai_response_cache"]
    try:
        before = source.count(cache)
        with psycopg.connect(url, autocommit=True) as other:
            other.execute(
                "INSERT INTO ai_response_cache (id, key, response) VALUES ('late', 'late', 'x')"
            )
            try:
                assert source.count(cache) == before  # a row committed later is not seen
            finally:
                other.execute("DELETE FROM ai_response_cache WHERE id = 'late'")
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            source.conn.execute("DELETE FROM ai_response_cache")
    finally:
        source.close()


def test_the_report_is_printed_as_a_table_with_reasons(legacy, tmp_path):
    url, facts = legacy
    out = io.StringIO()
    zones = [f"--gym-timezone={old}={zone}" for old, zone in facts.gym_zones.items()]
    call_command("import_legacy", "--source", url, "--workers", "0", *zones, stdout=out)
    printed = out.getvalue()
    assert "table                        read  imported  already  skipped" in printed
    assert "weekly_checkins: weight ... kg outside the human range ... to ... (1)" in printed
    assert "audit_points: 0 discrepancies" in printed


def test_a_member_deleted_here_between_runs_is_not_brought_back(legacy, tmp_path):
    url, facts = legacy
    run(url, facts, tmp_path)
    gone = _new_id("members", facts.members[5])  # one without a case twin
    User.objects.filter(member__pk=gone).delete()  # the member and all they owned
    before = snapshot()
    again = run(url, facts, tmp_path)
    assert snapshot() == before
    assert not Member.objects.filter(pk=gone).exists()
    assert all(c["imported"] == 0 for c in again["tables"].values())
    logs = again["tables"]["daily_logs"]["skipped_rows"]
    assert any("deleted here since" in row["reason"] for row in logs)
