"""Messages about a value of the wrong form: what the field expects, with an example, and
what a spreadsheet probably did to the value.

A regular expression is never the message: each pattern of the schema has a description
here, and a pattern not described falls back on the field's own description.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

PARTIAL_DATE = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
# pattern -> what it means, in words with an example value
PATTERNS: dict[str, str] = {
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "a slug: lower-case letters and digits in words joined by "
    "single hyphens, such as `royal-leamington-spa`",
    PARTIAL_DATE: "a date written YYYY, YYYY-MM or YYYY-MM-DD, such as `2007-09-19` or `2013-11`",
    r"^https?://[^\s]+$": "a web address starting `https://` or `http://`, with no spaces",
    r"^https://[^\s]+$": "a web address starting `https://`, with no spaces, such as "
    "`https://www.keycities.co.uk/`",
    r"^Q[1-9][0-9]*$": "a Wikidata id: `Q` and a number, such as `Q24826`",
    r"^TL[C-N]$": "an ITL1 region code: `TL` and a letter from C to N, such as `TLD`",
    r"^[ENSW][0-9]{8}$": "a GSS code: E, N, S or W and eight digits, such as `E08000012`",
    r"^[0-9]{2}\.[0-9]{2}$": "a SIC 2007 class: two digits, a dot and two digits, such as `59.20`",
    r"^[A-Z]{3,4}$": "a register code: three or four capital letters, such as `LIV`",
    r"^GB-[A-Z]{3}$": "an ISO 3166-2 code: `GB-` and three capital letters, such as `GB-LIV`",
}
TYPES: dict[str, str] = {
    "date": "a date written YYYY-MM-DD, such as `2007-09-19`",
    "year": "a year of four digits, such as `2013`",
    "integer": "a whole number written with digits only, such as `2643123`",
    "number": "a number with a dot for decimals and no thousands separator, such as `53.4084`",
}
CURLY_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})  # noqa: RUF001
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
SPREADSHEET_EPOCH = date(1899, 12, 30)


def expected(spec: dict[str, Any]) -> str:
    """What a field's values look like, in words with an example."""
    pattern = spec.get("constraints", {}).get("pattern")
    if pattern is None:
        return TYPES.get(str(spec.get("type")), f"a {spec.get('type', 'string')}")
    if pattern in PATTERNS:
        return PATTERNS[pattern]
    description = str(spec.get("description", "")).rstrip(".")
    examples = [
        text for text in re.findall(r"`([^`]+)`", description) if re.fullmatch(pattern, text)
    ]
    example = f", such as `{examples[0]}`" if examples else ""
    return f"in the form the data dictionary gives for `{spec.get('name')}`{example}"


def is_date(spec: dict[str, Any]) -> bool:
    return spec.get("type") == "date" or spec.get("constraints", {}).get("pattern") == PARTIAL_DATE


def fits(value: str, spec: dict[str, Any]) -> bool:
    """Whether ``value`` is of the field's form (its pattern, vocabulary or type)."""
    constraints = spec.get("constraints", {})
    if "enum" in constraints:
        return value in constraints["enum"]
    if "pattern" in constraints:
        return re.fullmatch(constraints["pattern"], value) is not None
    kind = spec.get("type")
    forms = {
        "date": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "year": r"[0-9]{4}",
        "integer": r"[+-]?[0-9]+",
        "number": r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)",
    }
    return kind not in forms or re.fullmatch(forms[str(kind)], value) is not None


def spreadsheet_fix(value: str, spec: dict[str, Any]) -> str | None:
    """What a spreadsheet probably did to ``value``, and the value to write, if it shows."""
    if is_date(spec) and (fix := _date_fix(value, spec)):
        return fix
    if re.fullmatch(r"[+-]?[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]+", value):
        return (
            "a spreadsheet wrote the number in scientific notation, which may have rounded it: "
            "copy the number again from its source and write every digit"
        )
    if any(quote in value for quote in "‘’“”"):  # noqa: RUF001
        for candidate in (value.translate(CURLY_QUOTES), re.sub("[‘’“”]", "", value)):  # noqa: RUF001
            if fits(candidate, spec):
                return f"a spreadsheet turned straight quotes into curly ones: write {candidate!r}"
    if re.fullmatch(r"[0-9]+(\.[0-9]+)?", value):
        for padded, what in _zero_padded(value):
            if fits(padded, spec):
                return (
                    f"a spreadsheet read the code as a number and dropped {what}: write {padded!r}"
                )
    if spec.get("type") in ("integer", "number", "year") and re.fullmatch(
        r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?", value
    ):
        return f"write the number without thousands separators: {value.replace(',', '')!r}"
    if spec.get("type") == "number" and re.fullmatch(r"[+-]?[0-9]+,[0-9]+", value):
        return f"write the decimals after a dot, not a comma: {value.replace(',', '.')!r}"
    if re.fullmatch(r"[0-9]+\.0+", value) and fits(value.split(".")[0], spec):
        return f"a spreadsheet added decimals to a whole number: write {value.split('.')[0]!r}"
    enum = spec.get("constraints", {}).get("enum", [])
    close = [option for option in enum if option.casefold() == value.strip().casefold()]
    if close:
        return f"write it exactly as the vocabulary does: {close[0]!r}"
    return None


