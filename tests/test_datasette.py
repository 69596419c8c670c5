"""The SQLite file opens in Datasette, which shows its rows, labels and foreign-key links."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from datasette.utils import tilde_encode

from creative_cities.release.build import Release

from .conftest import members_on, read_table

HOST = "127.0.0.1"
LINK = re.compile(r'<a href="(/[^"]+)">([^<]+)</a>')
STARTUP_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        text: str = response.read().decode("utf-8")
        return text


def get_json(url: str) -> Any:
    return json.loads(get(url))


@pytest.fixture(scope="module")
def served(release: Release, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of the database, served by Datasette on 127.0.0.1 with its metadata."""
    (database,) = [path for path in release.files if path.suffix == ".sqlite"]
    metadata = database.with_suffix(".datasette.json")
    base = f"http://{HOST}:{free_port()}"
    log = tmp_path_factory.mktemp("datasette") / "log.txt"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "datasette", "serve", str(database), "--host", HOST,
             "--port", base.rsplit(":", 1)[1], "--metadata", str(metadata)],
            stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                databases = get_json(f"{base}/-/databases.json")
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"datasette did not start:\n{Path(log).read_text()}")
                time.sleep(0.2)
        assert [served["name"] for served in databases] == [database.stem]
        yield f"{base}/{tilde_encode(database.stem)}"  # as Datasette's own links write it
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_datasette_serves_every_row_with_labels(served: str) -> None:
    page = get_json(f"{served}/memberships.json?_shape=objects&_labels=on&_size=max")
    rows = read_table("memberships")
    assert page["filtered_table_rows_count"] == len(rows)
    assert [(r["network_id"]["value"], r["lad_code"]["value"]) for r in page["rows"]] == [
        (row["network_id"], row["lad_code"]) for row in rows
    ]
    labels = {row["network_id"]["value"]: row["network_id"]["label"] for row in page["rows"]}
    assert labels == {"core-cities": "Core Cities UK", "key-cities": "Key Cities"}
    links = {(key["column"], key["other_table"]) for key, _ in page["expandable_columns"]}
    assert ("network_id", "organisations") in links
    assert ("city_id", "cities") in links


def test_datasette_links_foreign_keys_to_their_records(served: str) -> None:
    html = get(f"{served}/city_sectors?city_id=liverpool")
    links = {text: href for href, text in LINK.findall(html)}
    assert links["Liverpool"].endswith("/cities/liverpool")
    assert links["Music"].endswith("/sectors/music")
    origin = served.rsplit("/", 1)[0]
    record = get(origin + links["Liverpool"])  # the link as Datasette wrote it, followed
    assert "<h1" in record and "liverpool" in record
    assert get(origin + links["Music"] + ".json?_shape=array").startswith("[")
    database = get(served)  # the database's own page: no dots in its name to trip on
    assert "city_sectors" in database


def test_datasette_shows_descriptions_licence_and_views(
    served: str, descriptor: dict[str, Any]
) -> None:
    cities = next(r for r in descriptor["resources"] if r["name"] == "cities")
    html = get(f"{served}/cities")
    assert cities["description"].split("`")[0] in html
    code = re.search(r"`([^`]+)`", cities["description"])
    assert code is not None and f"<code>{code.group(1)}</code>" in html
    assert "`" not in html.split(cities["description"].split("`")[0])[1].split("</p>")[0]
    assert "CC-BY-4.0" in html
    named = get_json(f"{served}/memberships_named.json?_shape=array&city_id=preston&_size=1")
    assert named[0]["city_name"] == "Preston"
    assert named[0]["network_name"] == "Key Cities"


def test_datasette_answers_the_canned_query_of_members_on_a_date(served: str) -> None:
    rows = get_json(
        f"{served}/members_as_of.json?_shape=array&network=core-cities&as_of=2020-01-01"
    )
    members = members_on("core-cities", "2020-01-01")
    assert members and {row["lad_code"] for row in rows} == members
    assert all(row["council"] and row["sources"] for row in rows)
