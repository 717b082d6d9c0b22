"""The whole database schema. Importing the composition root (:mod:`jiuye.web.app`) imports every
domain it mounts, and with it every domain's models, so ``Base.metadata`` is complete (Alembic's
environment and the tests read :data:`metadata`). A new domain is wired in ``web/app.py`` only;
``tests/db/test_schema_complete.py`` fails if a package's ``models`` module is not reached."""

from __future__ import annotations

from .db.core import Base
from .web import app as composition_root  # noqa: F401  (imports every domain's models)

metadata = Base.metadata
#: name prefixes of objects made by migrations outside the models (search indexes), which a
#: domain's models declare in ``metadata.info["unmanaged"]``
UNMANAGED: tuple[str, ...] = tuple(metadata.info.get("unmanaged", ()))
