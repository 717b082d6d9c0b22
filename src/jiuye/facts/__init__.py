"""Typed, validated facts about a person, an enterprise or an organisation, and their history.

The rule-facing facts (``P``, ``E``, ``O``, ``H``) are built from these models by the engine
(:mod:`jiuye.engine.vars`).
"""

from .models import BenefitRecord, Case, Enterprise, Organisation, Person

__all__ = ["BenefitRecord", "Case", "Enterprise", "Organisation", "Person"]
