"""The importer's pure rules: old dates made gym-local, base64 decoding, the mapping."""

from __future__ import annotations

import base64
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from legacy import mapping
from legacy.dates import day_of, log_date
from legacy.images import NotAnImage, decode

SYDNEY, LOS_ANGELES = ZoneInfo("Australia/Sydney"), ZoneInfo("America/Los_Angeles")


def test_a_server_clock_date_becomes_the_gym_local_date():
    # 21:00 UTC on the 2nd is 07:00 or 08:00 on the 3rd in Sydney: the old server wrote the 2nd.
    created = datetime(2026, 3, 2, 21, 0)
    assert log_date(day=date(2026, 3, 2), created_at=created, zone=SYDNEY) == date(2026, 3, 3)
    # 03:00 UTC on the 3rd is still the 2nd in Los Angeles.
    created = datetime(2026, 3, 3, 3, 0)
    assert log_date(day=date(2026, 3, 3), created_at=created, zone=LOS_ANGELES) == date(2026, 3, 2)


def test_a_date_the_member_chose_is_kept():
    created = datetime(2026, 3, 2, 21, 0)
    assert log_date(day=date(2026, 2, 27), created_at=created, zone=SYDNEY) == date(2026, 2, 27)


def test_a_last_active_day_at_midnight_utc_is_a_date_else_a_local_instant():
    assert day_of(datetime(2026, 3, 2), SYDNEY) == date(2026, 3, 2)
    assert day_of(datetime(2026, 3, 2, 21, 0), SYDNEY) == date(2026, 3, 3)
    assert day_of(None, SYDNEY) is None


@pytest.mark.parametrize(
    "text",
    [
        "data:image/jpeg;base64," + base64.b64encode(b"\xff\xd8 picture").decode(),
        base64.b64encode(b"\xff\xd8 picture").decode(),  # bare, as some rows are
        "  data:image/jpeg;base64,"
        + base64.b64encode(b"\xff\xd8 picture").decode().rstrip("=")
        + "\n",
    ],
)
def test_data_urls_and_bare_base64_decode_to_the_same_bytes(text):
    assert decode(text) == b"\xff\xd8 picture"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("data:image/jpeg;base64,@@@not-base64@@@", "not valid base64"),
        ("data:image/svg+xml,<svg/>", "not base64"),
    ],
)
def test_what_is_not_base64_says_so(text, why):
    with pytest.raises(NotAnImage, match=why):
        decode(text)


def test_a_mapping_file_overrides_only_what_it_names(tmp_path):
    file = tmp_path / "mapping.toml"
    file.write_text(
        '[tables.members]\ntable = "Member"\n[tables.members.columns]\nemail = "mail"\n'
    )
    tables = mapping.load(file)
    assert tables["members"].table == "Member"
    assert tables["members"].columns["email"] == "mail"
    assert tables["members"].columns["avatar"] == "avatarUrl"
    assert tables["daily_logs"] == mapping.load()["daily_logs"]


def test_a_mapping_file_naming_an_unknown_column_is_refused(tmp_path):
    file = tmp_path / "mapping.toml"
    file.write_text("[tables.members.columns]\nshoe_size = 'shoes'\n")
    with pytest.raises(ValueError, match="unknown columns for members: shoe_size"):
        mapping.load(file)


def test_missing_names_every_absent_table_and_column():
    tables = mapping.load()
    present = {t.table: set(t.columns.values()) for t in tables.values()}
    present["members"].discard("avatarUrl")
    del present["weekly_checkins"]
    assert mapping.missing(tables, present) == [
        "column members.avatarUrl (for members.avatar)",
        "table weekly_checkins (for weekly_checkins)",
    ]


def test_a_broken_mapping_file_is_refused_in_words(tmp_path):
    file = tmp_path / "mapping.toml"
    file.write_text("[tables.members\n")
    with pytest.raises(CommandError, match="--mapping: "):
        call_command("import_legacy", "--source", "postgresql://x/y", "--mapping", str(file))
