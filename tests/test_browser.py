"""The built site in a real browser: headless Chromium, driven by Playwright, on 127.0.0.1.

Skipped, with the reason, where Chromium or Playwright is missing; CI sets
CREATIVE_CITIES_REQUIRE_BROWSER=1, which makes that a failure. Screenshots are saved in
tests/screenshots/ (ignored by git) for a person to look at.
"""

from __future__ import annotations

import functools
import os
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from creative_cities.release.site.build import Site

from .conftest import read_table

CHROMIUM = Path(os.environ.get("CREATIVE_CITIES_CHROMIUM", "/usr/bin/chromium"))
REQUIRED = os.environ.get("CREATIVE_CITIES_REQUIRE_BROWSER") == "1"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]  # fmt: skip
TILES = "https://tile.openstreetmap.org/**"
SCREENSHOTS = Path(__file__).parent / "screenshots"
HOST = "127.0.0.1"


def blank_tile() -> bytes:
    """A 1x1 light-grey PNG, served in place of map tiles (the tests reach no network)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xe8\xe8\xe8")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed: pip install playwright"
    if not CHROMIUM.is_file():
        return f"no Chromium at {CHROMIUM}: apt-get install chromium"
    return None


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server(site: Site) -> Iterator[str]:
    """The site served on 127.0.0.1 at a free port."""
    handler = functools.partial(Quiet, directory=str(site.out))
    httpd = ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = _missing()
    if reason is not None:
        if REQUIRED:
            pytest.fail(f"CREATIVE_CITIES_REQUIRE_BROWSER=1 but {reason}")
        print(f"browser tests skipped: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page whose tile requests get a blank tile, recording console errors as ``errors``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(TILES, lambda route: route.fulfill(body=blank_tile(), content_type="image/png"))
    opened = context.new_page()
    opened.errors = []
    opened.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    try:
        yield opened
    finally:
        context.close()


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def located_places() -> list[dict[str, str]]:
    return [row for row in read_table("cities") if row["latitude"] and row["longitude"]]


def test_home_page_shows_a_marker_per_place_without_console_errors(page: Any, server: str) -> None:
    started = time.monotonic()
    page.goto(f"{server}/index.html")
    page.wait_for_selector("path.place-marker")
    seconds = time.monotonic() - started
    paint = page.evaluate(
        "performance.getEntriesByName('first-contentful-paint').map(e => e.startTime)[0]"
    )
    print(f"home page: first contentful paint {paint:.0f} ms; markers drawn after {seconds:.2f} s")
    assert page.locator("path.place-marker").count() == len(located_places())
    assert (
        page.locator("#shown").inner_text()
        == f"{len(located_places())} of {len(located_places())} places"
    )
    screenshot(page, "home")
    assert page.errors == []


def test_markers_show_when_tiles_cannot_load(browser: Any, server: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(TILES, lambda route: route.abort())
    opened = context.new_page()
    try:
        opened.goto(f"{server}/index.html")
        opened.wait_for_selector("path.place-marker")
        assert opened.locator("path.place-marker").count() == len(located_places())
        screenshot(opened, "home-without-tiles")
    finally:
        context.close()


def test_search_finds_a_place_by_its_alias(page: Any, server: str) -> None:
    alias = next(row for row in read_table("city_aliases") if row["alias"] == "Hull")
    name = next(row["name"] for row in read_table("cities") if row["id"] == alias["city_id"])
    page.goto(f"{server}/index.html")
    page.fill("#search", alias["alias"].lower())
    result = page.locator("#search-results a", has_text=name)
    assert result.count() == 1
    assert alias["alias"] in page.locator("#search-results").inner_text()
    assert page.locator("path.place-marker").count() >= 1
    screenshot(page, "search")
    result.click()
    page.wait_for_url(f"**/cities/{alias['city_id']}.html")
    assert page.locator("h1").inner_text() == name
    assert page.errors == []


def test_network_filter_keeps_the_members_named_by_place(page: Any, server: str) -> None:
    members = {
        row["city_id"]
        for row in read_table("memberships")
        if row["network_id"] == "core-cities" and row["city_id"]
    }
    located = {row["id"] for row in located_places()}
    page.goto(f"{server}/index.html")
    page.select_option("#network", "core-cities")
    assert page.locator("path.place-marker").count() == len(members & located)


def test_a_place_page_lists_its_sources(page: Any, server: str) -> None:
    row = next(row for row in read_table("cities") if row["id"] == "liverpool")
    titles = {source["id"]: source["title"] for source in read_table("sources")}
    page.goto(f"{server}/cities/liverpool.html")
    listed = page.locator("#sources li").all_inner_texts()
    for column in ("source_id", "location_source_id", "lad_source_id"):
        assert any(text.startswith(titles[row[column]]) for text in listed), column
    screenshot(page, "place-liverpool")
    assert page.errors == []


def test_links_between_pages_resolve(page: Any, server: str) -> None:
    checked = 0
    for start in ("index.html", "cities/liverpool.html", "organisations/core-cities.html",
                  "networks.html", "dictionary.html", "downloads.html"):  # fmt: skip
        page.goto(f"{server}/{start}")
        links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for link in {link.split("#")[0] for link in links if link.startswith(server)}:
            response = page.request.get(link)
            assert response.status == 200, f"{start}: {link}"
            checked += 1
    assert checked > 100
    page.goto(f"{server}/organisations/core-cities.html")
    assert page.locator("figure.chart rect").count() > 1
    screenshot(page, "network-core-cities")
