"""``creative-cities site``: the release files, then a static site built from them."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from importlib import resources as package_files
from pathlib import Path
from typing import Any

from ...descriptor import descriptor_path, read_descriptor
from ..about import About, about
from ..build import Release, build
from ..errors import BuildError
from ..markup import to_html
from ..places import place_index
from ..typed import TypedTable, read_tables
from .content import Cell, Content, file_name
from .networks import chart, counts, network_ids

DOWNLOADS = "downloads"
NO_STATUS = "no status given"
MARKER = ".creative-cities-site"  # marks a folder that this command wrote, and may rewrite
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
COLOURS = ("#c0392b", "#2471a3", "#239b56", "#b9770e", "#7d3c98", "#616a6b")
# The tables a reader looks for first, and what the menu calls them, when the package has them.
MENU = (
    ("cities", "Places"),
    ("local_authorities", "Councils"),
    ("organisations", "Organisations"),
    ("programmes", "Programmes"),
    ("sources", "Sources"),
)


@dataclass(frozen=True)
class Site:
    """What ``build_site`` wrote: the folder, its pages, its size and the release inside it."""

    out: Path
    pages: int
    bytes: int
    release: Release


def _prepare(out: Path) -> None:
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise BuildError(f"{out}: not empty and not a site this command built; choose another")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("built by creative-cities site\n", encoding="utf-8")


def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
    from markupsafe import Markup, escape

    def cell(value: Cell, root: str) -> Markup:
        """A value as HTML: a link when it names a record's page or a web address (each
        part escaped on its own: Markup.format, which does the same, takes four times as long
        over a site's 100,000 cells)."""
        text = escape(value.text)
        if value.href and value.external:
            return Markup(f'<a href="{escape(value.href)}" rel="external">{text}</a>')
        if value.href:
            return Markup(f'<a href="{escape(root + value.href)}">{text}</a>')
        return text

    environment = Environment(
        loader=PackageLoader("creative_cities.release.site", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["markup"] = lambda text: Markup(to_html(str(text)))
    environment.globals["cell"] = cell  # a macro would be called 100,000 times
    return environment


def _copy_static(out: Path) -> None:
    static = package_files.files("creative_cities.release.site").joinpath("static")
    with package_files.as_file(static) as folder:
        shutil.copytree(folder, out / "static")


def _map_data(tables: list[TypedTable], content: Content, tiles: str | None) -> dict[str, Any]:
    index = place_index(tables)
    statuses = sorted({place.status or NO_STATUS for place in index.places})
    colours = {status: COLOURS[number % len(COLOURS)] for number, status in enumerate(statuses)}
    located = [place for place in index.places if place.located]
    return {
        "colours": colours,
        "tiles": None if tiles is None else {"url": tiles, "attribution": OSM_ATTRIBUTION},
        "places": [
            {
                "id": place.id,
                "name": place.name,
                "status": place.status or NO_STATUS,
                "lat": place.latitude,
                "lon": place.longitude,
                "council": place.council_name,
                "aliases": list(place.aliases),
                "networks": list(place.networks),
                "designations": sorted({d.programme_id for d in place.designations}),
                "href": content.href("cities", place.id),
            }
            for place in located
        ],
        "index": index,
    }


class _Writer:
    """Renders templates into the site, each page with the path back to the site's root."""

    def __init__(self, out: Path, common: dict[str, Any]) -> None:
        self.out = out
        self.common = common
        self.environment = _environment()
        self.pages = 0

    def write(self, page: str, template: str, **values: Any) -> None:
        root = "../" * page.count("/")
        html = self.environment.get_template(template).render(**self.common, root=root, **values)
        target = self.out / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8", newline="\n")
        self.pages += 1


def _downloads(release: Release) -> list[dict[str, Any]]:
    return [
        {
            "name": path.name,
            "size": path.stat().st_size,
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
        for path in release.files
    ]


def _sources(content: Content, ids: list[str]) -> list[dict[str, Any]]:
    keyed = content.keyed.get("sources", {})
    return [
        {
            "href": content.href("sources", source),
            "title": content.label("sources", source),
            "url": keyed.get(source, {}).get("url"),
        }
        for source in ids
    ]


def _networks(
    content: Content, tables: list[TypedTable], database: Path, info: About
) -> dict[str, dict[str, Any]]:
    found = {}
    for network_id in network_ids(tables):
        series = counts(database, tables, network_id, info.created.date())
        found[network_id] = {
            "name": content.label("organisations", network_id)
            if content.has("organisations")
            else network_id,
            "href": content.href("organisations", network_id),
            "chart": chart(series),
        }
    return found


def build_site(path: str | Path, out: Path, tiles: str | None = OSM_TILES) -> Site:
    """Validate and build the release files into ``out/downloads``, then write the site.

    ``tiles`` is the address of the map's tile server (``None`` for no tiles: the markers
    show either way). Raises what ``build`` raises, and ``BuildError`` when ``out`` holds
    files that this command did not write.
    """
    _prepare(out)
    release = build(path, out / DOWNLOADS)
    location = descriptor_path(path).resolve()
    descriptor = read_descriptor(location)
    info = about(descriptor)
    tables = read_tables(descriptor, location.parent)
    content = Content(tables)
    database = next(file for file in release.files if file.suffix == ".sqlite")
    networks = _networks(content, tables, database, info)
    menu = [
        {"href": f"{name}/index.html", "title": title} for name, title in MENU if content.has(name)
    ]
    if networks:
        menu.insert(3, {"href": "networks.html", "title": "Networks"})
    map_data = _map_data(tables, content, tiles)
    index = map_data.pop("index")
    writer = _Writer(out, {"about": info, "nav": menu, "tiles": map_data["tiles"]})
    programmes = sorted(
        {(d.programme_id, d.programme) for place in index.places for d in place.designations},
        key=lambda pair: pair[1],
    )
    writer.write(
        "index.html",
        "home.html",
        map_data=map_data,
        colours=map_data["colours"],
        located=map_data["places"],
        places=[
            {"name": p.name, "href": content.href("cities", p.id), "located": p.located}
            for p in index.places
        ],
        networks=[(key, value["name"]) for key, value in networks.items()],
        programmes=programmes,
    )
    writer.write("dictionary.html", "dictionary.html", tables=tables)
    latest = f"{info.homepage}/releases/latest/download/" if info.homepage else ""
    writer.write("downloads.html", "downloads.html", files=_downloads(release), latest=latest)
    if networks:
        writer.write("networks.html", "networks.html", networks=list(networks.values()))
    for table in tables:
        titles = [content.title_of(table, column) for column in table.column_names]
        writer.write(
            f"{table.name}/index.html",
            "table.html",
            table=table,
            titles=titles,
            rows=content.rows(table),
        )
        if table.name not in content.paged:
            continue
        for key, row in content.keyed[table.name].items():
            network = networks.get(key) if table.name == "organisations" else None
            writer.write(
                f"{table.name}/{file_name(key)}",
                "record.html",
                table=table,
                label=content.label(table.name, key),
                facts=content.facts(table, row),
                related=list(content.related(table, key)),
                chart=network["chart"] if network else None,
                sources=_sources(content, content.cited(table, row)),
            )
    _copy_static(out)
    size = sum(file.stat().st_size for file in out.rglob("*") if file.is_file())
    return Site(out, writer.pages, size, release)
