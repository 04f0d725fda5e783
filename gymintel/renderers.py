"""The JSON renderer every API view uses: DRF's, with one spelling of a moment.

Rows leave the selectors as `values()` dicts and serializers hand datetimes through
unformatted (REST_FRAMEWORK["DATETIME_FORMAT"] = None), so every date-time is spelled
here: UTC, milliseconds, `Z` (`2026-12-02T11:25:42.123Z`). Before, a gym-local offset
(the AI quota's reset) and six digits on some rows but none on others reached clients.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rest_framework import renderers
from rest_framework.utils.encoders import JSONEncoder


def utc_timestamp(moment: dt.datetime) -> str:
    """An aware datetime as API clients read it: UTC, to the millisecond, with `Z`."""
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class _Encoder(JSONEncoder):
    def default(self, obj: Any) -> Any:
        if isinstance(obj, dt.datetime) and obj.tzinfo is not None:
            return utc_timestamp(obj)
        return super().default(obj)


class JSONRenderer(renderers.JSONRenderer):
    encoder_class = _Encoder
