"""Parameters: data files with dated values and a source on every value.

Resolve them once per date into an immutable :class:`Snapshot`; rules read only snapshots.
"""

from .store import PARAMETERS, Parameter, ParameterStore, Snapshot, ValueEntry, load_parameters

__all__ = ["PARAMETERS", "Parameter", "ParameterStore", "Snapshot", "ValueEntry", "load_parameters"]
