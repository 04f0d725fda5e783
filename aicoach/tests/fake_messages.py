"""What the fake Messages API checks in a request, and the answers it builds.

The checks follow the real API's refusals (400 `invalid_request_error`) for what our
client sends: content blocks (text, image), image sources (base64 only, the four media
types, decodable data that is what it claims to be, at most 5 MB), tools (names, JSON
schemas) and tool_choice (a forced tool must be one of the tools). A client that sends
something the real API would refuse fails here, in the tests, first.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

MEDIA_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
IMAGE_MAX_BYTES = 5 * 1024 * 1024  # the real API's limit per image (base64-decoded)
_MAGIC = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),
}
_TOOL_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
_BLOCK_TYPES = {"text", "image", "tool_use", "tool_result"}
_CHOICES = {"auto", "any", "tool", "none"}


class Invalid(Exception):
    """A request the real API answers 400 invalid_request_error."""


def check_request(body: dict[str, Any]) -> None:
    if not isinstance(body.get("model"), str) or not body["model"]:
        raise Invalid("model: Field required")
    if not isinstance(body.get("max_tokens"), int) or body["max_tokens"] < 1:
        raise Invalid("max_tokens: Field required (a positive integer)")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise Invalid("messages: at least one message is required")
    for i, message in enumerate(messages):
        if message.get("role") not in ("user", "assistant"):
            raise Invalid(f"messages.{i}.role: Input should be 'user' or 'assistant'")
        content = message.get("content")
        if isinstance(content, str):
            continue
        if not isinstance(content, list) or not content:
            raise Invalid(f"messages.{i}.content: a string or a non-empty list of blocks")
        for j, block in enumerate(content):
            _check_block(block, where=f"messages.{i}.content.{j}")
    names = _check_tools(body.get("tools"))
    _check_tool_choice(body.get("tool_choice"), names)


def _check_block(block: Any, *, where: str) -> None:
    kind = block.get("type") if isinstance(block, dict) else None
    if kind not in _BLOCK_TYPES:
        raise Invalid(f"{where}.type: unknown content block type {kind!r}")
    if kind == "text" and not isinstance(block.get("text"), str):
        raise Invalid(f"{where}.text: Field required")
    if kind == "image":
        image_bytes(block, where=where)


def image_bytes(block: dict[str, Any], *, where: str = "image") -> bytes:
    """The decoded bytes of an image block, checked as the real API checks them."""
    source = block.get("source")
    if not isinstance(source, dict) or source.get("type") != "base64":
        raise Invalid(f"{where}.source: only base64 sources are accepted here")
    media_type = source.get("media_type")
    if media_type not in MEDIA_TYPES:
        raise Invalid(
            f"{where}.source.base64.media_type: Input should be 'image/jpeg', 'image/png', "
            "'image/gif' or 'image/webp'"
        )
    try:
        data = base64.b64decode(source.get("data") or "", validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise Invalid(f"{where}.source.base64.data: invalid base64 data") from None
    if not data:
        raise Invalid(f"{where}.source.base64.data: the image is empty")
    if len(data) > IMAGE_MAX_BYTES:
        raise Invalid(f"{where}.source.base64: image exceeds 5 MB maximum")
    if not data.startswith(_MAGIC[media_type]):
        raise Invalid(f"{where}: Image does not match the provided media type {media_type}")
    return data


def _check_tools(tools: Any) -> list[str]:
    if tools is None:
        return []
    if not isinstance(tools, list):
        raise Invalid("tools: Input should be a valid list")
    names = []
    for i, tool in enumerate(tools):
        name = tool.get("name") if isinstance(tool, dict) else None
        if not isinstance(name, str) or not _TOOL_NAME.match(name):
            raise Invalid(f"tools.{i}.name: String should match pattern '^[a-zA-Z0-9_-]{{1,64}}$'")
        schema = tool.get("input_schema")
        if not isinstance(schema, dict) or schema.get("type") != "object":
            raise Invalid(f"tools.{i}.input_schema: a JSON schema of type 'object' is required")
        if name in names:
            raise Invalid(f"tools: tool names must be unique ({name!r} repeats)")
        names.append(name)
    return names


def _check_tool_choice(choice: Any, names: list[str]) -> None:
    if choice is None:
        return
    kind = choice.get("type") if isinstance(choice, dict) else None
    if kind not in _CHOICES:
        raise Invalid("tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'")
    if kind in ("any", "tool") and not names:
        raise Invalid("tool_choice: a tool must be given when tool_choice is 'any' or 'tool'")
    if kind == "tool" and choice.get("name") not in names:
        raise Invalid(f"tool_choice.name: no tool named {choice.get('name')!r} in tools")


def forced_tool(body: dict[str, Any]) -> str | None:
    """The tool the request makes the model use, if any ('tool', or 'any': the first)."""
    choice = body.get("tool_choice") or {}
    if choice.get("type") == "tool":
        return choice["name"]
    if choice.get("type") == "any":
        return body["tools"][0]["name"]
    return None


def images_in(body: dict[str, Any]) -> list[tuple[str, bytes]]:
    """(media type, decoded bytes) of every image block a request carried."""
    return [
        (block["source"]["media_type"], image_bytes(block))
        for message in body.get("messages", [])
        if isinstance(message.get("content"), list)
        for block in message["content"]
        if block.get("type") == "image"
    ]


def texts_in(body: dict[str, Any]) -> list[str]:
    """The text of every text block (or plain string content) of a request's messages."""
    out = []
    for message in body.get("messages", []):
        content = message.get("content")
        if isinstance(content, str):
            out.append(content)
        else:
            out += [b["text"] for b in content if b.get("type") == "text"]
    return out
