"""RULE_FIELDS and STANDING_FIELDS are the one list of those columns, next to the
models: a column added to the model without them (or the reverse) fails here."""

from __future__ import annotations

import pytest

from challenges.models import RULE_FIELDS, STANDING_FIELDS, Challenge, Participant
from gym_admin.forms import ChallengeForm


def _columns(model, *, besides: set[str]) -> set[str]:
    return {f.name for f in model._meta.concrete_fields} - besides


def test_rule_fields_are_the_challenge_columns_that_are_rules():
    window = {"id", "gym", "name", "starts_on", "ends_on", "created_at"}
    assert set(RULE_FIELDS) == _columns(Challenge, besides=window)
    assert len(RULE_FIELDS) == len(set(RULE_FIELDS))


def test_standing_fields_are_the_participant_columns_kept_in_step_with_the_ledger():
    identity = {"id", "challenge", "member", "joined_at"}
    assert set(STANDING_FIELDS) == _columns(Participant, besides=identity)


@pytest.mark.django_db  # the form checks the CHECK constraints with a query
def test_the_staff_form_edits_exactly_the_rule_fields():
    form = ChallengeForm()
    assert [name for name in form.fields if name in RULE_FIELDS] == list(RULE_FIELDS)
    rules = dict.fromkeys(RULE_FIELDS, 1)
    bound = ChallengeForm(
        {"name": "C", "starts_on": "2026-01-01", "ends_on": "2026-01-02", **rules}
    )
    assert bound.is_valid(), bound.errors
    assert bound.rules == rules
