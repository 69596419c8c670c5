"""The static site: a page per record, every internal link resolves, every asset ships."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from creative_cities.cli import main
from creative_cities.release.site.build import Site
from creative_cities.release.site.content import file_name

from .conftest import ROOT, members_on, read_table


class Links(HTMLParser):
    """Every href and src of a page, and its element ids."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_internal_link_and_asset_resolves(site: Site) -> None:
    pages = sorted(site.out.rglob("*.html"))
    assert len(pages) == site.pages
    files = {
        path.relative_to(site.out).as_posix() for path in site.out.rglob("*") if path.is_file()
    }
    parsed = {page.relative_to(site.out).as_posix(): parse(page) for page in pages}
    # A link's target depends on its page only through the page's folder, unless the link
    # is empty or starts with "#" or "?": each is joined once per folder.
    joined: dict[tuple[str, str], tuple[str, str]] = {}
    checked = 0
    for base, links in parsed.items():
        for link in links.links:
            if urlsplit(link).scheme in ("http", "https", "data", "mailto"):
                continue
            key = (base if link[:1] in ("", "#", "?") else posixpath.dirname(base), link)
            if key not in joined:
                joined[key] = urldefrag(urljoin(base, link))
            target, fragment = joined[key]
            assert target in files, f"{base}: {link}"
            if fragment and target.endswith(".html"):
                assert fragment in parsed[target].ids, f"{base}: {link}"
            checked += 1
    assert checked > 1000


def test_no_page_loads_anything_from_elsewhere(site: Site) -> None:
    for page in site.out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?://', html), page
    assert (site.out / "static/leaflet/leaflet.js").read_bytes().startswith(b"/* @preserve")
    assert "BSD 2-Clause" in (site.out / "static/leaflet/LICENSE").read_text(encoding="utf-8")


def test_a_page_per_place_council_organisation_and_source(site: Site) -> None:
    for table, key in (("cities", "id"), ("local_authorities", "gss_code"),
                       ("organisations", "id"), ("sources", "id")):  # fmt: skip
        names = {path.name for path in (site.out / table).glob("*.html")} - {"index.html"}
        assert names == {file_name(row[key]) for row in read_table(table)}, table


def test_a_place_page_links_every_fact_to_its_source(site: Site) -> None:
    row = next(row for row in read_table("cities") if row["id"] == "liverpool")
    sources = {source["id"]: source["title"] for source in read_table("sources")}
    html = (site.out / "cities/liverpool.html").read_text(encoding="utf-8")
    facts = re.findall(
        r'<th scope="row" title="([a-z_0-9]+)">.*?<td class="source">(.*?)</td>', html
    )
    shown = dict(facts)
    assert shown["latitude"] == (
        f'<a href="../sources/{row["location_source_id"]}.html">'
        f"{sources[row['location_source_id']]}</a>"
    )
    assert f"../sources/{row['lad_source_id']}.html" in shown["lad_code"]
    assert f"../sources/{row['source_id']}.html" in shown["name"]
    assert all(value for value in shown.values())


def test_a_network_page_charts_its_members_over_time(site: Site) -> None:
    html = (site.out / "organisations/core-cities.html").read_text(encoding="utf-8")
    bars = re.findall(r"<title>(\d{4}-\d{2}-\d{2}): (\d+) members</title>", html)
    counts = {day: int(count) for day, count in bars}
    members = members_on("core-cities", "2020-01-01")
    assert counts["2020-01-01"] == len(members) > 0


def test_site_refuses_a_folder_it_did_not_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["site", str(ROOT), "--out", str(tmp_path)]) == 2
    assert "not empty and not a site this command built" in capsys.readouterr().err
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
