"""Small helpers shared by the AI coach tests."""

from __future__ import annotations

from datetime import datetime

from aicoach.models import AIUsage
from gymintel.clock import gym_today

CHAT = "/api/ai/chat/"
HISTORY = "/api/ai/history/"


def ask(client, message: str):
    return client.post(CHAT, {"message": message}, format="json")


def used_today(member) -> int:
    row = AIUsage.objects.filter(member=member, date=gym_today(member.gym.timezone)).first()
    return row.used if row else 0


def set_used_today(member, used: int) -> AIUsage:
    row, _ = AIUsage.objects.update_or_create(
        member=member, date=gym_today(member.gym.timezone), defaults={"used": used}
    )
    return row


def parse_instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
