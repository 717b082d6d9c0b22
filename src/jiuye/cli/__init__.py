"""The ``jiuye`` command line. Commands are discovered: every module in this package that
defines ``register(app)`` adds its commands, so domains never edit a shared file."""

from __future__ import annotations

import importlib
import pkgutil

import typer

from .. import logsafe

logsafe.install()  # no personal data in any log record of any command
app = typer.Typer(name="jiuye", help="浙江就业创业政策规则引擎 / Zhejiang employment policy engine",
                  no_args_is_help=True, add_completion=False)


def _register_all() -> None:
    for m in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{m.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register_all()
