"""Oversight (监督): staff read the audit log within their jurisdiction (:mod:`.views`), and the
chains are verified and the business tables reconciled with them (:mod:`.verify`,
:mod:`.reconcile`).

It sits above the domains it checks (applications, entitlements, payments); the audit log itself
(:mod:`jiuye.audit`: writing and chaining events) sits below every domain that records events.
"""
