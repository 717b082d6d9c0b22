"""Alembic migrations, named by date (``2026_11_25_0001_initial.py``); run by ``jiuye db upgrade``
and at application startup (:func:`jiuye.db.migrate.upgrade`)."""
