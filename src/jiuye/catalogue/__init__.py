"""The policy catalogue (政策库): every article or measure of the five documents as data.

- :mod:`.model`     entries and targets (``data/<document>.yaml``), loaded by :func:`load_catalogue`
- :mod:`.targets`   targets' printed figures and the Shaoxing district table
- :mod:`.coverage`  provisions ↔ entries ↔ rule tests; coverage per document; the gaps ratchet
- :mod:`.readings`  the ambiguity register (docs/ambiguities.md)
- :mod:`.html`      the literate pages (``jiuye catalogue --html DIR``)

Conventions (entry ids, kinds, what to do when encoding): docs/catalogue.md.
"""

from .model import COMPUTABLE, KINDS, Catalogue, DocumentCatalogue, Entry, Target, load_catalogue, normalise

__all__ = ["COMPUTABLE", "KINDS", "Catalogue", "DocumentCatalogue", "Entry", "Target", "load_catalogue", "normalise"]
