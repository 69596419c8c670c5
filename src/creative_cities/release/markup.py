"""The descriptor's descriptions as HTML or plain text: `code` spans and web addresses.

Descriptions use only inline code (backticks) and bare web addresses; everything else is
text, escaped.
"""

from __future__ import annotations

import html
import re

CODE = re.compile(r"`([^`]+)`")
ADDRESS = re.compile(r"https?://[^\s<>()\"']+[^\s<>()\"'.,;:]")


def _linked(text: str) -> str:
    """Escaped text with every web address made a link."""
    parts, start = [], 0
    for found in ADDRESS.finditer(text):
        parts.append(html.escape(text[start : found.start()], quote=False))
        address = html.escape(found.group(0))
        parts.append(f'<a href="{address}">{address}</a>')
        start = found.end()
    parts.append(html.escape(text[start:], quote=False))
    return "".join(parts)


def to_html(text: str) -> str:
    """A description as HTML: backticks become ``<code>``, web addresses links."""
    parts, start = [], 0
    for found in CODE.finditer(text):
        parts.append(_linked(text[start : found.start()]))
        parts.append(f"<code>{html.escape(found.group(1), quote=False)}</code>")
        start = found.end()
    parts.append(_linked(text[start:]))
    return "".join(parts)


def to_plain(text: str) -> str:
    """A description with its backticks removed, for places that show only text."""
    return CODE.sub(r"\1", text)