def _zero_padded(value: str) -> list[tuple[str, str]]:
    """The value with the leading or trailing zeros a spreadsheet drops put back."""
    whole, _, decimals = value.partition(".")
    found = []
    for lead in range(3):
        for trail in range(3 if decimals else 1):
            if lead or trail:
                padded = "0" * lead + whole + ("." + decimals + "0" * trail if decimals else "")
                what = " and ".join(
                    part
                    for part, count in (("a leading zero", lead), ("a trailing zero", trail))
                    if count
                )
                found.append((padded, what))
    return found


def _date_fix(value: str, spec: dict[str, Any]) -> str | None:
    text = value.strip()
    if (iso := re.fullmatch(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[ T]00:00(:00)?(\.0+)?", text)) or (
        iso := re.fullmatch(r"([0-9]{4}/[0-9]{2}/[0-9]{2})", text)
    ):
        written = iso.group(1).replace("/", "-")
        return f"a spreadsheet changed the date's form: write {written!r}"
    if found := re.fullmatch(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{2}|[0-9]{4})", text):
        first, second, year = (int(part) for part in found.groups())
        year = _full_year(year)
        if second > 12 >= first:  # only a month/day/year reading is a date
            return _written(year, first, second, "month/day/year")
        return _written(year, second, first, "day/month/year")
    if (found := re.fullmatch(r"([0-9]{1,2})[ -]([A-Za-z]+)[ -]([0-9]{2}|[0-9]{4})", text)) and (
        named := MONTHS.get(found[2].lower())
    ):
        day, year = int(found[1]), _full_year(int(found[3]))
        return _written(year, named, day, "day, month name and year")
    if (found := re.fullmatch(r"([A-Za-z]+)[ -]([0-9]{2}|[0-9]{4})", text)) and (
        named := MONTHS.get(found[1].lower())
    ):
        written = f"{_full_year(int(found[2])):04d}-{named:02d}"
        return f"a spreadsheet shows year and month as {text!r}: write {written!r}"
    if (found := re.fullmatch(r"([0-9]{1,2})[ -]([A-Za-z]+)", text)) and (
        named := MONTHS.get(found[2].lower())
    ):
        return (
            f"a spreadsheet shows day and month as {text!r} and hides the year: write "
            f"YYYY-{named:02d}-{int(found[1]):02d} with the year from the source"
        )
    if spec.get("type") == "date" and re.fullmatch(r"[1-9][0-9]{4}", text):
        written = (SPREADSHEET_EPOCH + timedelta(days=int(text))).isoformat()
        return f"a spreadsheet wrote the date as its serial number: write {written!r}"
    return None


def _full_year(year: int) -> int:
    return year if year >= 100 else 2000 + year if year < 50 else 1900 + year


def _written(year: int, month: int, day: int, form: str) -> str | None:
    try:
        written = date(year, month, day).isoformat()
    except ValueError:
        return None
    return f"a spreadsheet wrote the date as {form}: write {written!r}"


def describe_problem(kind: str, value: Any, spec: dict[str, Any]) -> tuple[str, str | None]:
    """The message for a value that is not of its field's ``kind`` (a type, ``pattern`` or
    ``enum``), and the fix when a spreadsheet's doing shows."""
    text = "" if value is None else str(value)
    fix = spreadsheet_fix(text, spec) if text else None
    if kind == "enum":
        options = ", ".join(spec.get("constraints", {}).get("enum", []))
        return f"{text!r} is not one of {options}", fix
    return f"{text!r} is not {expected(spec)}", fix
