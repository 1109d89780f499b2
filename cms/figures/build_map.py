"""Draw Europe's countries as SVG paths from Natural Earth's TopoJSON (the npm package world-atlas).

Run once when the map data changes, and commit its outputs: the base map as a static SVG image
(cms/figures/static/cms_figures/europe.svg, drawn under the members' circles) and its frame with
each country's centre (cms/figures/data/europe.json, read by the page to place them):

    npm install --prefix /tmp/atlas world-atlas@2
    .venv/bin/python -m cms.figures.build_map /tmp/atlas/node_modules/world-atlas/countries-50m.json

The site never reads the TopoJSON: it reads the small files written here. See README.md for the
data's source and licence.
"""

import json
import sys
from pathlib import Path

from cms.figures.projection import laea

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "data" / "europe.json"
SVG_OUTPUT = HERE / "static" / "cms_figures" / "europe.svg"
SEA, LAND, OTHER_LAND, BORDER = "#e3eef6", "#f3efe6", "#e4e2de", "#b9b2a3"
WIDTH = 1000
#: Tolerance of the simplification, in pixels of the 1000-wide map.
TOLERANCE = 0.7
#: Points the frame must hold (lon, lat): Iceland, the Azores' longitude at Portugal's latitude,
#: Cyprus, the North Cape, Moscow's longitude east, Crete and Malta south.
FRAME_POINTS = [(-24.5, 66.5), (-10.5, 36.5), (34.6, 34.6), (28, 71.2), (45, 56), (25, 34.8)]
MARGIN = 0.02

# ISO 3166 numeric code (Natural Earth's id) -> alpha-2, for the countries the map names; the
# rest of the land in the frame is drawn as one unnamed shape.
EUROPE = {
    8: "AL",
    20: "AD",
    40: "AT",
    112: "BY",
    56: "BE",
    70: "BA",
    100: "BG",
    191: "HR",
    196: "CY",
    203: "CZ",
    208: "DK",
    233: "EE",
    246: "FI",
    250: "FR",
    276: "DE",
    300: "GR",
    348: "HU",
    352: "IS",
    372: "IE",
    380: "IT",
    428: "LV",
    438: "LI",
    440: "LT",
    442: "LU",
    470: "MT",
    498: "MD",
    492: "MC",
    499: "ME",
    528: "NL",
    807: "MK",
    578: "NO",
    616: "PL",
    620: "PT",
    642: "RO",
    643: "RU",
    674: "SM",
    688: "RS",
    703: "SK",
    705: "SI",
    724: "ES",
    752: "SE",
    756: "CH",
    804: "UA",
    826: "GB",
    336: "VA",
    792: "TR",
    268: "GE",
    51: "AM",
    31: "AZ",
    234: "FO",
    833: "IM",
    832: "JE",
    831: "GG",
    248: "AX",
}
BY_NAME = {"Kosovo": "XK"}


def decode_arcs(topology):
    """The topology's arcs as lists of (lon, lat): quantized and delta-encoded in the file."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def simplify(points, tolerance):
    """Douglas-Peucker, iterative (rings have thousands of points)."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5 or 1e-12
        index, distance = None, tolerance
        for i in range(first + 1, last):
            x, y = points[i]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm
            if d > distance:
                index, distance = i, d
        if index is not None:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_ring(points, tolerance):
    """A closed ring (first point = last) split at its point farthest from the first, so that
    each half has distinct ends."""
    x0, y0 = points[0]
    far = max(range(len(points)), key=lambda i: (points[i][0] - x0) ** 2 + (points[i][1] - y0) ** 2)
    return simplify(points[: far + 1], tolerance)[:-1] + simplify(points[far:], tolerance)[:-1]


def area_centroid(points):
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(area) < 1e-9:
        return 0.0, points[0]
    return abs(area) / 2, (cx / (3 * area), cy / (3 * area))


def build(topology):
    projected = [(x, y) for x, y in (laea(lon, lat) for lon, lat in FRAME_POINTS)]
    xs, ys = [p[0] for p in projected], [p[1] for p in projected]
    span = max(xs) - min(xs)
    x0, x1 = min(xs) - span * MARGIN, max(xs) + span * MARGIN
    y0, y1 = max(ys) + span * MARGIN, min(ys) - span * MARGIN
    scale = WIDTH / (x1 - x0)
    height = round((y0 - y1) * scale)
    frame = {"scale": scale, "x0": x0, "y0": y0}
    pad = 40  # pixels beyond the frame kept (clamped) so that edges stay straight

    def pixel(lon, lat):
        x, y = laea(lon, lat)
        px, py = (x - x0) * scale, (y0 - y) * scale
        return min(max(px, -pad), WIDTH + pad), min(max(py, -pad), height + pad)

    arcs = decode_arcs(topology)
    countries, other = {}, []
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = EUROPE.get(int(geometry["id"])) if geometry.get("id") else None
        code = code or BY_NAME.get(geometry.get("properties", {}).get("name"))
        rings, best = [], (0.0, None)
        for polygon in polygons(geometry):
            for n, ring in enumerate(polygon):
                raw = [(lon, lat) for lon, lat in ring_points(ring, arcs)]
                points = [pixel(lon, lat) for lon, lat in raw]
                rxs, rys = [p[0] for p in points], [p[1] for p in points]
                if max(rxs) <= 0 or min(rxs) >= WIDTH or max(rys) <= 0 or min(rys) >= height:
                    continue  # wholly outside the frame (overseas territories, Asia)
                points = simplify_ring(points, TOLERANCE)
                if len(points) < 3:
                    continue
                area, centre = area_centroid(points)
                if n == 0 and area > best[0]:
                    best = (area, centre)
                rings.append(points)
        if not rings:
            continue
        path = "".join(
            "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in ring).replace(".0,", ",") + "Z"
            for ring in rings
        )
        if code:
            cx, cy = best[1] if best[1] else rings[0][0]
            countries[code] = {"d": path, "x": round(cx, 1), "y": round(cy, 1)}
        else:
            other.append(path)
    return {
        "source": "Natural Earth 1:50m (public domain), via world-atlas 2.0.2 (ISC)",
        "width": WIDTH,
        "height": height,
        "frame": frame,
        "countries": dict(sorted(countries.items())),
        "other": "".join(other),
    }


def svg(data):
    """The base map: sea, the land around, and each named country (with its code as id)."""
    width, height = data["width"], data["height"]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">',
        "<title>Europe (Natural Earth, public domain)</title>",
        f'<rect width="{width}" height="{height}" fill="{SEA}"/>',
        f'<path d="{data["other"]}" fill="{OTHER_LAND}" stroke="{BORDER}" stroke-width=".5"/>',
        f'<g fill="{LAND}" stroke="{BORDER}" stroke-width=".7" stroke-linejoin="round">',
    ]
    for code, country in data["countries"].items():
        parts.append(f'<path id="{code}" d="{country["d"]}"/>')
    parts.append("</g></svg>")
    return "".join(parts)


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    with open(argv[1], encoding="utf-8") as handle:
        data = build(json.load(handle))
    SVG_OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    SVG_OUTPUT.write_text(svg(data), encoding="utf-8")
    frame = {
        "source": data["source"],
        "width": data["width"],
        "height": data["height"],
        "frame": data["frame"],
        "centres": {code: [c["x"], c["y"]] for code, c in data["countries"].items()},
    }
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(json.dumps(frame, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    for path in (SVG_OUTPUT, OUTPUT):
        print(f"{path}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv)
