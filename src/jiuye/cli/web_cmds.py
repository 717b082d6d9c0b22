"""``jiuye serve``: run the web app (API + pages) with uvicorn."""

from __future__ import annotations

import os
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_cmd(
        host: Annotated[str, typer.Option(help="监听地址 / address to listen on")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="端口 / port")] = 8000,
        demo: Annotated[bool, typer.Option("--demo", help="载入演示数据（SQLite）/ load the bundled demo data")] = False,
        workers: Annotated[int, typer.Option(help="工作进程数 / worker processes")] = 1,
        log_level: Annotated[str, typer.Option(help="日志级别 / uvicorn log level")] = "warning",
    ) -> None:
        """启动网页与接口 / start the web app (calculator, library, parameters, API at /docs)."""
        import uvicorn

        if demo:
            os.environ["JIUYE_DEMO"] = "1"
        url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
        typer.echo(f"政策计算器 / policy calculator: {url}/guide  （完整版 / full: {url}/calculator）")
        typer.echo(f"接口文档 / API docs:            {url}/docs")
        typer.echo(f"打开 / open: {url}", err=False)
        uvicorn.run("jiuye.web.asgi:app", host=host, port=port, workers=workers, log_level=log_level,
                    access_log=False, proxy_headers=False)
