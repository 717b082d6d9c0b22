"""杭州市推进共富型高质量就业的实施意见（征求意见稿）: one module per article group.

The whole document is a consultation draft: its effective date is the parameter
``hz_2022_draft.effective_date`` (blank), so every result is marked draft until it is set.

（二十三） is procedure: the blank effective date is that parameter; the implementing rules are left
to the municipal bureaus (so many amounts are local standards, not set); and the draft repeals the
documents in :data:`REPEALED`, which nothing in this package encodes.
"""

from . import (
    ba_graduates,
    ba_internship,
    ershi_community,
    jiu_difficulty,
    jiu_employers,
    liu_mentors,
    qi_researchers,
    san_employment,
    san_startup,
    shi_rural,
    shiba_services,
    shier_disabled,
    shijiu_unemployment,
    shiliu_incentives,
    shisan_apprenticeship,
    shisi_projects,
    shiwu_competition,
    shiwu_training,
    si_lenders,
    si_loans,
    wu_platforms,
    wu_rent,
)

REPEALED_CLAUSE = "杭政函〔2015〕174 号、杭政函〔2018〕81 号、杭政函〔2019〕19 号同时废止。"
REPEALED = ("杭政函〔2015〕174号", "杭政函〔2018〕81号", "杭政函〔2019〕19号")

PROVISIONS = (
    *san_startup.PROVISIONS, *san_employment.PROVISIONS,
    *si_loans.PROVISIONS, *si_lenders.PROVISIONS,
    *wu_rent.PROVISIONS, *wu_platforms.PROVISIONS,
    *liu_mentors.PROVISIONS,
    *qi_researchers.PROVISIONS,
    *ba_internship.PROVISIONS, *ba_graduates.PROVISIONS,
    *jiu_difficulty.PROVISIONS, *jiu_employers.PROVISIONS,
    *shi_rural.PROVISIONS,
    *shier_disabled.PROVISIONS,
    *shisan_apprenticeship.PROVISIONS,
    *shisi_projects.PROVISIONS,
    *shiwu_training.PROVISIONS, *shiwu_competition.PROVISIONS,
    *shiliu_incentives.PROVISIONS,
    *shiba_services.PROVISIONS,
    *shijiu_unemployment.PROVISIONS,
    *ershi_community.PROVISIONS,
)
