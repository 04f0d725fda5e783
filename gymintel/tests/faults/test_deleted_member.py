"""A member deleted while their access token still lives (tokens are stateless, 15 min).

Reported by the member-API engineer: every write answered 500, because the insert's
foreign key to the member row fails only at COMMIT (Django's foreign keys are
DEFERRABLE INITIALLY DEFERRED on PostgreSQL). Transactional tests: the commit is real.
"""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection

from accounts.models import Member
from aicoach.tests.fake_anthropic import API_KEY, FakeAnthropicServer
from challenges.models import Participant
from challenges.tests.factories import ChallengeFactory
from conftest import client_for
from gymintel.db_errors import MEMBER_GONE, REFERENCE_GONE
from gymintel.tests.faults.servers import libpq, shared_test_db_url
from media_store.tests import samples
from members.models import CheckIn, DailyLog, SavedMeal
from members.tests.factories import SavedMealFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def orphan_client(member):
    """The member's client, after the member row (and all it owned) was deleted."""
    client = client_for(member.user)
    Member.objects.filter(pk=member.pk).delete()
    return client


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/logs/", {"type": "meal", "estimated_calories": 500}),
        ("/api/checkins/", {"weight": 80}),
        ("/api/member/meals/", {"name": "Oats"}),
    ],
)
def test_writes_answer_404_with_detail_and_save_nothing(orphan_client, path, body):
    response = orphan_client.post(path, body, format="json")

    assert response.status_code == 404, response.content
    assert response.json() == {"detail": MEMBER_GONE}
    assert not DailyLog.objects.exists()
    assert not CheckIn.objects.exists()
    assert not SavedMeal.objects.exists()


def test_joining_a_challenge_answers_404(gym, orphan_client):
    challenge = ChallengeFactory(gym=gym)

    response = orphan_client.post(f"/api/challenges/{challenge.pk}/join/")

    assert response.status_code == 404
    assert response.json() == {"detail": MEMBER_GONE}
    assert not Participant.objects.exists()


def test_the_other_member_endpoints_answer_4xx_not_500(orphan_client, settings):
    with FakeAnthropicServer() as fake:
        settings.ANTHROPIC_API_KEY = API_KEY
        settings.ANTHROPIC_BASE_URL = fake.url
        chat = orphan_client.post("/api/ai/chat/", {"message": "Hi"}, format="json")
    avatar = orphan_client.post(
        "/api/member/avatar/", {"image": samples.upload(samples.jpeg())}, format="multipart"
    )
    answers = {
        "profile": orphan_client.get("/api/member/profile/"),
        "profile patch": orphan_client.patch("/api/member/profile/", {"name": "X"}, format="json"),
        "delete log": orphan_client.delete("/api/logs/1/"),
        "chat": chat,
        "avatar": avatar,
    }

    assert {name: r.status_code for name, r in answers.items()} == dict.fromkeys(answers, 404)
    assert all(r.json()["detail"] for r in answers.values())
    assert fake.calls == 0  # no AI answer is paid for a member who is gone


def test_a_saved_meal_deleted_meanwhile_is_a_409_not_a_500(member, member_client):
    """The other face of the same fault: log_create checks the meal, then inserts; a
    meal deleted by another connection in between fails the foreign key at commit."""
    meal = SavedMealFactory(member=member)

    def delete_the_meal_first(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "members_dailylog"'):
            with psycopg.connect(libpq(shared_test_db_url()), autocommit=True) as other:
                other.execute("DELETE FROM members_savedmeal WHERE id = %s", [meal.pk])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(delete_the_meal_first):
        response = member_client.post(
            "/api/logs/", {"type": "meal", "meal_id": meal.pk}, format="json"
        )

    assert response.status_code == 409, response.content
    assert response.json() == {"detail": REFERENCE_GONE}
    assert not DailyLog.objects.exists()
