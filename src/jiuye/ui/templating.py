"""The one Jinja environment, shared by every page of the web app and of the domains.

Every page renders with :func:`render` and extends ``base.html`` (blocks ``title`` and
``content``; optional ``head`` and ``scripts``). The search path is set by the composition root
(:mod:`jiuye.web.app`): the site's templates first, then the ``templates/`` folder of each
domain it mounts (:func:`add_template_dir`), and the domain's ``TEMPLATE_GLOBALS``
(:func:`add_globals`). Every template sees ``lang``, ``_`` (interface text), ``tr(zh, en)``,
``pick`` (``*_zh``/``*_en`` data fields) and the money, date and label helpers below and in
:mod:`.filters`.
"""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, pass_context
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.templating import Jinja2Templates

from ..money import fen_to_yuan
from . import filters, i18n


def yuan(fen: int | None, *, sign: bool = True) -> str:
    """``106667`` → ``¥1,066.67``."""
    if fen is None:
        return "—"
    return f"{'¥' if sign else ''}{fen_to_yuan(fen):,}"


def percent(rate: Any) -> str:
    if isinstance(rate, Fraction):
        pct = rate * 100
        text = f"{float(pct):.2f}".rstrip("0").rstrip(".")
        return f"{rate} ({text}%)" if rate.denominator not in (1, 10, 100, 1000, 10000) else f"{text}%"
    return str(rate)


def _param_unit(name: str) -> str | None:
    from ..params.store import PARAMETERS

    return PARAMETERS[name].unit if name in PARAMETERS else None


def _ctx_lang(ctx: Any) -> str:
    lang = ctx.get("lang")
    if lang in i18n.LANGS:
        return lang
    return i18n.lang_of(ctx.get("request"))


@pass_context
def _gettext(ctx: Any, key: str, **kw: Any) -> str:
    return i18n.gettext(_ctx_lang(ctx), key, **kw)


@pass_context
def _bi(ctx: Any, text: Any) -> str:
    """One side of an engine message written ``中文 / English``."""
    text = "" if text is None else str(text)
    zh, sep, en = text.partition(" / ")
    if not sep:
        return text
    return en if _ctx_lang(ctx) == "en" else zh


@pass_context
def _pick(ctx: Any, obj: Any, field: str) -> Any:
    return i18n.pick(_ctx_lang(ctx), obj, field)


@pass_context
def _label(ctx: Any, table: str, key: Any) -> str:
    tables = {"period": i18n.PERIODS, "subject": i18n.SUBJECTS, "kind": i18n.KINDS, "status": i18n.STATUSES,
              "unit": i18n.UNITS, "choice": i18n.CHOICES}
    return i18n.label(tables[table], _ctx_lang(ctx), key)


def highlight(text: str, terms: list[str] | tuple[str, ...]) -> Markup:
    """Escape ``text`` and wrap each search term in ``<mark>``."""
    out = str(escape(text))
    terms = [t for t in terms if t]
    if not terms:
        return Markup(out)
    pattern = re.compile("|".join(re.escape(str(escape(t))) for t in sorted(terms, key=len, reverse=True)),
                         re.IGNORECASE)
    return Markup(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", out))


def division_name(code: str | None) -> str:
    from ..refdata.divisions import name_of

    if not code:
        return "—"
    return name_of(code) or code


def context(request: Request) -> dict[str, Any]:
    lang = i18n.lang_of(request)
    nav = getattr(request.app.state, "nav", []) if request is not None else []
    return {"lang": lang, "nav_items": nav, "today": date.today()}


#: the ui's own templates (the literate pages); domains add theirs with :func:`add_template_dir`
UI_TEMPLATES = Path(__file__).resolve().parent / "templates"
_loader = ChoiceLoader([FileSystemLoader(str(UI_TEMPLATES))])
templates = Jinja2Templates(env=Environment(loader=_loader, autoescape=True),
                            context_processors=[context])
templates.env.globals.update(_=_gettext, pick=_pick, label=_label, division_name=division_name)
templates.env.filters.update(yuan=yuan, percent=percent, highlight=highlight, bi=_bi)
templates.env.globals.update(filters.GLOBALS)
templates.env.filters.update(filters.FILTERS)
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True


def add_template_dir(path: Path) -> None:
    """Put a folder of templates on the search path, after those already there."""
    known = {p for loader in _loader.loaders if isinstance(loader, FileSystemLoader) for p in loader.searchpath}
    if str(path) not in known:
        _loader.loaders = [*_loader.loaders, FileSystemLoader(str(path))]


def add_globals(values: dict[str, Any]) -> None:
    """Functions and constants a domain's templates use (its ``TEMPLATE_GLOBALS``)."""
    templates.env.globals.update(values)


def render(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200,
           headers: dict[str, str] | None = None) -> Any:
    return templates.TemplateResponse(request, name, context or {}, status_code=status_code, headers=headers)
