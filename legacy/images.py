"""Old base64 images through media_store's upload pipeline, a batch at a time.

Each image is decoded (data URL or bare base64), size-checked like an upload, then
rendered (validated, EXIF and GPS gone, re-encoded) in a pool of worker processes, and
stored from this process. Only one batch of rows is in flight, so memory stays bounded
whatever the table holds. What is not an image is reported with its row; the row comes
over without it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from django.conf import settings

from legacy import render_worker
from legacy.models import ImportedImage
from legacy.report import Report
from media_store import services as media_services
from media_store.errors import ImageTooLarge, InvalidImage

_DATA_URL = re.compile(r"data:(?P<type>[\w/+.-]*)(?P<params>(;[^,;]*)*),", re.ASCII)
_WHITESPACE = re.compile(rb"\s+")


class NotAnImage(Exception):
    pass


@dataclass(frozen=True)
class ImageJob:
    table: str
    old_id: str
    column: str
    kind: str  # media_store kind: avatars, logos, meals
    text: str


def decode(text: str) -> bytes:
    """The bytes of a data URL or of bare base64; NotAnImage says why not."""
    payload = text.strip()
    match = _DATA_URL.match(payload)
    if match:
        if ";base64" not in match["params"]:
            raise NotAnImage("a data URL that is not base64")
        payload = payload[match.end() :]
    raw = _WHITESPACE.sub(b"", payload.encode("ascii", errors="replace"))
    try:
        return base64.b64decode(raw + b"=" * (-len(raw) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise NotAnImage("not valid base64") from None


class Images:
    def __init__(self, *, report: Report, workers: int, store: bool) -> None:
        self.report = report
        self.store = store
        self.max_pixels = settings.IMAGE_MAX_PIXELS
        self.pool = None
        if workers > 0:
            self.pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=render_worker.init,
            )

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def keys(self, jobs: list[ImageJob]) -> dict[tuple[str, str], str]:
        """(old id, column) -> storage key for every job whose image came through."""
        decoded: list[tuple[ImageJob, bytes, str]] = []
        for job in jobs:
            if not job.text or not job.text.strip():
                continue  # no image: nothing to report
            try:
                data = decode(job.text)
                media_services.check_image_size(data=data)
            except (NotAnImage, InvalidImage, ImageTooLarge) as exc:
                self._invalid(job, exc)
                continue
            decoded.append((job, data, hashlib.sha256(data).hexdigest()))
        known = dict(
            ImportedImage.objects.filter(digest__in=[d for _, _, d in decoded]).values_list(
                "digest", "key"
            )
        )
        out: dict[tuple[str, str], str] = {}
        todo: dict[str, tuple[ImageJob, bytes]] = {}
        waiting: list[tuple[ImageJob, str]] = []
        for job, data, digest in decoded:
            if digest in known:
                out[(job.old_id, job.column)] = known[digest]
                self.report.images["reused"] += 1
            else:
                todo.setdefault(digest, (job, data))
                waiting.append((job, digest))
        rendered = self._render([(data, job.kind) for job, data in todo.values()])
        stored: dict[str, str] = {}
        for digest, (job, _), (result, error) in zip(todo, todo.values(), rendered, strict=True):
            if result is None:
                self._invalid(job, error)
                continue
            stored[digest] = media_services.store_rendered(
                kind=job.kind, rendered=result, save=self.store
            )
            self.report.images["stored"] += 1
        ImportedImage.objects.bulk_create(
            [ImportedImage(digest=d, kind=todo[d][0].kind, key=k) for d, k in stored.items()],
            ignore_conflicts=True,
        )
        for job, digest in waiting:
            if digest in stored:
                out[(job.old_id, job.column)] = stored[digest]
            elif job is not todo[digest][0]:
                self._invalid(job, "not an image")
        return out

    def _render(self, jobs: list[tuple[bytes, str]]) -> list:
        work = [(data, kind, self.max_pixels) for data, kind in jobs]
        if self.pool is None or len(work) < 2:
            return [render_worker.render(job) for job in work]
        return list(self.pool.map(render_worker.render, work))

    def _invalid(self, job: ImageJob, reason: object) -> None:
        self.report.invalid_image(job.table, job.old_id, job.column, str(reason))
