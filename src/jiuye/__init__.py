"""jiuye (就业): Zhejiang employment and entrepreneurship policies as working software.

The public entry points:

- :func:`jiuye.engine.evaluate_case` — one case, as of a date, with explanations;
- :func:`jiuye.engine.evaluate_frame` — a whole Polars table, vectorized;
- :data:`jiuye.catalogue.registry.CATALOGUE` — every declared provision.
"""

__version__ = "0.1.0"
