#!/usr/bin/env python3
"""Convert Natural Earth's country outlines into the web UI's world map.

Usage (from the repository root):

    python3 scripts/convert_naturalearth.py              # downloads the pinned wheel with pip
    python3 scripts/convert_naturalearth.py --wheels DIR # or reads it from DIR

Source: Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries (public domain,
https://www.naturalearthdata.com/about/terms-of-use/), as shipped in the PyPI package
geopandas 0.14.4 (`geopandas/datasets/naturalearth_lowres`; geopandas itself: BSD-3-Clause).
Writes data/map/countries.tsv: one row per country, its ISO 3166-1 alpha-3 code (empty when
Natural Earth has none), its name, and its outline as an SVG path in an equirectangular
projection (x = longitude, y = -latitude, degrees, one decimal), simplified with the
Douglas-Peucker algorithm (tolerance TOLERANCE degrees) so the file stays small.
Python 3.11 standard library only (plus pip to fetch the wheel): the shapefile and its dBASE
table are read directly.
"""

from __future__ import annotations

import argparse
import io
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "data" / "map" / "countries.tsv"
WHEEL = "geopandas==0.14.4"
BASE = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
COMMAND = "python3 scripts/convert_naturalearth.py"
# Degrees: about 20 km, invisible on a world map a thousand pixels wide.
TOLERANCE = 0.2
# Rings smaller than this (square degrees) are dropped: specks no one can click.
MIN_AREA = 0.05


def read_dbf(data: bytes) -> list[dict[str, str]]:
    """The records of a dBASE III table (the shapefile's attributes)."""
    n_records, header_len, record_len = struct.unpack("<xxxxIHH", data[:12])
    fields = []
    pos = 32
    while data[pos] != 0x0D:
        name = data[pos : pos + 11].split(b"\0")[0].decode("ascii")
        length = data[pos + 16]
        fields.append((name, length))
        pos += 32
    records = []
    for i in range(n_records):
        rec = data[header_len + i * record_len : header_len + (i + 1) * record_len]
        if rec[:1] == b"*":  # deleted
            continue
        off = 1
        row = {}
        for name, length in fields:
            row[name] = rec[off : off + length].decode("utf-8", "replace").strip()
            off += length
        records.append(row)
    return records


def read_shp(data: bytes) -> list[list[list[tuple[float, float]]]]:
    """Each record's rings (lists of (lon, lat)) of a polygon shapefile."""
    shapes = []
    pos = 100
    while pos < len(data):
        _, length = struct.unpack(">ii", data[pos : pos + 8])
        content = data[pos + 8 : pos + 8 + 2 * length]
        pos += 8 + 2 * length
        shape_type = struct.unpack("<i", content[:4])[0]
        if shape_type == 0:
            shapes.append([])
            continue
        if shape_type != 5:
            raise SystemExit(f"unexpected shape type {shape_type} (polygons expected)")
        n_parts, n_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", content[44 : 44 + 4 * n_parts]))
        pts_at = 44 + 4 * n_parts
        points = [
            struct.unpack("<dd", content[pts_at + 16 * i : pts_at + 16 * (i + 1)])
            for i in range(n_points)
        ]
        rings = []
        for k, start in enumerate(parts):
            end = parts[k + 1] if k + 1 < n_parts else n_points
            rings.append(points[start:end])
        shapes.append(rings)
    return shapes


def douglas_peucker(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """The points of a polyline that keep it within `tol` of the original (iterative)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, best_i = 0.0, -1
        for i in range(a + 1, b):
            x, y = points[i]
            if norm == 0:
                d = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            else:
                d = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
            if d > best:
                best, best_i = d, i
        if best > tol:
            keep[best_i] = True
            stack.append((a, best_i))
            stack.append((best_i, b))
    return [p for p, k in zip(points, keep) if k]


def area(ring: list[tuple[float, float]]) -> float:
    """Absolute area of a ring (shoelace), square degrees."""
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        s += x1 * y2 - x2 * y1
    return abs(s) / 2


def svg_path(rings: list[list[tuple[float, float]]]) -> str:
    """The rings as one SVG path: `M x y L x y … Z` per ring, y = -latitude."""
    out = []
    for ring in rings:
        if area(ring) < MIN_AREA:
            continue
        simple = douglas_peucker(ring, TOLERANCE)
        if len(simple) < 4:
            continue
        coords = " ".join(f"{x:.1f} {-y:.1f}".replace("-0.0", "0.0") for x, y in simple[:-1])
        out.append(f"M{coords}Z")
    return "".join(out)


def wheel_path(wheels: Path | None, tmp: Path) -> Path:
    if wheels is None:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", WHEEL, "--no-deps", "-d", str(tmp), "-q"],
            check=True,
        )
        wheels = tmp
    found = sorted(wheels.glob("geopandas-0.14.4-*.whl"))
    if not found:
        raise SystemExit(f"no geopandas 0.14.4 wheel in {wheels}")
    return found[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheels", type=Path, help="folder holding the geopandas wheel")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(wheel_path(args.wheels, Path(tmp))) as z:
            shp = z.read(BASE + ".shp")
            dbf = z.read(BASE + ".dbf")
    records = read_dbf(dbf)
    shapes = read_shp(shp)
    if len(records) != len(shapes):
        raise SystemExit(f"{len(records)} attribute rows for {len(shapes)} shapes")
    rows = []
    for rec, rings in zip(records, shapes):
        path = svg_path(rings)
        if not path:
            continue
        code = rec.get("iso_a3", "")
        code = "" if code in ("-99", "") else code
        rows.append((rec.get("name", ""), code, path))
    rows.sort()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    buf.write(
        "# Country outlines for the web UI's map: Natural Earth 1:110m Admin 0 - Countries\n"
        "# (public domain), from the PyPI package geopandas 0.14.4. Generated by\n"
        f"# `{COMMAND}`; do not edit. See map/SOURCES.md.\n"
        "# Columns: ISO 3166-1 alpha-3 (empty when none), name, SVG path (x = longitude,\n"
        f"# y = -latitude, degrees; Douglas-Peucker tolerance {TOLERANCE} degrees).\n"
        "# code\tname\tpath\n"
    )
    for name, code, path in rows:
        buf.write(f"{code}\t{name}\t{path}\n")
    OUT.write_text(buf.getvalue(), encoding="utf-8")
    print(f"{OUT.relative_to(REPO)}: {len(rows)} countries, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
