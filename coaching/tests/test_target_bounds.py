"""A coach's daily targets: the bounds live in accounts.models and are enforced by the
service (in words), shown by the page, and refused again by the database."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from accounts.models import (
    CALORIE_TARGET_MAX,
    CALORIE_TARGET_MIN,
    PROTEIN_TARGET_MAX,
    PROTEIN_TARGET_MIN,
    Member,
)
from coaching import services
from coaching.forms import TargetsForm
from coaching.tests.helpers import staff_login
from gymintel.errors import InvalidInput

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kcal", [1, 20_000])
def test_the_service_refuses_calories_out_of_range_naming_the_bounds(member, kcal):
    with pytest.raises(InvalidInput) as refused:
        services.set_targets(member=member, calorie_target=kcal, protein_target=None)
    assert f"{CALORIE_TARGET_MIN:,}" in refused.value.detail
    assert f"{CALORIE_TARGET_MAX:,}" in refused.value.detail
    member.refresh_from_db()
    assert member.calorie_target is None


@pytest.mark.parametrize("grams", [PROTEIN_TARGET_MIN - 1, PROTEIN_TARGET_MAX + 1])
def test_the_service_refuses_protein_out_of_range(member, grams):
    with pytest.raises(InvalidInput, match=f"between {PROTEIN_TARGET_MIN}"):
        services.set_targets(member=member, calorie_target=None, protein_target=grams)


def test_the_service_takes_the_bounds_themselves(member):
    services.set_targets(
        member=member, calorie_target=CALORIE_TARGET_MIN, protein_target=PROTEIN_TARGET_MAX
    )
    member.refresh_from_db()
    assert (member.calorie_target, member.protein_target) == (
        CALORIE_TARGET_MIN,
        PROTEIN_TARGET_MAX,
    )


def test_the_form_reads_the_same_bounds():
    fields = TargetsForm().fields
    assert (fields["calorie_target"].min_value, fields["calorie_target"].max_value) == (
        CALORIE_TARGET_MIN,
        CALORIE_TARGET_MAX,
    )
    assert (fields["protein_target"].min_value, fields["protein_target"].max_value) == (
        PROTEIN_TARGET_MIN,
        PROTEIN_TARGET_MAX,
    )


def test_the_page_shows_the_error_for_1_kcal(coach, assigned_member):
    page = staff_login(Client(), coach)
    response = page.post(f"/coach/members/{assigned_member.pk}/targets/", {"calorie_target": "1"})
    assert response.status_code == 400
    assert f"greater than or equal to {CALORIE_TARGET_MIN}" in response.content.decode()
    assigned_member.refresh_from_db()
    assert assigned_member.calorie_target is None


@pytest.mark.parametrize(
    "change",
    [
        {"calorie_target": CALORIE_TARGET_MIN - 1},
        {"calorie_target": CALORIE_TARGET_MAX + 1},
        {"protein_target": PROTEIN_TARGET_MIN - 1},
        {"protein_target": PROTEIN_TARGET_MAX + 1},
    ],
)
def test_the_database_refuses_a_direct_update_past_either_bound(member, change):
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.filter(pk=member.pk).update(**change)
