"""The rules engine. See :mod:`jiuye.engine.expr` for the expression language."""

from .provision import Condition, Document, Hint, Kind, Period, Provision, Reading, Status, Subject

__all__ = ["Condition", "Document", "Hint", "Kind", "Period", "Provision", "Reading", "Status", "Subject",
           "evaluate_case", "evaluate_frame"]


def __getattr__(name: str):
    if name == "evaluate_case":
        from .single import evaluate_case

        return evaluate_case
    if name == "evaluate_frame":
        from .batch import evaluate_frame

        return evaluate_frame
    raise AttributeError(name)
