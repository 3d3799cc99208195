"""Inline SVG for the story page: a timeline chart and a map of places.

No scripts and no tile server: plain shapes the browser draws, every label
escaped. The map is an equirectangular frame over country outlines
(Natural Earth through world-atlas, ``static/world/``) with a graticule,
places at their GeoNames coordinates, labels placed so that they do not
overlap.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from html import escape
from importlib import resources
from typing import Any

from ..extract.events import PRIORITY
from ..render.places import geonames_cities

WIDTH, ROW = 760, 22
# Pixels between two day labels on the axis, at least.
LABEL_GAP = 46
COLOURS = {
    "evacuation": "#1f77b4", "agreement": "#2ca02c", "ceasefire": "#17becf", "armed_clash": "#d62728", "attack": "#e377c2",
    "killing": "#8c2d04", "negotiation": "#9467bd", "displacement": "#ff7f0e", "aid": "#bcbd22", "statement": "#7f7f7f", "other": "#7f7f7f",
}


def timeline_svg(entries: list[dict[str, Any]]) -> str:
    """Dated entries as dots on a day axis, one row per kind of event."""
    dated = [x for x in entries if x.get("date")]
    if not dated:
        return ""
    days = [dt.date.fromisoformat(x["date"]) for x in dated]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    kinds = [k for k in PRIORITY if any(x["type"] == k for x in dated)]
    height = 30 + ROW * len(kinds) + 30
    left, right = 110, WIDTH - 20

    def x_of(day: dt.date) -> float:
        return left + (right - left) * (day - first).days / span

    parts = [f'<svg class="timeline-chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" aria-label="timeline">']
    for n, kind in enumerate(kinds):
        y = 30 + ROW * n
        parts.append(f'<text x="4" y="{y + 4}" font-size="12">{escape(kind)}</text>')
        parts.append(f'<line x1="{left}" y1="{y}" x2="{right}" y2="{y}" stroke="#ddd"/>')
    for x, day in zip(dated, days):
        y = 30 + ROW * kinds.index(x["type"])
        colour = COLOURS.get(x["type"], "#555")
        fill = "white" if x.get("halted") else colour
        tip = escape(f"{x['date']}: {x['text']}")
        parts.append(f'<circle cx="{x_of(day):.1f}" cy="{y}" r="6" fill="{fill}" stroke="{colour}" stroke-width="2"><title>{tip}</title></circle>')
    last_label = -1e9
    for day in sorted(set(days)):
        at = x_of(day)
        if at - last_label < LABEL_GAP:
            continue  # days too close to label apart: the dots' tooltips name them
        parts.append(f'<text x="{at:.1f}" y="{height - 8}" font-size="11" text-anchor="middle">{day.strftime("%d %b")}</text>')
        last_label = at
    parts.append("</svg>")
    return "".join(parts)


# Characters' average width and a label's height at font-size 11, in pixels:
# enough to keep labels apart without measuring text.
CHAR_WIDTH, LABEL_HEIGHT = 6.2, 12
# Where a label may sit around its dot (dx, dy of its left baseline; anchor), tried in order.
LABEL_PLACES = ((7, 4, "start"), (-7, 4, "end"), (0, -8, "middle"), (0, 16, "middle"), (7, -6, "start"), (-7, 14, "end"))


def map_svg(points: list[tuple[str, float, float]]) -> str:
    """Places (name, latitude, longitude) on a frame around them, over country outlines.

    Labels take the first place around their dot that overlaps no other
    label and no dot; a label that finds none is left to the dot's tooltip."""
    if not points:
        return ""
    lats = [p[1] for p in points]
    lons = [p[2] for p in points]
    pad = 5.0
    south, north = max(min(lats) - pad, -90), min(max(lats) + pad, 90)
    west, east = max(min(lons) - pad, -180), min(max(lons) + pad, 180)
    w, h = 420, max(160, int(420 * (north - south) / max(east - west, 1)))
    h = min(h, 420)

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (w * (lon - west) / (east - west), h * (north - lat) / (north - south))

    parts = [f'<svg class="map" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="map of places">']
    parts.append(f'<rect x="0" y="0" width="{w}" height="{h}" fill="#eef4fa" stroke="#9ab"/>')
    outline = _outline_path(west, east, south, north, xy)
    if outline:
        parts.append(f'<path class="land" d="{outline}" fill="#f4f1e8" stroke="#b8b0a0" stroke-width="0.6"/>')
    step = 5 if east - west < 40 else 10
    for lon in range(int(west // step * step), int(east) + 1, step):
        x, _ = xy(0, lon)
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{h}" stroke="#d5e1ec" stroke-opacity="0.6"/>')
    for lat in range(int(south // step * step), int(north) + 1, step):
        _, y = xy(lat, 0)
        parts.append(f'<line x1="0" y1="{y:.1f}" x2="{w}" y2="{y:.1f}" stroke="#d5e1ec" stroke-opacity="0.6"/>')
    dots = [(name, *xy(lat, lon)) for name, lat, lon in points]
    for name, x, y in dots:
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#c0392b"><title>{escape(name)}</title></circle>')
    for name, x, y, anchor in place_labels(dots, w, h):
        parts.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="11" text-anchor="{anchor}">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


Box = tuple[float, float, float, float]


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(dots: list[tuple[str, float, float]], width: float, height: float) -> list[tuple[str, float, float, str]]:
    """(name, x, y, text-anchor) for each label that fits beside its dot without overlapping another label or dot."""
    taken: list[Box] = [(x - 4, y - 4, x + 4, y + 4) for _, x, y in dots]
    out = []
    for name, x, y in dots:
        size = CHAR_WIDTH * len(name)
        for dx, dy, anchor in LABEL_PLACES:
            left = x + dx - {"start": 0, "middle": size / 2, "end": size}[anchor]
            box = (left, y + dy - LABEL_HEIGHT + 2, left + size, y + dy + 2)
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height
            if inside and not any(_overlaps(box, other) for other in taken):
                taken.append(box)
                out.append((name, x + dx, y + dy, anchor))
                break
    return out


def _outline_path(west: float, east: float, south: float, north: float, xy) -> str:  # noqa: ANN001 - the frame's projection
    """One SVG path of the country rings that reach into the frame (the SVG clips the rest)."""
    d = []
    for rings in _countries().values():
        for ring in rings:
            if not any(west - 10 <= lon <= east + 10 and south - 10 <= lat <= north + 10 for lon, lat in ring):
                continue
            pts = [xy(lat, lon) for lon, lat in ring]
            d.append("M" + " ".join(f"{x:.1f} {y:.1f}" for x, y in pts) + "Z")
    return "".join(d)


def _point(text: str) -> tuple[float, float]:
    lon, lat = text.split(",")
    return float(lon), float(lat)


@cache
def _countries() -> dict[str, list[list[tuple[float, float]]]]:
    """Country name -> rings of (lon, lat), from the outlines shipped in static/world/ (see its README)."""
    text = resources.files("storyline.web").joinpath("static").joinpath("world").joinpath("countries-110m.tsv").read_text(encoding="utf-8")
    out: dict[str, list[list[tuple[float, float]]]] = {}
    for line in text.splitlines():
        _, name, rings = line.split("\t")
        out[name] = [[_point(p) for p in ring.split(" ")] for ring in rings.split(";")]
    return out


def coordinates(entities: list[dict[str, Any]]) -> list[tuple[str, float, float]]:
    """(English name, lat, lon) of the story's places known to GeoNames (cities; countries by their capital)."""
    cities = geonames_cities()
    capitals = _capitals()
    out = []
    for e in entities:
        if e["type"] != "location":
            continue
        key = e["id"]
        if key.startswith("e-loc-geo-"):
            city = cities.get(key.rsplit("-", 1)[1])
        elif key.startswith("e-loc-country-"):
            city = capitals.get(key.rsplit("-", 1)[1].upper())
        else:
            city = None
        if city:
            out.append((e.get("name_en") or e["name"], float(city["latitude"]), float(city["longitude"])))
    return out


@cache
def _capitals() -> dict[str, dict]:
    """ISO country code -> its capital's GeoNames city record."""
    from ..extract.gazetteer import geonames

    wanted = {iso: c.get("capital") for iso, c in geonames().get_countries().items()}
    out: dict[str, dict] = {}
    for city in geonames_cities().values():
        iso = city["countrycode"]
        if wanted.get(iso) == city["name"] and iso not in out:
            out[iso] = city
    return out
