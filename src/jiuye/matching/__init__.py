"""Proactive matching (政策找人 / 免申即享): every rule over a whole population, who is owed what."""
