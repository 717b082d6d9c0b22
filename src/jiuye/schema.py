"""The whole database schema: imports every domain's models so ``Base.metadata`` is complete
(Alembic's environment and the tests read :data:`metadata`). It sits above the domains; a new
domain with tables adds its ``models`` import here."""

from __future__ import annotations

from .accounts import models as accounts_models  # noqa: F401
from .applications import models as applications_models  # noqa: F401
from .assistance import models as assistance_models  # noqa: F401
from .audit import models as audit_models  # noqa: F401
from .campaigns import models as campaigns_models  # noqa: F401
from .db.core import Base
from .jobs import models as jobs_models
from .localstd import models as localstd_models  # noqa: F401
from .payments import models as payments_models  # noqa: F401
from .targets import models as targets_models  # noqa: F401

metadata = Base.metadata
#: name prefixes of objects made by migrations outside the models (search indexes)
UNMANAGED: tuple[str, ...] = jobs_models.SEARCH_OBJECTS
