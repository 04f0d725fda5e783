"""The files the app shell loads, and a version that changes whenever one of them does
(the service worker's cache is named by it, so a deploy replaces the cached shell)."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from django.templatetags.static import static

STATIC_ROOT = Path(__file__).resolve().parent / "static"
_PREFIX = "memberapp/"
_KINDS = (".js", ".css", ".png")


@lru_cache(maxsize=1)
def shell_files() -> tuple[str, ...]:
    """Static paths (relative to the static root) of every file the shell may load."""
    base = STATIC_ROOT / _PREFIX
    return tuple(
        path.relative_to(STATIC_ROOT).as_posix()
        for path in sorted(base.rglob("*"))
        if path.suffix in _KINDS
    )


@lru_cache(maxsize=1)
def version() -> str:
    digest = hashlib.sha256()
    for name in shell_files():
        digest.update(name.encode())
        digest.update((STATIC_ROOT / name).read_bytes())
    digest.update((Path(__file__).resolve().parent / "templates/memberapp/shell.html").read_bytes())
    return digest.hexdigest()[:16]


def shell_urls() -> list[str]:
    return [static(name) for name in shell_files()]
