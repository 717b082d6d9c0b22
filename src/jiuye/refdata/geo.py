"""Places below and between counties: towns/streets (乡级), county adjacency and county points.

Files beside this module (see ``README.md`` for every source and caveat):

- ``towns.csv``: 1,387 乡级 units (街道/镇/乡 and NBS statistical units) of Zhejiang's 90 counties,
  NBS 统计用区划和城乡划分代码 2022 via github:modood/Administrative-divisions-of-China@57a0aa9
  dist/streets.csv;
- ``county_adjacency.csv``: 208 neighbouring pairs (both ways), computed from the county polygons of
  github:anzhou99/GeoJsons@ae33047 330X00_full.json (borders within 500 m for at least 1 km);
  临平区 and 钱塘区 have no rows (no post-2021 polygon), neighbours outside Zhejiang are not listed;
- ``county_centroids.csv``: one GCJ-02 point per county from the same GeoJSON (88 of 90).
"""

from __future__ import annotations

import csv
import functools
import io
import math
from dataclasses import dataclass
from importlib import resources

from ..errors import InputError

TOWNS_SOURCE = ("国家统计局 统计用区划和城乡划分代码 2022 via github:modood/Administrative-divisions-of-China@57a0aa9 "
                "dist/streets.csv")
ADJACENCY_SOURCE = "computed from github:anzhou99/GeoJsons@ae33047 330X00_full.json polygons (UTM 51N, 500 m / 1 km)"


@dataclass(frozen=True)
class Town:
    code: str  # 9 digits
    name: str
    type: str  # 街道 / 镇 / 乡 / …
    county_code: str

    @property
    def is_street(self) -> bool:
        return self.type == "街道"


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))))


@functools.cache
def _towns() -> dict[str, Town]:
    return {r["code"]: Town(r["code"], r["name"], r["type"], r["county_code"]) for r in _rows("towns.csv")}


def town(code: str | None) -> Town | None:
    return _towns().get(code or "")


def towns_of(county_code: str) -> list[Town]:
    return [t for t in _towns().values() if t.county_code == county_code]


def require_town(code: str, county_code: str, field: str = "town_code") -> Town:
    t = _towns().get((code or "").strip())
    if t is None:
        raise InputError(field, "未找到该街道（乡镇）", f"unknown town/street code {code!r}")
    if t.county_code != county_code:
        raise InputError(field, f"{t.name}不属于所选县（市、区）", f"{t.name} is not in the chosen county")
    return t


@functools.cache
def _adjacency() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for r in _rows("county_adjacency.csv"):
        out.setdefault(r["code"], set()).add(r["neighbour_code"])
    return {k: frozenset(v) for k, v in out.items()}


def neighbours(county_code: str) -> frozenset[str]:
    """Counties sharing a land (or estuary) border with ``county_code``; empty when not known."""
    return _adjacency().get(county_code, frozenset())


def adjacency_pairs() -> list[tuple[str, str]]:
    return [(a, b) for a, bs in _adjacency().items() for b in sorted(bs)]


@functools.cache
def _centroids() -> dict[str, tuple[float, float]]:
    return {r["code"]: (float(r["lon"]), float(r["lat"])) for r in _rows("county_centroids.csv") if r["lon"] and r["lat"]}


def centroid(county_code: str) -> tuple[float, float] | None:
    return _centroids().get(county_code)


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))
