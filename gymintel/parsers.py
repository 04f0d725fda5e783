"""The JSON parser every API view uses: DRF's, with one more malformed body refused."""

from __future__ import annotations

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF turns a body Python's json cannot decode into 400, but only for ValueError.
    A body nested a few thousand levels deep (`[[[[...]]]]`, well under the body size limit)
    exhausts the decoder's recursion instead: RecursionError, a 500. Same answer as any
    other malformed body."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None
