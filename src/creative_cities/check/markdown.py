"""Text from a pull request made inert in Markdown: no HTML, image, link or broken table."""

from __future__ import annotations

import html
import re

_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>])")
_BACKTICKS = re.compile(r"`+")


def code(text: str) -> str:
    """``text`` as a code span, which renders every character as itself (newlines as spaces).

    The fence is one backtick longer than the longest run of backticks in the text.
    """
    flat = " ".join(text.splitlines()) or " "
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(flat)), default=0) + 1)
    pad = " " if flat[0] in "` " or flat[-1] in "` " else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def escape(text: str) -> str:
    """Prose with every Markdown and HTML character escaped, on one line."""
    flat = " ".join(text.splitlines())
    return _PUNCTUATION.sub(r"\\\1", html.escape(flat, quote=False))


def table_cell(markdown: str) -> str:
    """Markdown put in a table cell: its pipes escaped, as tables need even in code spans."""
    return markdown.replace("|", "\\|")
