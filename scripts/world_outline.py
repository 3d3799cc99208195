"""Build the map's country outlines (src/storyline/web/static/world/countries-110m.tsv).

From the npm package world-atlas (ISC licence; its data is Natural Earth's,
public domain): ``npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz``,
then ``python scripts/world_outline.py package/countries-110m.json``.

The TopoJSON's arcs are decoded (quantized, delta-encoded) into longitude /
latitude rings, rounded to 0.1 degree (far below a pixel of the story map),
one country a line: ``id <TAB> name <TAB> ring;ring;...`` with a ring as
``lon,lat lon,lat ...``. 108 KB of TopoJSON become 114 KB of plain text that
needs no TopoJSON decoder.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "storyline" / "web" / "static" / "world" / "countries-110m.tsv"


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        part = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(part[1:] if points else part)
    return points


def main(path: str) -> None:
    topo = json.loads(Path(path).read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    lines = []
    for geom in topo["objects"]["countries"]["geometries"]:
        polygons = geom.get("arcs") or []
        if geom["type"] == "Polygon":
            polygons = [polygons]
        rings = []
        for polygon in polygons:
            for indexes in polygon:
                shown = [f"{lon:.1f},{lat:.1f}" for lon, lat in ring(arcs, indexes)]
                kept = [p for n, p in enumerate(shown) if n == 0 or p != shown[n - 1]]  # equal once rounded
                if len(kept) < 4:
                    continue  # an islet smaller than the rounding
                text = " ".join(kept)
                rings.append(text)
        if rings:
            lines.append(f"{geom.get('id', '')}\t{geom['properties'].get('name', '')}\t{';'.join(rings)}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(lines)} countries, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
