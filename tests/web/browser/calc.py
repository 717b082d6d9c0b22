"""Driving the calculator like a person: answer the questions it asks, press 继续, repeat."""

from __future__ import annotations

from typing import Any

BOOL = {True: "true", False: "false"}


def wait_settled(page: Any) -> None:
    page.wait_for_function("() => !document.querySelector('.htmx-request') && !!document.getElementById('results')")


def submit(page: Any, button: str = "#calc-continue") -> None:
    with page.expect_response(lambda r: r.url.endswith("/calculator") and r.request.method == "POST"):
        page.click(button)
    wait_settled(page)


def fill(page: Any, fact: str, value: Any) -> None:
    if isinstance(value, bool):
        page.check(f'input[type=radio][name="{fact}"][value="{BOOL[value]}"]')
    elif page.locator(f'select[name="{fact}"]').count():
        page.select_option(f'select[name="{fact}"]', str(value))
    else:
        page.fill(f'[name="{fact}"]', str(value))


def answer(page: Any, answers: dict[str, Any], *, max_rounds: int = 30, patience: int = 4) -> list[str]:
    """Answer every question the page asks that ``answers`` knows, step by step, pressing 继续
    (unknown questions left blank), until every known answer was given, or the calculator has
    nothing more to ask, or ``patience`` steps in a row asked nothing this person knows.
    Returns the facts answered, in the order they were asked."""
    done: list[str] = []
    idle = 0
    for _ in range(max_rounds):
        asked = page.eval_on_selector_all("#calc-form [data-fact]", "els => els.map(e => e.dataset.fact)")
        todo = [f for f in asked if f in answers and f not in done]
        for f in todo:
            fill(page, f, answers[f])
            done.append(f)
        if set(done) >= set(answers):
            if todo:
                submit(page)
            return done
        if todo:
            idle = 0
        else:
            left = int(page.get_attribute("#calc-progress", "data-left") or "0")
            if not left or idle >= patience:
                return done
            idle += 1
        submit(page)
    raise AssertionError(f"the questionnaire did not settle in {max_rounds} steps; answered {done}")


def open_calculator(page: Any, server: str, *, subject: str = "person", as_of: str | None = None) -> None:
    page.goto(f"{server}/calculator?subject={subject}")
    if as_of:
        page.fill("#f-as_of", as_of)


def card(page: Any, provision_id: str, group: str | None = None) -> Any:
    scope = f"#results .group.{group} " if group else "#results "
    return page.locator(f'{scope}article[data-provision="{provision_id}"]')


def open_details(card_locator: Any) -> Any:
    card_locator.locator("details.why > summary").click()
    return card_locator.locator("details.why")
