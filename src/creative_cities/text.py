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


# Every byte but a digit, a lower-case ASCII letter or a newline becomes a space.
_SPACES = bytes(
    byte if chr(byte) in "0123456789abcdefghijklmnopqrstuvwxyz\n" else 0x20 for byte in range(256)
)


def normalise_all(texts: Sequence[str]) -> list[str]:
    """``normalise`` of each text, in a few passes over them all joined by newlines: every
    character that is not a digit or a letter a to z (each byte of one that is not ASCII)
    becomes a space, and each line's runs of spaces one space."""
    joined = "\n".join(texts)
    if joined.count("\n") != max(len(texts) - 1, 0):  # a text holds a newline
        return list(map(normalise, texts))
    if joined.isascii():
        plain = joined.lower()
    else:
        plain = "\n".join(text.lower() if text.isascii() else _fold(text) for text in texts)
    spaced = plain.replace("&", " and ").encode().translate(_SPACES).decode("ascii")
    return list(map(" ".join, map(str.split, spaced.split("\n")))) if texts else []
