"""免申即享 campaigns: from a match to money without an application (docs/campaigns.md)."""
