"""The catalogue: every declared provision of every document, in order.

Rule modules are discovered: every module or package directly under :mod:`jiuye.rules` that
defines ``PROVISIONS`` contributes them, documents in the order of ``DOCUMENT_ORDER``.
Adding a document never means editing this file.
"""

from __future__ import annotations

import importlib
import pkgutil

from ..errors import DeclarationError, UnknownProvision
from .history import FEATURES
from .provision import Catalogue, Provision

DOCUMENT_ORDER = ("zj_2022_46", "zj_2021_22", "quzhou_2023_12", "hz_2022_draft", "sx_2023_28")


def _build() -> Catalogue:
    from .. import rules

    names = [m.name for m in pkgutil.iter_modules(rules.__path__)]
    order = {d: i for i, d in enumerate(DOCUMENT_ORDER)}
    names.sort(key=lambda n: (order.get(n, len(order)), n))
    cat = Catalogue()
    for name in names:
        module = importlib.import_module(f"{rules.__name__}.{name}")
        provisions = getattr(module, "PROVISIONS", None)
        if provisions:
            cat.add(*provisions)
    for f in FEATURES.values():
        missing = [pid for pid in f.provisions if pid not in cat.provisions]
        if missing:
            raise DeclarationError(f"history feature {f.name} counts unknown provisions {missing}")
    return cat


CATALOGUE = _build()


def get_provision(provision_id: str) -> Provision:
    try:
        return CATALOGUE.provisions[provision_id]
    except KeyError:
        raise UnknownProvision(provision_id) from None
