"""Repairing standings from the ledger (`manage.py audit_points --fix`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from challenges.models import STANDING_FIELDS, Participant
from challenges.selectors import ledger_standings


def standings_repair(*, participant_ids: Iterable[int]) -> int:
    """Rewrite these participants' standings from the ledger; returns how many changed.

    The rows are locked (id order, like scoring) and the ledger is read again under the
    lock, so an award made while the audit ran is neither lost nor counted twice.
    Three queries plus one UPDATE for the rows that changed.
    """
    with transaction.atomic():
        participants = list(
            Participant.objects.filter(pk__in=list(participant_ids))
            .select_for_update()
            .order_by("pk")
        )
        truth = ledger_standings(participant_ids=[p.pk for p in participants])
        changed = []
        for participant in participants:
            wanted = truth[participant.pk].as_dict()
            if any(getattr(participant, name) != value for name, value in wanted.items()):
                for name, value in wanted.items():
                    setattr(participant, name, value)
                changed.append(participant)
        Participant.objects.bulk_update(changed, STANDING_FIELDS)
    return len(changed)
