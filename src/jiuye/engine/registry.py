"""The catalogue: every declared provision of every document, in order."""

from __future__ import annotations

from ..errors import DeclarationError, UnknownProvision
from .history import FEATURES
from .provision import Catalogue, Provision


def _build() -> Catalogue:
    from ..rules import hz_2022_draft, quzhou_2023_12, zj_2021_22, zj_2022_46

    cat = Catalogue()
    for module in (zj_2022_46, zj_2021_22, quzhou_2023_12, hz_2022_draft):
        cat.add(*module.PROVISIONS)
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
