"""Targets and the managers 'dashboard (指标分解与驾驶舱): targets as data, actuals, completion, reports."""
