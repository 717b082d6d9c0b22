"""Synthetic Zhejiang population (persons, enterprises, benefit history) for matching and demos."""
