"""Normalising names so that people's spellings of a place or body match."""

from __future__ import annotations

import re
import unicodedata

_AMPERSAND = re.compile(r"\s*&\s*")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """Fold case, accents, punctuation and ``&``: "Brighton & Hove" → "brighton and hove"."""
    if text.isascii():  # no accents to fold: the same result, without the slow loop
        plain = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = _AMPERSAND.sub(" and ", plain)
    return _NOT_WORD.sub(" ", plain).strip()
