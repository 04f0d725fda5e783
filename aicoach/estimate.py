"""Meal estimates from a photo: Claude reads it, the daily quota pays, the cache remembers.

The chat's rules (aicoach.services): an unconfigured client answers 503 before anything
is read; one answer is reserved from the day's quota before Claude is called and given
back when the call or its answer fails; no transaction is open during the call. Only a
re-encoded, EXIF-free copy of at most ESTIMATE_SIDE px is sent (media_store), never the
upload. Nothing is logged here: the member corrects the estimate and saves the meal.

Queries: the member, the cache; then a hit bumps the entry and reads the quota (4 in
all); a miss reserves, stores the tokens and the cache entry in one transaction, and
reads the quota (8 in all, counting the transaction's savepoint and release); the day's
first answer also creates its usage row (+2). A failure refunds (+1).
"""

from __future__ import annotations

import base64
import json
import logging
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from aicoach.client import AIUnavailable, ask_claude_tool, get_client
from aicoach.models import AIResponseCache
from aicoach.prompt import (
    MEAL_DESCRIPTION_MAX,
    MEAL_ESTIMATE_SYSTEM,
    MEAL_MAX_CALORIES,
    MEAL_MAX_PROTEIN,
    MEAL_TOOL,
    meal_estimate_cache_key,
    meal_note_text,
)
from aicoach.selectors import ai_quota_for, cached_reply, chat_member, daily_limit
from aicoach.services import quota_refund, quota_reserve, quota_used_up, usage_record
from gymintel.clock import gym_today
from media_store.images import Copy
from media_store.services import downscaled_copy

log = logging.getLogger(__name__)

# Claude's vision is well served at about 1 Mpx; a bigger picture costs more input tokens
# and reads no better. JPEG at media_store's quality: ~100-200 KB, far under the API's 5 MB.
ESTIMATE_SIDE = 1024
ESTIMATE_MAX_TOKENS = 300  # one tool call of three short fields
NOTE_MAX_CHARS = 500
TENTH = Decimal("0.1")


class AIAnswerUnusable(AIUnavailable):
    default_detail = (
        "The AI coach could not make sense of this photo; your quota was not used. Try "
        "again, or enter the meal yourself."
    )


@dataclass(frozen=True)
class MealEstimate:
    description: str
    estimated_calories: int
    estimated_protein: Decimal


@dataclass(frozen=True)
class EstimateResult:
    estimate: MealEstimate
    remaining: int
    cached: bool


def _number(value: Any) -> float | None:
    # bool is an int in Python, and NaN/inf pass range checks by accident: neither counts.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def parse_estimate(raw: Any) -> MealEstimate:
    """The tool's input, checked: a model can still break its schema. AIAnswerUnusable."""
    if not isinstance(raw, dict):
        raise AIAnswerUnusable()
    description = raw.get("description")
    calories = _number(raw.get("estimated_calories"))
    protein = _number(raw.get("estimated_protein"))
    description = " ".join(description.split()) if isinstance(description, str) else ""
    if not 0 < len(description) <= MEAL_DESCRIPTION_MAX:
        raise AIAnswerUnusable()
    if calories is None or not calories.is_integer() or not 0 <= calories <= MEAL_MAX_CALORIES:
        raise AIAnswerUnusable()
    if protein is None or not 0 <= protein <= MEAL_MAX_PROTEIN:
        raise AIAnswerUnusable()
    return MealEstimate(
        description=description,
        estimated_calories=int(calories),
        estimated_protein=Decimal(str(protein)).quantize(TENTH, rounding=ROUND_HALF_UP),
    )


def _content(*, jpeg: bytes, note: str) -> list[dict[str, Any]]:
    image = base64.b64encode(jpeg).decode("ascii")
    return [
        {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": image}},
        {"type": "text", "text": meal_note_text(note)},
    ]


def _cached(hit: AIResponseCache) -> MealEstimate | None:
    try:
        return parse_estimate(json.loads(hit.reply))
    except (ValueError, AIAnswerUnusable):  # an entry we cannot read is a miss
        log.warning("unreadable meal estimate in the AI cache (entry %s)", hit.pk)
        return None


def _remember(
    *, key: str, note: str, digest: str, estimate: MealEstimate, model: str, now: datetime
):
    reply = json.dumps(
        {
            "description": estimate.description,
            "estimated_calories": estimate.estimated_calories,
            "estimated_protein": float(estimate.estimated_protein),
        }
    )
    # Upsert: two members (or two taps) may have sent the same photo at once.
    AIResponseCache.objects.bulk_create(
        [
            AIResponseCache(
                key=key,
                question=f"[meal photo {digest[:16]}] {meal_note_text(note)}",
                reply=reply,
                model=model,
                created_at=now,
                last_used_at=now,
                expires_at=now + timedelta(seconds=settings.AI_CACHE_TTL_SECONDS),
            )
        ],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["reply", "model", "last_used_at", "expires_at"],
    )


def _ask(*, member_id: int, day: date, key: str, note: str, copy: Copy) -> MealEstimate:
    answer = ask_claude_tool(
        system=MEAL_ESTIMATE_SYSTEM,
        content=_content(jpeg=copy.data, note=note),
        tool=MEAL_TOOL,
        max_tokens=ESTIMATE_MAX_TOKENS,
    )
    estimate = parse_estimate(answer.input)
    # Tokens and cache entry: both kept or neither (the quota is refunded on failure).
    with transaction.atomic():
        usage_record(
            member_id=member_id,
            day=day,
            input_tokens=answer.input_tokens,
            output_tokens=answer.output_tokens,
        )
        _remember(
            key=key,
            note=note,
            digest=copy.digest,
            estimate=estimate,
            model=answer.model,
            now=timezone.now(),
        )
    return estimate


def meal_estimate(*, member_id: int, photo: File, note: str = "") -> EstimateResult:
    """Estimate the meal in `photo` (and `note`) for the member; nothing is logged."""
    get_client()  # unconfigured: 503 before anything is read or reserved
    member = chat_member(member_id=member_id)
    tz = member.gym.timezone
    copy = downscaled_copy(upload=photo, side=ESTIMATE_SIDE)  # 400/413 before any quota
    key = meal_estimate_cache_key(image_digest=copy.digest, note=note, model=settings.AI_MODEL)
    now = timezone.now()

    hit = cached_reply(key=key, now=now)
    estimate = _cached(hit) if hit is not None else None
    if estimate is not None:
        AIResponseCache.objects.filter(pk=hit.pk).update(hits=F("hits") + 1, last_used_at=now)
        remaining = ai_quota_for(member=member, gym_tz=tz)["remaining"]
        return EstimateResult(estimate=estimate, remaining=remaining, cached=True)

    day = gym_today(tz)
    limit = daily_limit(subscription_status=member.subscription_status)
    if not quota_reserve(member_id=member_id, day=day, limit=limit):
        raise quota_used_up(limit=limit, gym_tz=tz)
    try:
        estimate = _ask(member_id=member_id, day=day, key=key, note=note, copy=copy)
    except BaseException:
        # The member got no estimate (API down, nonsense, the database): refund.
        quota_refund(member_id=member_id, day=day)
        raise
    remaining = ai_quota_for(member=member, gym_tz=tz)["remaining"]
    return EstimateResult(estimate=estimate, remaining=remaining, cached=False)
