"""CSV cells that stay text when the file is opened in a spreadsheet."""

from __future__ import annotations

# A cell starting with one of these is read as a formula by Excel, LibreOffice and
# Google Sheets ("CSV injection"): a name like "=HYPERLINK(...)" must stay a name.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """`text`, with a leading apostrophe when a spreadsheet would run it as a formula."""
    return f"'{text}" if text[:1] in _FORMULA_STARTS else text
