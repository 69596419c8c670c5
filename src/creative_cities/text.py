"""Normalising names so that people's spellings of a place or body match."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence


def _fold(text: str) -> str:
    """Case and accents folded."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_AMPERSAND = re.compile(r"\s*&\s*")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """Fold case, accents, punctuation and ``&``: "Brighton & Hove" → "brighton and hove"."""
    # No accents to fold in ASCII: the same result, without the slow loop.
    plain = text.lower() if text.isascii() else _fold(text)
    plain = _AMPERSAND.sub(" and ", plain)
    return _NOT_WORD.sub(" ", plain).strip()


_AMPERSAND_IN_LINE = re.compile(r"[^\S\n]*&[^\S\n]*")
_NOT_WORD_IN_LINE = re.compile(r"[^0-9a-z\n]+")


def normalise_all(texts: Sequence[str]) -> list[str]:
    """``normalise`` of each text, in a few passes over them all joined by newlines."""
    joined = "\n".join(texts)
    if joined.count("\n") != max(len(texts) - 1, 0):  # a text holds a newline
        return list(map(normalise, texts))
    if joined.isascii():
        plain = joined.lower()
    else:
        plain = "\n".join(text.lower() if text.isascii() else _fold(text) for text in texts)
    plain = _NOT_WORD_IN_LINE.sub(" ", _AMPERSAND_IN_LINE.sub(" and ", plain))
    return list(map(str.strip, plain.split("\n"))) if texts else []
