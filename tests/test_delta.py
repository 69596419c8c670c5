"""Changes between two copies of the package, and the release each change calls for."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from creative_cities.tools.delta import DeltaError, FieldChange, ValueChange, compare

from .conftest import ROOT, edit_descriptor, read_table, write_table


def resource(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in descriptor["resources"] if r["name"] == name)
    return found


def load_descriptor(root: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    return loaded


def test_a_package_compared_with_itself_has_no_changes() -> None:
    delta = compare(ROOT, ROOT / "datapackage.json")
    assert delta.tables == ()
    assert delta.bump == "none"
    assert delta.summary() == ["- no data changes"]
    assert delta.old_version == delta.new_version == load_descriptor(ROOT)["version"]


def test_the_first_release_adds_every_table_with_its_rows(descriptor: dict[str, Any]) -> None:
    delta = compare(None, ROOT)
    names = [res["name"] for res in descriptor["resources"]]
    assert [table.name for table in delta.tables] == names
    assert delta.old_version is None
    assert delta.bump == "minor"
    cities = len(read_table("cities"))
    assert f"- `cities`: new table, {cities} rows" in delta.summary()
    assert all(table.status == "added" for table in delta.tables)


def test_a_corrected_value_calls_for_a_patch(package_copy: Path) -> None:
    themes = read_table("themes", package_copy)
    before = themes[0]["description"]
    themes[0]["description"] = "A corrected description."
    write_table("themes", themes, package_copy)
    delta = compare(ROOT, package_copy)
    assert delta.bump == "patch"
    (table,) = delta.tables
    assert (table.name, table.added, table.removed) == ("themes", (), ())
    (row,) = table.changed
    assert row.key == {"id": themes[0]["id"]}
    assert row.values == (ValueChange("description", before, "A corrected description."),)
    assert delta.summary() == ["- `themes`: 1 row changed (`description` in 1)"]


def test_an_added_record_calls_for_a_minor_release(package_copy: Path) -> None:
    themes = read_table("themes", package_copy)
    themes.append({**themes[-1], "id": "zz-new-theme", "name": "New theme"})
    write_table("themes", themes, package_copy)
    delta = compare(ROOT, package_copy)
    assert delta.bump == "minor"
    assert [row["id"] for row in delta.tables[0].added] == ["zz-new-theme"]
    assert delta.summary() == ["- `themes`: 1 row added"]


def test_a_removed_record_calls_for_a_major_release(package_copy: Path) -> None:
    themes = read_table("themes", package_copy)
    write_table("themes", themes[1:], package_copy)
    delta = compare(ROOT, package_copy)
    assert delta.bump == "major"
    assert delta.tables[0].removed == (themes[0],)
    json_rows = delta.to_json()["tables"]["themes"]["removed"]
    assert json_rows == [{k: v or None for k, v in themes[0].items()}]


def test_added_fields_are_minor_and_retyped_or_removed_fields_major(package_copy: Path) -> None:
    descriptor = load_descriptor(package_copy)
    fields = resource(descriptor, "themes")["schema"]["fields"]
    fields.append({"name": "rank", "type": "integer", "title": "Rank", "description": "Rank."})
    write_table("themes", [{**r, "rank": "1"} for r in read_table("themes")], package_copy)
    edit_descriptor(package_copy, resources=descriptor["resources"])
    added = compare(ROOT, package_copy)
    assert added.bump == "minor"
    assert added.tables[0].fields == (FieldChange("rank", "added", None, "integer"),)
    assert added.tables[0].changed == ()  # a new field changes no existing value

    fields[1]["type"] = "any"
    edit_descriptor(package_copy, resources=descriptor["resources"])
    retyped = compare(ROOT, package_copy)
    assert retyped.bump == "major"
    assert FieldChange("name", "retyped", "string", "any") in retyped.tables[0].fields
    assert "field `name` retyped from string to any" in retyped.summary()[0]

    assert compare(package_copy, ROOT).tables[0].fields[0] == FieldChange(
        "rank", "removed", "integer", None
    )
    assert compare(package_copy, ROOT).bump == "major"


def test_removed_or_renamed_tables_and_changed_keys_call_for_a_major_release(
    package_copy: Path,
) -> None:
    descriptor = load_descriptor(package_copy)
    themes = resource(descriptor, "themes")
    themes["name"] = "topics"
    edit_descriptor(package_copy, resources=descriptor["resources"])
    renamed = compare(ROOT, package_copy)
    assert renamed.bump == "major"
    assert {(t.name, t.status) for t in renamed.tables} == {
        ("topics", "added"),
        ("themes", "removed"),
    }
    assert "- `themes`: table removed (7 rows)" in renamed.summary()

    themes["name"] = "themes"
    themes["schema"]["primaryKey"] = ["name"]
    edit_descriptor(package_copy, resources=descriptor["resources"])
    rekeyed = compare(ROOT, package_copy)
    assert rekeyed.bump == "major"
    assert rekeyed.tables[0].key_changed
    assert rekeyed.summary()[0] == "- `themes`: primary key changed from (id) to (name)"


def test_the_json_form_names_keys_and_values(package_copy: Path) -> None:
    themes = read_table("themes", package_copy)
    themes[1]["description"] = ""
    write_table("themes", themes, package_copy)
    document = compare(ROOT, package_copy).to_json()
    assert document["bump"] == "patch"
    assert document["tables"]["themes"]["changed"] == [
        {
            "key": {"id": themes[1]["id"]},
            "values": {
                "description": {"before": read_table("themes")[1]["description"], "after": None}
            },
        }
    ]
    assert json.loads(json.dumps(document)) == document


def test_an_unreadable_table_is_reported_with_its_path(package_copy: Path) -> None:
    (package_copy / "data" / "themes.csv").write_bytes(b"id,name\n\xff\n")
    with pytest.raises(DeltaError, match=r"data/themes\.csv: cannot be read"):
        compare(package_copy, ROOT)
