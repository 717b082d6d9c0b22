"""National and provincial standards that rules build on (retirement age, ...)."""
