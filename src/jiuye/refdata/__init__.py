"""Reference data shipped with the package: Zhejiang division codes (current and retired).

See ``README.md`` in this folder for the files, their sources and the ``confidence`` column.
"""

from jiuye.refdata.divisions import (
    PROVINCE_CODE,
    PROVINCE_PREFIXES,
    Division,
    all_current,
    city_of,
    counties,
    current_successor,
    divisions_frame,
    get_division,
    is_current,
    is_known,
    name_of,
    require_division,
)

__all__ = [
    "PROVINCE_CODE",
    "PROVINCE_PREFIXES",
    "Division",
    "all_current",
    "city_of",
    "counties",
    "current_successor",
    "divisions_frame",
    "get_division",
    "is_current",
    "is_known",
    "name_of",
    "require_division",
]
