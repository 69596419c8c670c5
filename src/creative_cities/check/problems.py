"""A problem found in a data package, located so that a person can fix it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One located problem: where it is, what is wrong and how to fix it.

    ``line`` counts physical lines of the file (the header is line 1) and
    ``column`` counts fields from 1; both are ``None`` when the problem concerns
    a whole file or the descriptor. ``record_id`` is the row's primary key.
    """

    file: str
    code: str
    message: str
    hint: str = ""
    line: int | None = None
    field: str | None = None
    column: int | None = None
    record_id: str | None = None

    def __post_init__(self) -> None:
        if not self.hint and self.code in CODES:
            object.__setattr__(self, "hint", CODES[self.code].hint)

    def location(self) -> str:
        """``file:line:field``, leaving out the parts that are not known."""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
        if self.field:
            parts.append(self.field)
        return ":".join(parts)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line or 0, self.column or 0, self.code)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = f" (id={self.record_id})" if self.record_id else ""
        return f"{self.location()}: error[{self.code}] {self.message}{where}"


@dataclass(frozen=True)
class Code:
    """What a problem code means, and the usual way to fix it."""

    meaning: str
    hint: str


DICTIONARY = "the data dictionary in README.md"
# Every code a check can report. CONTRIBUTING.md's table of codes is rendered from this.
CODES: dict[str, Code] = {
    "descriptor": Code(
        "`datapackage.json` breaks the Data Package profile",
        "correct datapackage.json where the message says",
    ),
    "descriptor-doc": Code(
        "a resource or field has no title or description",
        "add a title and a description to datapackage.json",
    ),
    "descriptor-dialect": Code(
        "a resource does not declare UTF-8 and a comma-separated dialect",
        "declare the encoding and dialect that the other resources declare",
    ),
    "missing-resource": Code(
        "the descriptor does not describe a table that the library reads, or a foreign key "
        "refers to a resource that it does not describe",
        "add the table's resource to datapackage.json, or correct the foreign key",
    ),
    "missing-file": Code(
        "a resource names a file that does not exist",
        "add the file, or correct the resource's path",
    ),
    "unsafe-path": Code(
        "a resource path leaves the package (absolute or `..`), or names a symbolic link, "
        "a folder or another special file; it is never opened",
        "name a regular file inside the package, such as data/<table>.csv",
    ),
    "stale-stats": Code(
        "a resource's `bytes` or `hash` no longer match its file (run `fmt`)",
        "run `creative-cities fmt`",
    ),
    "bom": Code("the file starts with a byte order mark", "run `creative-cities fmt`"),
    "encoding": Code(
        "the file is not UTF-8 (often Windows-1252)",
        "save the file as UTF-8 (in a spreadsheet: CSV UTF-8)",
    ),
    "line-ending": Code("CR or CRLF line endings", "run `creative-cities fmt`"),
    "final-newline": Code("the last line has no line ending", "run `creative-cities fmt`"),
    "empty-file": Code("the file is empty", "restore the header row at least"),
    "delimiter": Code(
        "the file is separated by semicolons, tabs or pipes, not commas",
        "run `creative-cities fmt`, or save as comma-separated CSV",
    ),
    "csv-syntax": Code("a quote opened and never closed", "close the quote or remove it"),
    "multiline-value": Code(
        "a quoted value runs over several lines (an unbalanced quote swallowed rows)",
        "close the quote where the value ends",
    ),
    "header": Code(
        "the header is not the schema's field names in order",
        f"use the field names of {DICTIONARY}, in order",
    ),
    "header-width": Code(
        "the header has more than 1000 cells, far more than any schema; its names are not checked",
        f"use the field names of {DICTIONARY}, in order",
    ),
    "blank-row": Code("a blank line", "run `creative-cities fmt`"),
    "empty-row": Code(
        "a row whose cells are all empty (fmt keeps it: it may be a record lost by mistake)",
        "delete the row, or fill in its values",
    ),
    "cell-count": Code(
        "a row has more or fewer cells than the schema",
        "give the row one cell per field; quote a value that holds a comma",
    ),
    "row-order": Code("rows are not sorted by primary key", "run `creative-cities fmt`"),
    "whitespace": Code("a value has spaces around it", "remove the spaces"),
    "control-character": Code(
        "a value holds control or invisible format characters", "retype the value"
    ),
    "invisible-space": Code(
        "a value holds a no-break or other invisible space", "replace it with a plain space"
    ),
    "mojibake": Code(
        "text decoded with the wrong character set (`â€™`, `Ã©`, or the seed's `Р`, `¬†`)",  # noqa: RUF001
        "copy the text again from its source, saved as UTF-8",
    ),
    "formula": Code(
        "a value, or text in `datapackage.json` that the release files show, that a "
        "spreadsheet would run as a formula (starts with `=`, `+`, `-`, `@`)",
        "reword the value so it does not start with = + - @",
    ),
    "type-error": Code(
        "a value is not of the field's type",
        f"write the value in the field's type (see {DICTIONARY})",
    ),
    "constraint-error": Code(
        "a value breaks a constraint: required, pattern, vocabulary, minimum, maximum",
        f"see the field's constraints in {DICTIONARY}",
    ),
    "primary-key": Code(
        "two rows share a key", "each row needs its own key: correct or remove the duplicate row"
    ),
    "unique-error": Code(
        "a value that must be unique repeats", "the value must be unique in its column"
    ),
    "foreign-key": Code(
        "a value is not a key of the table it refers to (once per value, with every line): "
        "a place's well-formed `lad_code` that is no council of the register (`E06000099`)",
        "use an id that exists in the table it refers to, or add that record first",
    ),
    "name-clash": Code(
        "two records of a table share a name (ignoring case, accents and punctuation)",
        "make the names distinct, or merge the records",
    ),
    "alias-clash": Code("an alias names another place too", "remove or correct the alias"),
    "date-order": Code("an end before its start", "correct one of the dates"),
    "gss-nation": Code(
        "a GSS code's letter does not match the nation",
        "correct the code or the nation: E England, S Scotland, W Wales, N Northern Ireland",
    ),
    "place-council": Code(
        "a place's nation or region differs from its council's",
        "correct the place's nation or region, or its council",
    ),
    "former-council": Code(
        "a place lies in a council that no longer exists", "use the council that replaced it"
    ),
    "council-dates": Code(
        "a statement about a council (a membership, a programme's bid) is dated wholly before "
        "the council's start or after its end",
        "use the council that existed on that date",
    ),
    "not-a-list": Code(
        "a `listed` membership cites a source that is not a complete list of that network in "
        "`membership_lists`",
        "add the list to membership_lists.csv, or give the row another statement",
    ),
    "list-date": Code(
        "a `listed` membership's `as_of` differs from its list's",
        "give the row its list's as_of date",
    ),
    "empty-list": Code(
        "a complete list in `membership_lists` that no `listed` membership cites",
        "add the list's members, or remove the list",
    ),
    "council-distance": Code(
        "a place with coordinates but no GeoNames id lies more than 60 km from its council's "
        "centroid",
        "correct the coordinates or the council",
    ),
    "gss-type": Code(
        "a council's GSS code is not of its type's entity (`E06` unitary, `E07` district, `E08` "
        "metropolitan, `E09` London, `E10` county, `E47` combined authority, `S12`, `W06`, `N09`)",
        "correct the code or the type from the register",
    ),
    "iso-code": Code(
        "an ISO 3166-2 code is not `GB-` and the council's register code",
        "take the code from ISO 3166-2:GB, or leave it empty",
    ),
    "wikidata-repeat": Code(
        "one Wikidata QID on two records (places, councils, organisations)",
        "give each record its own QID, or leave one empty",
    ),
    "programme-bidder": Code(
        "a programme place's `place_id` and `gss_code` do not fit its `bidder` (a place has only "
        "`place_id`, a council or group only `gss_code`, an area neither)",
        "fill the column that fits the bidder and empty the other",
    ),
    "group-bid": Code(
        "a group bid with one council, or a bid that is not a group with several rows at one stage",
        "make the bidder a group, or keep one row",
    ),
    "programme-stage": Code(
        "a stage its programme's kind does not have (a `winner` of a network)",
        "use a stage of the programme's kind",
    ),
    "programme-field": Code(
        "a network member without a creative field, or a field in another programme",
        "give the member its field, or leave the field empty",
    ),
    "winner-unique": Code(
        "a competition's cycle with more than one winner",
        "keep the one winner the source names",
    ),
    "stage-order": Code(
        "a shortlisted, runner-up or winning bidder missing from the cycle's longlist or shortlist",
        "add the earlier stage's row from its source",
    ),
    "announced-cycle": Code(
        "a stage announced before its programme began, after its title year or years before "
        "it, or outside the year of its round",
        "correct the announcement date or the cycle",
    ),
    "note-source": Code(
        "a note's `Also:` names a source id that is not in `sources`",
        "add the source, or correct its id",
    ),
    "base-before-founding": Code(
        "an organisation's base opens before the organisation was founded",
        "correct the opening date or the founding year",
    ),
    "geonames-unknown": Code(
        "the GeoNames id names no populated place", "correct the GeoNames id or leave it empty"
    ),
    "geonames-distance": Code(
        "the coordinates lie more than 5 km from the GeoNames point",
        "take the coordinates from the GeoNames record",
    ),
    "internal-error": Code(
        "a check failed unexpectedly (please report it); the other checks still ran",
        "report this at the project's issue tracker",
    ),
}
