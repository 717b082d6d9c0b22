"""County population weights for the synthetic population (sources in ``README.md``).

Weight of a county = its city's 2020 census population × the county's share of the city in the
most recent sourced county figures (``county_population.csv``). Only current county codes appear;
a test checks the 90 codes against :func:`jiuye.refdata.divisions.counties`.
"""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources

import polars as pl


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@functools.cache
def county_weights() -> pl.DataFrame:
    """``code, name, city_code, weight`` (weights sum to 1), sorted by code."""
    cities = {r["code"]: int(r["population_2020"]) for r in _read("city_population.csv")}
    counties = _read("county_population.csv")
    per_city: dict[str, int] = {}
    for r in counties:
        per_city[r["city_code"]] = per_city.get(r["city_code"], 0) + int(r["figure"])
    total = sum(cities.values())
    rows = [(r["code"], r["name"], r["city_code"],
             cities[r["city_code"]] * int(r["figure"]) / per_city[r["city_code"]] / total) for r in counties]
    rows.sort()
    return pl.DataFrame(rows, schema={"code": pl.Utf8, "name": pl.Utf8, "city_code": pl.Utf8, "weight": pl.Float64},
                        orient="row")


#: Current county codes outside Zhejiang used for household registrations (户籍) of migrants:
#: provincial capitals' central districts of the main sending provinces (GB/T 2260).
OUTSIDE_HUKOU = (
    ("340104", "安徽省合肥市蜀山区", 0.22), ("360102", "江西省南昌市东湖区", 0.14),
    ("410105", "河南省郑州市金水区", 0.13), ("520102", "贵州省贵阳市南明区", 0.12),
    ("510104", "四川省成都市锦江区", 0.12), ("430102", "湖南省长沙市芙蓉区", 0.10),
    ("420111", "湖北省武汉市洪山区", 0.07), ("350102", "福建省福州市鼓楼区", 0.05),
    ("320106", "江苏省南京市鼓楼区", 0.05),
)
