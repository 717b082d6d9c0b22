"""杭州市推进共富型高质量就业的实施意见（征求意见稿）: one module per article group.

The whole document is a consultation draft: its effective date is the parameter
``hz_2022_draft.effective_date`` (blank), so every result is marked draft until it is set.
"""

from . import jiu_difficulty, san_startup, shiwu_training, si_loans, wu_rent

PROVISIONS = (*san_startup.PROVISIONS, *si_loans.PROVISIONS, *wu_rent.PROVISIONS, *jiu_difficulty.PROVISIONS,
              *shiwu_training.PROVISIONS)
