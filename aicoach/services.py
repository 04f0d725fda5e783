"""AI coach writes: answering a question within the daily quota, and pruning the cache.

Transactions: none is open while Claude is called (it can take seconds; a held row lock
or an idle-in-transaction connection would stall every other request of the member).
The quota is taken with one conditional UPDATE in autocommit and given back with
another if the call (or storing its answer) fails; the writes after the answer are one
short transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from aicoach.client import AIAnswer, ask_claude, get_client
from aicoach.models import AIResponseCache, AIUsage, ChatMessage
from aicoach.prompt import cache_key, normalize_question, system_prompt
from aicoach.selectors import ai_quota_for, cached_reply, chat_member, coach_context, daily_limit
from gymintel.clock import gym_today, next_local_midnight
from gymintel.errors import QuotaExceeded

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChatResult:
    reply: str
    remaining: int
    cached: bool


# --- Quota -----------------------------------------------------------------------------


def _take_one(*, member_id: int, day: date, limit: int) -> bool:
    # One statement: PostgreSQL locks the row, and a concurrent updater waits for the
    # lock and re-checks `used < limit` against the committed value. Never read-then-write.
    taken = AIUsage.objects.filter(member_id=member_id, date=day, used__lt=limit).update(
        used=F("used") + 1
    )
    return taken == 1


def quota_reserve(*, member_id: int, day: date, limit: int) -> bool:
    """Take one answer from the member's quota for `day`. True if taken.

    The common case (the row exists, quota left) is one UPDATE. Otherwise the row may be
    missing (first question of the day): create it with INSERT ... ON CONFLICT DO NOTHING,
    which tolerates a concurrent creator without an IntegrityError, and try once more.
    """
    if _take_one(member_id=member_id, day=day, limit=limit):
        return True
    AIUsage.objects.bulk_create([AIUsage(member_id=member_id, date=day)], ignore_conflicts=True)
    return _take_one(member_id=member_id, day=day, limit=limit)


def quota_release(*, member_id: int, day: date) -> None:
    """Give back a reservation whose answer never came (conditional, never below zero)."""
    AIUsage.objects.filter(member_id=member_id, date=day, used__gt=0).update(used=F("used") - 1)


def quota_refund(*, member_id: int, day: date) -> None:
    """quota_release for a failure path: never raises over the failure being handled."""
    try:
        quota_release(member_id=member_id, day=day)
    except DatabaseError:
        # Raising this would hide the original failure; the member loses one answer.
        log.exception("AI quota refund failed for member %s on %s", member_id, day)


def quota_used_up(*, limit: int, gym_tz: str) -> QuotaExceeded:
    """The 429 of every AI answer (chat, meal estimates): when the quota refills."""
    resets_at = next_local_midnight(gym_tz)
    return QuotaExceeded(
        f"You have used today's {limit} AI coach answers; the quota resets at midnight gym time.",
        retry_after=(resets_at - timezone.now()).total_seconds(),
        remaining=0,
        resets_at=resets_at,
    )


def usage_record(*, member_id: int, day: date, input_tokens: int, output_tokens: int) -> None:
    """Add an answer's tokens to the member's day (the owners' AI spend figures)."""
    AIUsage.objects.filter(member_id=member_id, date=day).update(
        input_tokens=F("input_tokens") + input_tokens,
        output_tokens=F("output_tokens") + output_tokens,
    )


# --- Chat ------------------------------------------------------------------------------


def _store_answer(
    *, member_id: int, day: date, message: str, key: str, answer: AIAnswer, now: datetime
) -> None:
    usage_record(
        member_id=member_id,
        day=day,
        input_tokens=answer.input_tokens,
        output_tokens=answer.output_tokens,
    )
    ChatMessage.objects.create(
        member_id=member_id,
        message=message,
        reply=answer.text,
        model=answer.model,
        input_tokens=answer.input_tokens,
        output_tokens=answer.output_tokens,
        created_at=now,
    )
    # Upsert: two members (or two taps) may have missed on the same key at once.
    AIResponseCache.objects.bulk_create(
        [
            AIResponseCache(
                key=key,
                question=normalize_question(message),
                reply=answer.text,
                model=answer.model,
                created_at=now,
                last_used_at=now,
                expires_at=now + timedelta(seconds=settings.AI_CACHE_TTL_SECONDS),
            )
        ],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["reply", "model", "last_used_at", "expires_at"],
    )


def _answer_from_cache(*, member_id: int, message: str, hit: AIResponseCache, now: datetime):
    AIResponseCache.objects.filter(pk=hit.pk).update(hits=F("hits") + 1, last_used_at=now)
    ChatMessage.objects.create(
        member_id=member_id,
        message=message,
        reply=hit.reply,
        model=hit.model,
        cached=True,
        created_at=now,
    )


def chat_reply(*, member_id: int, message: str) -> ChatResult:
    """Answer one question from the member's coach.

    Queries: the member (1), their context (2), the cache (1); then a hit costs 3 more
    (bump, history row, quota read) and a miss 5 (reserve; tokens, history row, cache
    upsert in one transaction, quota read), 7 on the day's first question. A failed
    call, or a failure storing its answer, refunds (1).
    """
    get_client()  # unconfigured: 503 before anything is read or reserved
    member = chat_member(member_id=member_id)
    tz = member.gym.timezone
    day = gym_today(tz)
    system = system_prompt(coach_context(member=member, today=day))
    key = cache_key(question=message, system=system, model=settings.AI_MODEL)
    now = timezone.now()

    hit = cached_reply(key=key, now=now)
    if hit is not None:
        _answer_from_cache(member_id=member_id, message=message, hit=hit, now=now)
        remaining = ai_quota_for(member=member, gym_tz=tz)["remaining"]
        return ChatResult(reply=hit.reply, remaining=remaining, cached=True)

    limit = daily_limit(subscription_status=member.subscription_status)
    if not quota_reserve(member_id=member_id, day=day, limit=limit):
        raise quota_used_up(limit=limit, gym_tz=tz)
    try:
        answer = ask_claude(system=system, message=message)
        # Tokens, history row and cache entry: all kept or none (a database fault here
        # must not leave tokens counted for an answer nobody received).
        with transaction.atomic():
            _store_answer(
                member_id=member_id,
                day=day,
                message=message,
                key=key,
                answer=answer,
                now=timezone.now(),
            )
    except BaseException:
        # Whatever went wrong (API error, timeout, the database, a bug), the member got
        # no answer: refund. (A database that is down may refuse the refund too.)
        quota_refund(member_id=member_id, day=day)
        raise
    remaining = ai_quota_for(member=member, gym_tz=tz)["remaining"]
    return ChatResult(reply=answer.text, remaining=remaining, cached=False)


# --- Cache pruning (Celery beat and manage.py prune_ai_cache; never in a request) -------


@dataclass
class PruneResult:
    expired: int = 0
    evicted: int = 0
    batches: int = 0


OnBatch = Callable[[str, int], None]


def _delete_in_batches(
    rows: QuerySet, *, order: str, batch_size: int, kind: str, result: PruneResult, on_batch
) -> int:
    """Delete `rows` by primary keys, `batch_size` at a time (a sliced queryset cannot
    delete, and one huge DELETE would hold its locks and bloat WAL in one go)."""
    total = 0
    while True:
        ids = list(rows.order_by(order).values_list("pk", flat=True)[:batch_size])
        if not ids:
            return total
        # Re-applying the condition keeps an entry refreshed since it was selected.
        deleted, _ = rows.filter(pk__in=ids).delete()
        total += deleted
        result.batches += 1
        if on_batch:
            on_batch(kind, deleted)
        if len(ids) < batch_size:
            return total


def prune_response_cache(
    *,
    now: datetime | None = None,
    max_entries: int | None = None,
    batch_size: int | None = None,
    on_batch: OnBatch | None = None,
) -> PruneResult:
    """Delete expired entries, then the least recently used beyond `max_entries`.

    Idempotent: a second run (or a concurrent one) finds nothing more to delete, because
    both steps select by a condition (expired; used no later than the cutoff entry)
    rather than by a count computed up front.
    """
    now = now or timezone.now()
    max_entries = settings.AI_CACHE_MAX_ENTRIES if max_entries is None else max_entries
    batch_size = batch_size or settings.AI_CACHE_PRUNE_BATCH
    result = PruneResult()
    batches = {"batch_size": batch_size, "result": result, "on_batch": on_batch}

    expired = AIResponseCache.objects.filter(expires_at__lte=now)
    result.expired = _delete_in_batches(expired, order="expires_at", kind="expired", **batches)

    # The newest entry past the cap: it and everything used no later go (index aicache_last_used).
    past_cap = list(
        AIResponseCache.objects.order_by("-last_used_at").values_list("last_used_at", flat=True)[
            max_entries : max_entries + 1
        ]
    )
    if past_cap:
        stale = AIResponseCache.objects.filter(last_used_at__lte=past_cap[0])
        result.evicted = _delete_in_batches(
            stale, order="last_used_at", kind="least recently used", **batches
        )
    log.info(
        "AI cache pruned: %d expired, %d least recently used, %d batches",
        result.expired,
        result.evicted,
        result.batches,
    )
    return result
