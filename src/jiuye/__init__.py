"""jiuye (就业): Zhejiang employment and entrepreneurship policies as working software.

The public entry points:

- :func:`jiuye.engine.evaluate_case` — one case, as of a date, with explanations;
- :func:`jiuye.engine.evaluate_frame` — a whole Polars table, vectorized;
- :data:`jiuye.catalogue.registry.CATALOGUE` — every declared provision.

Importing ``jiuye`` before Polars sets Polars' allocator (jemalloc, which reads ``_RJEM_MALLOC_CONF``
once, when Polars loads) to :data:`MALLOC_CONF` unless the variable is already set: one arena for
every thread, so that what one thread frees (Polars' pool, the caller's threads, a second
evaluation side by side) is reused by the next allocation instead of staying in that thread's own
arena (ten provisions over 1M persons: peak 336 → 281 MiB, the same CPU). The ``jiuye`` command
and the processes it starts (``jiuye match``'s worker) inherit it.
"""

import os

__version__ = "0.1.0"

MALLOC_CONF = "narenas:1"
os.environ.setdefault("_RJEM_MALLOC_CONF", MALLOC_CONF)
