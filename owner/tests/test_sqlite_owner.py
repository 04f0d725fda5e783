"""The owner's figures on the embedded default (SQLite): the same hand-worked chain, the
same numbers as on PostgreSQL. scripts/test runs this with DATABASE_URL unset."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test import Client

from accounts.tests.factories import PASSWORD, OwnerFactory
from conftest import client_for
from gymintel.tests.support import require
from owner.tests.world import NOW, build_chain

pytestmark = [pytest.mark.sqlite, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _on_sqlite(db):
    require(
        connection.vendor == "sqlite",
        f"runs on the embedded SQLite default, not {connection.vendor}: unset DATABASE_URL",
    )


def test_the_owner_sees_the_chain_on_sqlite():
    chain = build_chain()
    with time_machine.travel(NOW, tick=False):
        owner = OwnerFactory()
        rows = client_for(owner).get("/api/owner/gyms/").json()["results"]
        page = Client()
        page.post("/accounts/login/", {"email": owner.email, "password": PASSWORD})
        html = page.get(f"/owner/gyms/{chain.venice.pk}/").content.decode()
    venice, ponsonby = rows
    assert venice["members"] == {"total": 3, "active_7d": 1, "needs_attention": 2}
    assert venice["logs_7d"] == {"meal": 7, "training": 1, "water": 1}
    assert (venice["checkins_7d"], venice["ai_answers_30d"]) == (2, 3)
    assert ponsonby["members"] == {"total": 1, "active_7d": 1, "needs_attention": 1}
    assert "Cole Venice" in html and "lapsed" in html
