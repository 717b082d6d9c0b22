"""The guided calculator's pages: ``/guide`` (start, then one question at a time).

- ``GET /guide``: the start (life events and county); with ``?t=<token>`` the session's current step.
- ``POST /guide``: ``op=start`` (events, place, optional as_of), ``op=answer`` (the asked facts),
  ``op=skip`` (all "不清楚"); each answers 303 to ``/guide?t=<new token>`` (so reload, the back
  button and the language switch keep the session), or the same step with the errors (422).
- ``GET /guide?t=<token>&edit=<fact>``: asks that question again (the answer is taken back).

Each benefit card one can apply for (money or a loan, in force, not a draft) links to
``/apply?provision=<id>&answers=<token>`` (``a.apply[data-apply=<id>]``; see :mod:`.guided` for the
token and :mod:`.prefill` for the page that reads it).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..applications.schemas import applicable
from ..catalogue.registry import CATALOGUE
from ..errors import InputError
from ..refdata.divisions import all_current, counties
from ..ui import i18n
from ..ui.templating import render
from .forms import MAX_DATE, MIN_DATE, field_specs
from .guided import (
    EVENTS,
    GuidedState,
    answer_text,
    check_start,
    dump_token,
    evaluate,
    load_token,
    provisions_of,
)
from .guided_ask import (
    check_answer,
    group_of,
    next_question,
    plain_label,
    question_for,
    ranked_questions,
    remaining_questions,
)
from .guided_result import summarise, yuan_text

router = APIRouter(include_in_schema=False)
APPLY_PATH = "/apply"


def county_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    return [(city.name, [(c.code, c.name) for c in counties(city.code)])
            for city in all_current() if city.level == "city"]


def _lang(request: Request) -> str:
    return i18n.lang_of(request)


def _go(state: GuidedState, **extra: str) -> RedirectResponse:
    return RedirectResponse("/guide?" + urlencode({"t": dump_token(state), **extra}), status_code=303)


def _start_page(request: Request, *, errors: dict[str, tuple[str, str]] | None = None,
                events: list[str] | None = None, place: str = "", as_of: str = "", status: int = 200) -> Response:
    return render(request, "guide/start.html", {
        "events": EVENTS, "chosen": events or [], "place": place, "as_of": as_of, "errors": errors or {},
        "county_groups": county_groups(), "today": date.today()}, status_code=status)


def _has_apply(request: Request) -> bool:
    try:  # the app's routes are nested routers (FastAPI ≥ 0.16x): ask by the route's name
        return request.app.url_path_for("apply_page") == APPLY_PATH
    except Exception:  # noqa: BLE001  (starlette's NoMatchFound: no /apply page mounted)
        return False


def _answers_list(state: GuidedState, lang: str) -> list[dict[str, str]]:
    specs = field_specs()
    out = [{"fact": n, "label": plain_label(specs[n], lang), "text": answer_text(specs[n], raw, lang)}
           for n, raw in state.answers.items() if n in specs]
    return out


def _skipped_list(state: GuidedState, lang: str) -> list[dict[str, str]]:
    specs = field_specs()
    return [{"fact": n, "label": plain_label(specs[n], lang)} for n in state.skipped if n in specs]


def _step_page(request: Request, state: GuidedState, *, focus: str | None = None,
               errors: dict[str, str] | None = None, entered: dict[str, str] | None = None,
               status: int = 200) -> Response:
    lang = _lang(request)
    try:
        result = evaluate(state)
    except InputError as exc:  # an answer the models refuse (a rule changed since it was given): ask again
        name = next((n for n in state.answers if exc.field.startswith(n)), None)
        if name is None:
            return _start_page(request, errors={"token": (exc.message_zh, exc.message_en)}, status=422)
        state.answers.pop(name)
        message = exc.message_en if lang == "en" else exc.message_zh
        if field_specs()[name].widget == "adcode":  # a retired county: say so without its code
            message = ("the county chosen before no longer exists; choose again" if lang == "en"
                       else "原来选择的县（市、区）已调整，请重新选择")
        return _step_page(request, state, focus=group_of(name)[0],
                          errors={name: f"{plain_label(field_specs()[name], lang)}：{message}"}, status=422)
    ranked = ranked_questions(state, result)
    question = question_for(state, focus) if focus else None
    question = question or next_question(state, result, ranked)
    specs = field_specs()
    chosen, other = provisions_of(state)
    token = dump_token(state)
    summary = summarise(result, lang, other_count=len(other), titles=CATALOGUE.provisions) \
        if state.answer_count or question is None else None
    ctx: dict[str, Any] = {
        "state": state, "token": token, "question": question, "specs": specs, "errors": errors or {},
        "entered": entered or {}, "summary": summary, "answers": _answers_list(state, lang),
        "skipped": _skipped_list(state, lang),
        "remaining": remaining_questions(ranked), "events": EVENTS, "county_groups": county_groups(),
        "place_name": _county(state.place), "apply_ok": _has_apply(request) and state.subject != "organisation",
        "can_apply": applicable, "plain_label": plain_label,
        "apply_href": lambda pid: f"{APPLY_PATH}?" + urlencode({"provision": pid, "answers": token}),
        "unit_of": unit_of, "yuan_text": yuan_text,
    }
    return render(request, "guide/step.html", ctx, status_code=status)


def _county(code: str) -> str:
    from .guided import county_name

    return county_name(code) or ""


def unit_of(spec: Any, lang: str) -> str:
    """The unit shown beside a number field, as the question asks it."""
    en = lang == "en"
    if spec.widget == "money":
        return "yuan" if en else "元"
    if spec.widget == "percent":
        return "%"
    if spec.widget == "int":
        f = spec.field
        if "months" in f:
            return "months" if en else "个月"
        if f.endswith("_m2"):
            return "m²" if en else "平方米"
        if "days" in f:
            return "days" if en else "天"
        if f.endswith(("hires_12m", "hires", "members_in_quzhou", "residents")):
            return "people" if en else "人"
    return ""


@router.get("/guide")
def guide_page(request: Request, t: str | None = None, edit: str | None = None) -> Response:
    if not t:
        return _start_page(request)
    state = load_token(t)
    if state is None or not state.started:
        return _start_page(request, errors={"token": ("链接已失效，请重新开始", "This link has expired; please start again")},
                           status=400)
    if edit and edit in field_specs():
        key, facts = group_of(edit)
        for f in facts:
            state.answers.pop(f, None)
        state.skipped = [f for f in state.skipped if f not in facts]
        return _step_page(request, state, focus=key)
    return _step_page(request, state)


def _form_list(form: Any, key: str) -> list[str]:
    return [str(v) for v in form.getlist(key)]


@router.post("/guide")
async def guide_submit(request: Request) -> Response:
    form = await request.form()
    op = str(form.get("op") or "answer")
    if op == "start":
        events = [e for e in _form_list(form, "event") if e in EVENTS]
        place = str(form.get("place") or "").strip()
        as_of_raw = str(form.get("as_of") or "").strip()
        errors = check_start(events, place)
        as_of = date.today()
        if as_of_raw:
            try:
                as_of = date.fromisoformat(as_of_raw)
                if not MIN_DATE <= as_of <= MAX_DATE:
                    raise ValueError
            except ValueError:
                errors["as_of"] = ("评估日期应为1900至2100年间的日期", "The evaluation date must be a date between 1900 and 2100")
        if errors:
            return _start_page(request, errors=errors, events=events, place=place, as_of=as_of_raw, status=422)
        return _go(GuidedState(tuple(events), place, as_of))
    state = load_token(str(form.get("t") or ""))
    if state is None or not state.started:
        return _start_page(request, errors={"token": ("链接已失效，请重新开始", "This link has expired; please start again")},
                           status=400)
    specs = field_specs()
    asked = [f for f in _form_list(form, "asked") if f in specs]
    lang = _lang(request)
    state.steps += 1
    if op == "skip":
        state.skipped.extend(f for f in asked if f not in state.skipped and f not in state.answers)
        return _go(state)
    errors: dict[str, str] = {}
    entered: dict[str, str] = {}
    for name in asked:
        raw = str(form.get(name) or "").strip()
        entered[name] = raw
        if raw in ("", "?"):
            state.answers.pop(name, None)
            if name not in state.skipped:
                state.skipped.append(name)
            continue
        value, message = check_answer(specs[name], raw, state, lang)
        if message:
            errors[name] = message
        else:
            state.answers[name] = value  # type: ignore[assignment]
            state.skipped = [f for f in state.skipped if f != name]
    if errors:
        state.steps -= 1
        for name in asked:  # nothing of a refused question is kept: it is asked again as it was
            state.answers.pop(name, None)
            state.skipped = [f for f in state.skipped if f != name]
        return _step_page(request, state, focus=group_of(asked[0])[0], errors=errors, entered=entered, status=422)
    return _go(state)
