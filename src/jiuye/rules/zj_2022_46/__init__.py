"""浙人社发〔2022〕46号: employment and entrepreneurship in the 26 mountain counties.

One module per article group. Encoded: 第7条 (labour brands), 第8条 (postdocs, workstations),
第11条 (mentor subsidy, talent service check), 第15条 (new technical schools), 第16条 (training-
evaluation organisations, check), 第18条 (“飞地” talent), 第19条 (graduate post subsidy), 第20条
(public-welfare posts), 第21条 (flexible-employment social insurance subsidy), 第23条 (re-startup),
第24条 (startup-driven employment subsidy), 第27条 (community staffing, service subsidy), 第28条
(free recruitment services). The document expired on 2025-12-31.
"""

from . import (
    art07_08_brands_postdocs,
    art11_18_talent,
    art15_16_skills,
    art19_20_groups,
    art21_flexible,
    art23_24_startup,
    art27_28_services,
)
from .art07_08_brands_postdocs import (
    LOCAL_BRAND,
    POSTDOC_SUBSIDY,
    PROVINCIAL_BRAND,
    PROVINCIAL_TOPUP,
    WORKSTATION,
)
from .art11_18_talent import ENCLAVE_STACKING, MENTOR_SUBSIDY, TALENT_SERVICE_CHECK
from .art15_16_skills import TECHNICAL_SCHOOL, TRAINING_EVALUATION_CHECK
from .art19_20_groups import (
    GRADUATE_POST_SUBSIDY,
    GRADUATE_WINDOW_WIDENED,
    PAY_FLOOR,
    POST_SUBSIDY,
    REPLACEMENT,
)
from .art21_flexible import ART21, ART21_FLEXIBLE_SI, AVG_WAGE_CAP, SUBSIDISED_CONTRIBUTION
from .art23_24_startup import (
    ART23,
    ART23_RESTART,
    ART23_STARTUP_EMPLOYMENT,
    ART24,
    ART24_AMOUNT,
    ART24_STARTUP_EMPLOYMENT,
    KEY_GROUP_46,
)
from .common import NS

PROVISIONS = (  # in article order
    PROVINCIAL_BRAND, LOCAL_BRAND, WORKSTATION, POSTDOC_SUBSIDY, PROVINCIAL_TOPUP,  # 第7、8条
    MENTOR_SUBSIDY, TALENT_SERVICE_CHECK,  # 第11条
    TECHNICAL_SCHOOL, TRAINING_EVALUATION_CHECK, ENCLAVE_STACKING,  # 第15、16、18条
    GRADUATE_POST_SUBSIDY, GRADUATE_WINDOW_WIDENED, POST_SUBSIDY, PAY_FLOOR, REPLACEMENT,  # 第19、20条
    ART21_FLEXIBLE_SI, ART23_RESTART, ART23_STARTUP_EMPLOYMENT, ART24_STARTUP_EMPLOYMENT,  # 第21、23、24条
    *art27_28_services.PROVISIONS,  # 第27、28条
)
_MODULES = (art07_08_brands_postdocs, art11_18_talent, art15_16_skills, art19_20_groups, art21_flexible,
            art23_24_startup, art27_28_services)
assert {p.id for m in _MODULES for p in m.PROVISIONS} == {p.id for p in PROVISIONS}, "a provision is not exported"

__all__ = [
    "ART21", "ART21_FLEXIBLE_SI", "ART23", "ART23_RESTART", "ART23_STARTUP_EMPLOYMENT", "ART24", "ART24_AMOUNT",
    "ART24_STARTUP_EMPLOYMENT", "AVG_WAGE_CAP", "ENCLAVE_STACKING", "GRADUATE_POST_SUBSIDY",
    "GRADUATE_WINDOW_WIDENED", "KEY_GROUP_46", "LOCAL_BRAND", "MENTOR_SUBSIDY", "NS", "PAY_FLOOR", "POSTDOC_SUBSIDY",
    "POST_SUBSIDY", "PROVINCIAL_BRAND", "PROVINCIAL_TOPUP", "PROVISIONS", "REPLACEMENT", "SUBSIDISED_CONTRIBUTION",
    "TALENT_SERVICE_CHECK", "TECHNICAL_SCHOOL", "TRAINING_EVALUATION_CHECK", "WORKSTATION",
]
