"""What runs in the image worker processes: media_store's render, nothing else.

Workers are spawned, not forked: a forked child would share the parent's database
sockets (the old database's snapshot included) and could close them on exit. A
spawned one sets Django up from the same environment and never opens a connection.
"""

from __future__ import annotations

import django


def init() -> None:
    django.setup()


def render(job: tuple[bytes, str, int]):
    """(bytes, kind, max pixels) -> (Rendered, None) or (None, why it is not an image)."""
    from media_store import services
    from media_store.errors import InvalidImage

    data, kind, max_pixels = job
    try:
        return services.render_image(data=data, kind=kind, max_pixels=max_pixels), None
    except InvalidImage as exc:
        return None, str(exc.detail)
