"""What came from where: the importer's memory between runs.

ImportedRow maps an old row (its table, its cuid) to the row it became here, or to
nothing when it was skipped for good; a run imports only the old rows not recorded
yet, so a second run, or one after an interruption, changes nothing that is already
there. ImportedImage remembers what an old picture became (by the SHA-256 of its
bytes), so the photo a log copied from its saved meal is rendered and stored once.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ImportedRow(models.Model):
    source_table = models.CharField(max_length=40)
    old_id = models.CharField(max_length=64)
    new_id = models.BigIntegerField(null=True, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source_table", "old_id"], name="imported_row_once")
        ]

    def __str__(self) -> str:
        return f"{self.source_table}:{self.old_id} -> {self.new_id}"


class ImportedImage(models.Model):
    digest = models.CharField(max_length=64, primary_key=True)  # SHA-256 of the old bytes
    kind = models.CharField(max_length=16)  # media_store kind: avatars, logos, meals
    key = models.CharField(max_length=255)

    def __str__(self) -> str:
        return f"{self.digest[:12]} -> {self.key}"
