"""Import every domain's models so ``Base.metadata`` is complete (Alembic, tests)."""

from __future__ import annotations

from ..accounts import models as accounts_models  # noqa: F401
from ..applications import models as applications_models  # noqa: F401
from ..assistance import models as assistance_models  # noqa: F401
from ..audit import models as audit_models  # noqa: F401
from ..jobs import models as jobs_models  # noqa: F401
from ..localstd import models as localstd_models  # noqa: F401
from ..payments import models as payments_models  # noqa: F401
from ..targets import models as targets_models  # noqa: F401
from .core import Base

metadata = Base.metadata
#: name prefixes of objects made by migrations outside the models (search indexes)
UNMANAGED: tuple[str, ...] = jobs_models.SEARCH_OBJECTS
