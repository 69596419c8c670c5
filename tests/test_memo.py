"""Results kept between runs in one process: a changed file is always checked again."""

from __future__ import annotations

import json
from pathlib import Path

from creative_cities.check.memo import Kept, content_key
from creative_cities.check.stats import with_fresh_stats
from creative_cities.check.validation import validate
from creative_cities.descriptor import descriptor_text

from .conftest import read_table, write_table


def refresh_stats(package: Path) -> None:
    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(descriptor_text(with_fresh_stats(descriptor, package)), encoding="utf-8")


def found(package: Path) -> list[str]:
    return [f"{problem.location()} {problem.code}" for problem in validate(package).problems]


def test_a_file_changed_between_runs_is_checked_again(package_copy: Path) -> None:
    assert found(package_copy) == []
    rows = read_table("cities", package_copy)
    original = dict(rows[2])
    rows[2]["latitude"] = "north"  # a type error, then a meaning problem, then fixed again
    write_table("cities", rows, package_copy)
    refresh_stats(package_copy)
    assert found(package_copy) == ["data/cities.csv:4:latitude type-error"]
    rows[2] = {**original, "lad_code": "W06000015"}
    write_table("cities", rows, package_copy)
    refresh_stats(package_copy)
    assert "data/cities.csv:4:lad_code gss-nation" in found(package_copy)
    rows[2] = original
    write_table("cities", rows, package_copy)
    refresh_stats(package_copy)
    assert found(package_copy) == []


def test_a_schema_changed_between_runs_is_checked_again(package_copy: Path) -> None:
    assert found(package_copy) == []
    path = package_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    cities = next(res for res in descriptor["resources"] if res["name"] == "cities")
    latitude = next(spec for spec in cities["schema"]["fields"] if spec["name"] == "latitude")
    latitude["constraints"]["maximum"] = 50  # every British city lies further north
    path.write_text(descriptor_text(descriptor), encoding="utf-8")
    assert "constraint-error" in {problem.code for problem in validate(package_copy).problems}


def test_kept_lets_the_least_recently_used_go() -> None:
    kept: Kept[int] = Kept(2)
    kept.keep("a", 1)
    kept.keep("b", 2)
    kept.keep("a", 3)  # a key kept again is replaced, not added
    assert (kept.get("b"), kept.get("a")) == (2, 3)  # "b" is now the least recently used
    kept.keep("c", 4)
    assert "b" not in kept and (kept.get("a"), kept.get("c")) == (3, 4)


def test_content_keys_differ_with_any_part() -> None:
    keys = {
        content_key(b"ab", "c"),
        content_key(b"a", "bc"),  # parts are length-prefixed: no two splits collide
        content_key(b"ab", "d"),
        content_key({"x": 1}),
        content_key({"x": 2}),
    }
    assert len(keys) == 5
    assert content_key({"a": 1, "b": 2}) == content_key({"b": 2, "a": 1})
