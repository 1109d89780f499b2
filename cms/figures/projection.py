"""The map's projection: Lambert azimuthal equal-area centred on Europe (as EPSG:3035), scaled to
the map's frame. Pure functions, shared by the script that draws the countries (build_map.py)
and by the page that places organisations on them, so both agree to the pixel."""

import math

#: Centre of the projection (degrees), the one the European Environment Agency uses.
LON0 = 10.0
LAT0 = 52.0


def laea(lon: float, lat: float) -> tuple[float, float]:
    """(x, y) on the unit sphere's Lambert azimuthal equal-area plane, y pointing north."""
    lam, phi = math.radians(lon - LON0), math.radians(lat)
    phi0 = math.radians(LAT0)
    cos_c = math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)
    k = math.sqrt(2 / max(1 + cos_c, 1e-12))
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return x, y


def to_frame(lon: float, lat: float, frame: dict) -> tuple[float, float]:
    """Pixel coordinates (y pointing down) of a point in a frame saved by build_map.py
    (`scale`, `x0`, `y0`: the projected top-left corner)."""
    x, y = laea(lon, lat)
    return (x - frame["x0"]) * frame["scale"], (frame["y0"] - y) * frame["scale"]
