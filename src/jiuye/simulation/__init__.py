"""Policy simulation (政策仿真): what a change to the rules costs, who gains and who loses.

- :mod:`.reform`: a reform document (YAML/JSON) — parameter values by county and date, reading
  switches, county options, provisions switched off — validated, and turned into parameter
  overrides for each evaluation date;
- :mod:`.counting`: how a year's eligible pairs become that year's cost (one-time once, yearly
  once a year, monthly × months payable, durations and earlier grants respected);
- :mod:`.runner`: baseline and reform over a population, year by year, with the matching
  engine's batch path (:class:`~jiuye.matching.groups.GroupMatcher`);
- :mod:`.outputs`: summaries, winners and losers, CSV / Parquet / Excel, JSON totals;
- :mod:`.views`: the simulation and budget pages.

The readings this package makes (how a year is counted) are in ``docs/simulation.md``.
"""
