"""The ``jiuye`` command line. Each command module is imported here and adds its commands with
``register(app)``; a module that fails to import stops the CLI at once. A new command module is
one import and one entry in :data:`COMMANDS`."""

from __future__ import annotations

import typer

from .. import logsafe
from . import (
    assistance_cmds,
    campaign_cmds,
    catalogue_cmds,
    db_cmds,
    engine_cmds,
    localstd_cmds,
    match_cmds,
    simulate_cmds,
    targets_cmds,
    web_cmds,
)

logsafe.install()  # no personal data in any log record of any command
app = typer.Typer(name="jiuye", help="浙江就业创业政策规则引擎 / Zhejiang employment policy engine",
                  no_args_is_help=True, add_completion=False)

#: Every command module, in the order of ``jiuye --help``.
COMMANDS = (assistance_cmds, campaign_cmds, catalogue_cmds, db_cmds, engine_cmds, localstd_cmds, match_cmds, simulate_cmds, targets_cmds,
            web_cmds)

for _module in COMMANDS:
    _module.register(app)
