"""The fake Messages API refuses what the real one refuses, so a client bug surfaces in
the tests: spoken to with the real SDK, as the app speaks to it."""

from __future__ import annotations

import base64

import anthropic
import pytest

from aicoach.tests.fake_anthropic import API_KEY
from media_store.tests import samples

TOOL = {
    "name": "record_meal_estimate",
    "description": "Record it.",
    "input_schema": {"type": "object", "properties": {"description": {"type": "string"}}},
}


@pytest.fixture
def sdk(fake_anthropic) -> anthropic.Anthropic:
    return anthropic.Anthropic(api_key=API_KEY, base_url=fake_anthropic.url, max_retries=0)


def image_block(data: bytes, media_type: str = "image/jpeg", encoded: str | None = None) -> dict:
    payload = encoded if encoded is not None else base64.b64encode(data).decode()
    return {
        "type": "image",
        "source": {"type": "base64", "media_type": media_type, "data": payload},
    }


def ask(sdk, content, **extra):
    return sdk.messages.create(
        model="claude-test",
        max_tokens=100,
        messages=[{"role": "user", "content": content}],
        **extra,
    )


def test_a_forced_tool_is_answered_with_a_tool_use_block(sdk, fake_anthropic):
    fake_anthropic.tool_input = {"description": "Soup"}
    content = [image_block(samples.jpeg()), {"type": "text", "text": "What is this?"}]

    message = ask(sdk, content, tools=[TOOL], tool_choice={"type": "tool", "name": TOOL["name"]})

    [block] = message.content
    assert (block.type, block.name, block.input) == (
        "tool_use",
        TOOL["name"],
        {"description": "Soup"},
    )
    assert message.stop_reason == "tool_use"


def test_without_a_forced_tool_the_answer_is_text(sdk):
    assert ask(sdk, "Hello").content[0].type == "text"


@pytest.mark.parametrize(
    ("label", "content", "extra", "says"),
    [
        (
            "a forced tool that is not among the tools",
            "Hi",
            {"tools": [TOOL], "tool_choice": {"type": "tool", "name": "other_tool"}},
            "no tool named",
        ),
        (
            "a forced tool and no tools",
            "Hi",
            {"tool_choice": {"type": "tool", "name": "x"}},
            "tool",
        ),
        (
            "a tool name with spaces",
            "Hi",
            {"tools": [{**TOOL, "name": "record meal"}]},
            "pattern",
        ),
        (
            "a tool schema that is not an object",
            "Hi",
            {"tools": [{**TOOL, "input_schema": {"type": "string"}}]},
            "input_schema",
        ),
        ("an image as BMP", [image_block(b"BM....", "image/bmp")], {}, "media_type"),
        ("an image that is not base64", [image_block(b"", encoded="@@not base64@@")], {}, "base64"),
        (
            "a PNG declared as JPEG",
            [image_block(samples.png(), "image/jpeg")],
            {},
            "does not match",
        ),
        ("an empty content list", [], {}, "content"),
        ("an unknown block type", [{"type": "video", "url": "x"}], {}, "unknown content block"),
    ],
)
def test_what_the_real_api_refuses_is_a_400(sdk, fake_anthropic, label, content, extra, says):
    with pytest.raises(anthropic.BadRequestError) as refused:
        ask(sdk, content, **extra)

    assert refused.value.status_code == 400, label
    assert says in str(refused.value), label


def test_an_image_over_five_mb_is_refused(sdk):
    data = b"\xff\xd8\xff" + b"\0" * (5 * 1024 * 1024)

    with pytest.raises(anthropic.BadRequestError, match="5 MB"):
        ask(sdk, [image_block(data)])


@pytest.mark.parametrize(
    ("mode", "error"), [("500", anthropic.InternalServerError), ("529", anthropic.APIStatusError)]
)
def test_failure_modes_answer_the_apis_errors(sdk, fake_anthropic, mode, error):
    fake_anthropic.mode = mode

    with pytest.raises(error) as failed:
        ask(sdk, "Hi")

    assert failed.value.status_code == int(mode)
