"""The one place GymIntel talks to Claude: the official `anthropic` SDK's Messages API.

One client per process (per configuration), so HTTP connections to the API are reused
across requests; the cache key holds every setting the client is built from, so a
changed key, base URL, timeout or retry count (tests, a rotated key) builds a new one.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from typing import Any

import anthropic
from django.conf import settings

from gymintel.errors import ServiceUnavailable

log = logging.getLogger(__name__)


class AINotConfigured(ServiceUnavailable):
    default_detail = (
        "The AI coach is not configured on this server (no ANTHROPIC_API_KEY); try again later."
    )


class AIUnavailable(ServiceUnavailable):
    default_detail = (
        "The AI coach is unavailable right now; your quota was not used. Try again shortly."
    )


@dataclass(frozen=True)
class AIAnswer:
    text: str
    model: str
    input_tokens: int
    output_tokens: int


@dataclass(frozen=True)
class AIToolAnswer:
    input: Any  # the tool_use block's input: shaped by the tool's schema, still unchecked
    model: str
    input_tokens: int
    output_tokens: int


def _drop_retry_after(response) -> None:
    # The SDK obeys retry-after without a cap: an overloaded API saying
    # "retry in 60 s" would park a request thread for a minute. Dropping the header
    # makes the SDK use its own short backoff (0.5 s for our single retry).
    for name in ("retry-after", "retry-after-ms"):
        if name in response.headers:
            del response.headers[name]


@functools.lru_cache(maxsize=4)
def _client(
    api_key: str, base_url: str | None, timeout: float, max_retries: int
) -> anthropic.Anthropic:
    return anthropic.Anthropic(
        api_key=api_key,
        base_url=base_url,  # None: the SDK reads ANTHROPIC_BASE_URL, then its default
        timeout=timeout,
        max_retries=max_retries,
        http_client=anthropic.DefaultHttpxClient(event_hooks={"response": [_drop_retry_after]}),
    )


def is_configured() -> bool:
    return bool(settings.ANTHROPIC_API_KEY)


def get_client() -> anthropic.Anthropic:
    if not is_configured():
        raise AINotConfigured()
    return _client(
        settings.ANTHROPIC_API_KEY,
        settings.ANTHROPIC_BASE_URL,
        float(settings.AI_TIMEOUT_SECONDS),
        int(settings.AI_MAX_RETRIES),
    )


def _create(**params: Any):
    """One Messages API call. Any API, connection or timeout error becomes AIUnavailable."""
    client = get_client()
    try:
        return client.messages.create(model=settings.AI_MODEL, **params)
    except anthropic.APIError as exc:
        status = getattr(exc, "status_code", None)
        log.warning("AI call failed: %s (status %s)", type(exc).__name__, status)
        raise AIUnavailable() from exc


def ask_claude(*, system: str, message: str) -> AIAnswer:
    """A question in words, answered in words (the chat)."""
    response = _create(
        max_tokens=settings.AI_MAX_TOKENS,
        system=system,
        messages=[{"role": "user", "content": message}],
    )
    text = "".join(block.text for block in response.content if block.type == "text").strip()
    if not text:
        log.warning("AI call returned no text (stop_reason %s)", response.stop_reason)
        raise AIUnavailable()
    return AIAnswer(
        text=text,
        model=response.model or settings.AI_MODEL,
        input_tokens=response.usage.input_tokens,
        output_tokens=response.usage.output_tokens,
    )


def ask_claude_tool(
    *, system: str, content: list[dict[str, Any]], tool: dict[str, Any], max_tokens: int
) -> AIToolAnswer:
    """One call that must answer through `tool` (forced with tool_choice): `content` is
    the user message's blocks (text, image). No tool_use block for it: AIUnavailable."""
    response = _create(
        max_tokens=max_tokens,
        system=system,
        messages=[{"role": "user", "content": content}],
        tools=[tool],
        tool_choice={"type": "tool", "name": tool["name"]},
    )
    used = [b for b in response.content if b.type == "tool_use" and b.name == tool["name"]]
    if not used:
        log.warning(
            "AI call answered without the %s tool (stop_reason %s)",
            tool["name"],
            response.stop_reason,
        )
        raise AIUnavailable()
    return AIToolAnswer(
        input=used[0].input,
        model=response.model or settings.AI_MODEL,
        input_tokens=response.usage.input_tokens,
        output_tokens=response.usage.output_tokens,
    )
