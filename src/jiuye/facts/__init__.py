"""Typed, validated facts about a person, an enterprise or an organisation, and their history."""

from .models import BenefitRecord, Case, Enterprise, Organisation, Person
from .vars import E, H, O, P, fact_by_name

__all__ = ["BenefitRecord", "Case", "Enterprise", "Organisation", "Person", "E", "H", "O", "P", "fact_by_name"]
