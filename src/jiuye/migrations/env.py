"""Alembic environment: uses the connection handed over by :mod:`jiuye.db.migrate`, or the
DATABASE_URL setting when run from the ``alembic`` command line."""

from __future__ import annotations

from alembic import context

from jiuye.db.core import get_engine
from jiuye.schema import UNMANAGED, metadata

config = context.config


def include_object(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001
    """Leave alone what migrations make outside the models (full-text search tables and indexes)."""
    return not (reflected and compare_to is None and name and name.startswith(UNMANAGED))


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        with get_engine().begin() as conn:
            context.configure(connection=conn, target_metadata=metadata, render_as_batch=True,
                              include_object=include_object)
            with context.begin_transaction():
                context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                      include_object=include_object)
    with context.begin_transaction():
        context.run_migrations()


run()
