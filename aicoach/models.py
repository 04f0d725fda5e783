"""AI coach: the daily quota row, the response cache and the conversation history."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Member


class AIUsage(models.Model):
    """Answers given to one member on one gym-local day.

    Reserved with a conditional UPDATE (used < limit) so concurrent requests can never
    pass the quota; given back when the AI call fails.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="ai_usage")
    date = models.DateField(help_text="Gym-local day.")
    used = models.PositiveIntegerField(default=0)
    input_tokens = models.PositiveBigIntegerField(default=0)
    output_tokens = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-date", "id"]
        verbose_name_plural = "AI usage"
        constraints = [
            models.UniqueConstraint(fields=["member", "date"], name="aiusage_one_row_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.date}: {self.used}"


class AIResponseCache(models.Model):
    """A reply reused for the same normalized question asked in the same context."""

    key = models.CharField(max_length=64, unique=True)
    question = models.TextField()
    reply = models.TextField()
    model = models.CharField(max_length=64, blank=True, default="")
    hits = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_used_at"]
        verbose_name_plural = "AI response cache"
        indexes = [
            # The prune task: expired first, then least recently used.
            models.Index(fields=["expires_at"], name="aicache_expires"),
            models.Index(fields=["last_used_at"], name="aicache_last_used"),
        ]

    def __str__(self) -> str:
        return self.key


class ChatMessage(models.Model):
    """One question and the answer the member received."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="chat_messages")
    message = models.TextField(max_length=2000)
    reply = models.TextField()
    cached = models.BooleanField(default=False)
    model = models.CharField(max_length=64, blank=True, default="")
    input_tokens = models.PositiveIntegerField(default=0)
    output_tokens = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["member", "-created_at"], name="chat_member_newest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(cached=False) | Q(input_tokens=0, output_tokens=0),
                name="chat_cached_costs_nothing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} at {self.created_at:%Y-%m-%d %H:%M}"
