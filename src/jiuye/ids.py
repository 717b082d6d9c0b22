"""Identity numbers: 公民身份号码 (GB 11643-1999) and 统一社会信用代码 (GB 32100-2015).

Scalar checks return a frozen info object or raise :class:`InvalidIdentifier`; the Polars
builders :func:`id_number_valid_expr` and :func:`uscc_valid_expr` compute the same check
characters with native expressions (no Python per row) and agree with the scalar checks.

Error messages never carry a full number: only ``mask_id_number(value)``.

Area codes: we hold Zhejiang's table only (:mod:`jiuye.refdata.divisions`). An area code that is
a current or retired Zhejiang code is *known*; a code of another province is fine without a
warning; an unknown Zhejiang code (e.g. 339999) or an invalid province prefix is a warning,
never an error.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date

import polars as pl

from jiuye.errors import InputError
from jiuye.refdata.divisions import PROVINCE_PREFIXES, get_division

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11)
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, Z, S, V
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
EARLIEST_BIRTH = date(1900, 1, 1)

#: Registration authorities (登记管理部门, 1st character) as commonly cited from GB 32100-2015.
#: Informative only: the first character is never used to reject a code.
REGISTRATION_AUTHORITY_NAMES = {
    "1": "机构编制",
    "5": "民政",
    "9": "工商（市场监督管理）",
    "A": "中央军委改革和编制办公室",
    "N": "农业",
    "Y": "其他",
}
#: Organisation types (机构类别, 2nd character) for the three common authorities.
ORG_TYPE_NAMES = {
    ("1", "1"): "机关",
    ("1", "2"): "事业单位",
    ("1", "3"): "中央编办直接管理机构编制的群众团体",
    ("5", "1"): "社会团体",
    ("5", "2"): "民办非企业单位",
    ("5", "3"): "基金会",
    ("9", "1"): "企业",
    ("9", "2"): "个体工商户",
    ("9", "3"): "农民专业合作社",
}

# Stripped around a value (ASCII whitespace, NBSP, ideographic space); the same set in Polars.
_STRIP = " \t\r\n\f\v\u00a0\u3000"
_ID_RE = re.compile(r"[0-9]{17}[0-9Xx]")
_USCC_CLASS = "0-9A-HJ-NP-RTUWXYa-hj-np-rtuwxy"
_USCC_RE = re.compile(f"[{_USCC_CLASS}]{{18}}")
_USCC_RE_ONE = re.compile(f"[{_USCC_CLASS}]")
_NATIONAL_AREA = "100000"  # USCC of central-level bodies

# (zh, en) per "kind.reason"; the reason after the dot is InvalidIdentifier.reason.
_MESSAGES: dict[str, tuple[str, str]] = {
    "id.type": ("公民身份号码应为文本", "an identity number must be text"),
    "id.fifteen_digit": (
        "只接受18位公民身份号码，15位旧号码请换用18位号码",
        "only 18-character identity numbers are accepted; a 15-digit old number must be upgraded first",
    ),
    "id.length": ("公民身份号码应为18位，实为{n}位", "an identity number has 18 characters, got {n}"),
    "id.format": (
        "公民身份号码应为17位数字加1位校验码（数字或X）",
        "an identity number is 17 digits and a check character (digit or X)",
    ),
    "id.checksum": ("公民身份号码校验码不正确", "the identity number's check character is wrong"),
    "id.birth_date": (
        "公民身份号码中的出生日期无效（不存在、晚于今天或早于1900年）",
        "the birth date in the identity number is not valid (no such day, in the future or before 1900)",
    ),
    "uscc.type": ("统一社会信用代码应为文本", "a credit code must be text"),
    "uscc.length": (
        "统一社会信用代码应为18位，实为{n}位",
        "a unified social credit code has 18 characters, got {n}",
    ),
    "uscc.format": (
        "统一社会信用代码第{pos}位字符不合法（只能是数字和除 I、O、Z、S、V 外的大写字母）",
        "character {pos} of the credit code is not allowed (digits and letters except I, O, Z, S, V)",
    ),
    "uscc.checksum": ("统一社会信用代码校验码不正确", "the credit code's check character is wrong"),
}


class InvalidIdentifier(InputError):
    """An identity number or credit code failed its check.

    ``reason`` is a stable machine-readable word: ``type``, ``length``, ``fifteen_digit``,
    ``format``, ``checksum``, ``birth_date``. ``value_masked`` is the only form of the value kept.
    """

    def __init__(self, field: str, value: object, message_zh: str, message_en: str, *, reason: str):
        self.value_masked = mask_id_number(value)
        self.reason = reason
        super().__init__(field, message_zh, message_en)


@dataclass(frozen=True)
class IdNumberInfo:
    """A valid 18-character 公民身份号码 and what it says."""

    number: str = dataclasses.field(repr=False)  # normalised: stripped, final 'x' upper-cased
    area_code: str
    birth_date: date
    gender: str  # 'M' | 'F'
    area_known: bool  # a current or retired Zhejiang code
    area_current: bool  # a current Zhejiang code
    warnings: tuple[str, ...] = ()

    @property
    def masked(self) -> str:
        return mask_id_number(self.number)

    @property
    def in_zhejiang(self) -> bool:
        return self.area_code.startswith("33")

    def age_on(self, on: date) -> int:
        """Age in whole years on ``on`` (a birthday on 29 Feb counts from 1 Mar in other years)."""
        before_birthday = (on.month, on.day) < (self.birth_date.month, self.birth_date.day)
        return on.year - self.birth_date.year - (1 if before_birthday else 0)


@dataclass(frozen=True)
class UsccInfo:
    """A valid 统一社会信用代码 and its parts."""

    code: str
    registration_authority: str  # 1st character, e.g. '9' (工商)
    org_type: str  # 2nd character, e.g. '1' (企业 under authority 9)
    area_code: str  # characters 3-8: division code of the registering authority
    area_known: bool
    warnings: tuple[str, ...] = ()

    @property
    def registration_authority_name(self) -> str | None:
        return REGISTRATION_AUTHORITY_NAMES.get(self.registration_authority)

    @property
    def org_type_name(self) -> str | None:
        return ORG_TYPE_NAMES.get((self.registration_authority, self.org_type))


def _fail(field: str, value: object, key: str, **fmt: object) -> InvalidIdentifier:
    zh, en = _MESSAGES[key]
    return InvalidIdentifier(field, value, zh.format(**fmt), en.format(**fmt), reason=key.split(".")[1])


# --- masking -----------------------------------------------------------------------------


def mask_id_number(value: object) -> str:
    """Keep the first 6 and last 4 characters of an 18-character value ('330106********1234');
    mask all but the last 2 characters of anything else (all of it if 2 characters or fewer)."""
    s = "" if value is None else str(value).strip(_STRIP)
    if len(s) == 18:
        return s[:6] + "*" * 8 + s[-4:]
    if len(s) <= 2:
        return "*" * len(s)
    return "*" * (len(s) - 2) + s[-2:]


def mask_name(name: str) -> str:
    """Keep the first character of a name, mask the rest: '张三' → '张*', '欧阳小明' → '欧***'."""
    s = name.strip(_STRIP)
    return s[:1] + "*" * (len(s) - 1) if s else ""


# --- check characters ----------------------------------------------------------------------


def id_check_char(first17: str) -> str:
    """The GB 11643 check character of 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character of 17 characters from :data:`USCC_ALPHABET`."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def _area_status(area: str, *, allow_national: bool = False) -> tuple[bool, bool, tuple[str, ...]]:
    """(known, current, warnings) for a 6-digit area code; see the module docstring."""
    d = get_division(area)
    if d is not None:
        return True, d.current, ()
    prefix = area[:2]
    if prefix == "33":
        warning = (
            f"地址码 {area} 不是浙江省现行或已撤销的行政区划代码 / "
            f"area code {area} is neither a current nor a retired Zhejiang division code"
        )
    elif prefix in PROVINCE_PREFIXES or (allow_national and area == _NATIONAL_AREA):
        return False, False, ()
    else:
        warning = f"地址码 {area} 的省级代码 {prefix} 无效 / area code {area} has no valid province prefix ({prefix})"
    return False, False, (warning,)


# --- 公民身份号码 -----------------------------------------------------------------------------


def validate_id_number(value: str, *, field: str = "id_number", today: date | None = None) -> IdNumberInfo:
    """Check an 18-character 公民身份号码 (GB 11643-1999) and return what it says.

    Surrounding whitespace is ignored and a final lowercase 'x' is accepted. Raises
    :class:`InvalidIdentifier` naming ``field``: 15-digit numbers are refused (only 18-character
    numbers are accepted), as are a wrong check character and a birth date that does not exist,
    is in the future (after ``today``, default the current date) or is before 1900-01-01.
    """
    if not isinstance(value, str):
        raise _fail(field, value, "id.type")
    s = value.strip(_STRIP)
    if len(s) == 15 and s.isascii() and s.isdigit():
        raise _fail(field, s, "id.fifteen_digit")
    if len(s) != 18:
        raise _fail(field, s, "id.length", n=len(s))
    if not _ID_RE.fullmatch(s):
        raise _fail(field, s, "id.format")
    s = s[:17] + s[17].upper()
    if id_check_char(s[:17]) != s[17]:
        raise _fail(field, s, "id.checksum")
    today = today or date.today()
    try:
        birth = date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        birth = None
    if birth is None or not EARLIEST_BIRTH <= birth <= today:
        raise _fail(field, s, "id.birth_date")
    known, current, warnings = _area_status(s[:6])
    return IdNumberInfo(
        number=s,
        area_code=s[:6],
        birth_date=birth,
        gender="M" if int(s[16]) % 2 == 1 else "F",
        area_known=known,
        area_current=current,
        warnings=warnings,
    )


def is_valid_id_number(s: object, *, today: date | None = None) -> bool:
    """True if :func:`validate_id_number` accepts ``s`` (warnings do not matter)."""
    try:
        validate_id_number(s, today=today)  # type: ignore[arg-type]
    except InvalidIdentifier:
        return False
    return True


def make_id_number(area_code: str, birth: date, seq: int, gender: str) -> str:
    """Build a valid 18-character number (for tests and synthetic data).

    ``seq`` is the 3-digit order code 0-999; its last digit is moved by one when its parity does
    not match ``gender`` ('M' odd, 'F' even), so ``make_id_number(a, b, 123, 'F')`` uses 122.
    """
    if not re.fullmatch(r"[0-9]{6}", area_code):
        raise ValueError(f"area_code must be 6 digits, got {area_code!r}")
    if gender not in ("M", "F"):
        raise ValueError(f"gender must be 'M' or 'F', got {gender!r}")
    if not 0 <= seq <= 999:
        raise ValueError(f"seq must be 0-999, got {seq}")
    if (seq % 2 == 1) != (gender == "M"):
        seq = seq - 1 if seq % 2 == 1 else seq + 1
    first17 = f"{area_code}{birth:%Y%m%d}{seq:03d}"
    if len(first17) != 17:
        raise ValueError(f"birth year must have 4 digits, got {birth}")
    return first17 + id_check_char(first17)


# --- 统一社会信用代码 ------------------------------------------------------------------------


def validate_uscc(value: str, *, field: str = "uscc") -> UsccInfo:
    """Check an 18-character 统一社会信用代码 (GB 32100-2015) and return its parts.

    Whitespace around the value is ignored and letters are upper-cased. Every character must
    be from :data:`USCC_ALPHABET` (no I, O, Z, S, V). Raises :class:`InvalidIdentifier` naming
    ``field``. The division code in characters 3-8 never causes an error, at most a warning.
    """
    if not isinstance(value, str):
        raise _fail(field, value, "uscc.type")
    s = value.strip(_STRIP)
    if len(s) != 18:
        raise _fail(field, s, "uscc.length", n=len(s))
    if not _USCC_RE.fullmatch(s):
        pos = next(i for i, c in enumerate(s, 1) if not _USCC_RE_ONE.fullmatch(c))
        raise _fail(field, s, "uscc.format", pos=pos)
    s = s.upper()
    if uscc_check_char(s[:17]) != s[17]:
        raise _fail(field, s, "uscc.checksum")
    known, _current, warnings = _area_status(s[2:8], allow_national=True)
    return UsccInfo(
        code=s,
        registration_authority=s[0],
        org_type=s[1],
        area_code=s[2:8],
        area_known=known,
        warnings=warnings,
    )


def is_valid_uscc(s: object) -> bool:
    """True if :func:`validate_uscc` accepts ``s``."""
    try:
        validate_uscc(s)  # type: ignore[arg-type]
    except InvalidIdentifier:
        return False
    return True


def make_uscc(prefix17: str) -> str:
    """Append the check character to 17 characters (upper-cased) from :data:`USCC_ALPHABET`."""
    p = prefix17.upper()
    if len(p) != 17 or any(c not in USCC_ALPHABET for c in p):
        raise ValueError(f"prefix17 must be 17 characters from {USCC_ALPHABET}, got {prefix17!r}")
    return p + uscc_check_char(p)


# --- Polars expressions --------------------------------------------------------------------


def _days_in_month(year: pl.Expr, month: pl.Expr) -> pl.Expr:
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    return (
        pl.when(month == 2)
        .then(pl.when(leap).then(29).otherwise(28))
        .when(month.is_in([4, 6, 9, 11]))
        .then(30)
        .otherwise(31)
    )


def _source(col: str | pl.Expr) -> pl.Expr:
    return pl.col(col) if isinstance(col, str) else col


def _named(valid: pl.Expr, col: str | pl.Expr) -> pl.Expr:
    valid = valid.fill_null(False)
    return valid.alias(f"{col}_valid") if isinstance(col, str) else valid


def id_number_valid_expr(col: str | pl.Expr, *, today: date | None = None) -> pl.Expr:
    """A Boolean expression: is ``col`` (a column name, or a string expression) a valid
    18-character 公民身份号码? Named ``{col}_valid`` for a column name.

    The same rules as :func:`validate_id_number` (null → False), with native expressions only;
    ``today`` (default: the current date) bounds the birth date as in the scalar check.
    """
    today = today or date.today()
    raw = _source(col).str.strip_chars(_STRIP)
    s = raw.str.to_uppercase()
    digit = [s.str.slice(i, 1).cast(pl.Int64, strict=False) for i in range(17)]
    total = pl.sum_horizontal([d * w for d, w in zip(digit, ID_WEIGHTS, strict=True)])
    expected = (total % 11).replace_strict(
        dict(enumerate(ID_CHECK_CHARS)), default=None, return_dtype=pl.String
    )
    year = s.str.slice(6, 4).cast(pl.Int64, strict=False)
    month = s.str.slice(10, 2).cast(pl.Int64, strict=False)
    day = s.str.slice(12, 2).cast(pl.Int64, strict=False)
    ymd = year * 10000 + month * 100 + day
    lo = EARLIEST_BIRTH.year * 10000 + EARLIEST_BIRTH.month * 100 + EARLIEST_BIRTH.day
    hi = today.year * 10000 + today.month * 100 + today.day
    valid = (
        raw.str.contains(r"^[0-9]{17}[0-9Xx]$")
        & (expected == s.str.slice(17, 1))
        & month.is_between(1, 12)
        & day.is_between(1, _days_in_month(year, month))
        & ymd.is_between(lo, hi)
    )
    return _named(valid, col)


def uscc_valid_expr(col: str | pl.Expr) -> pl.Expr:
    """A Boolean expression: is ``col`` a valid 统一社会信用代码? (null → False; named
    ``{col}_valid`` for a column name.) The same rules as :func:`validate_uscc`."""
    raw = _source(col).str.strip_chars(_STRIP)
    s = raw.str.to_uppercase()
    index = {c: i for i, c in enumerate(USCC_ALPHABET)}
    values = [s.str.slice(i, 1).replace_strict(index, default=None, return_dtype=pl.Int64) for i in range(17)]
    total = pl.sum_horizontal([v * w for v, w in zip(values, USCC_WEIGHTS, strict=True)])
    expected = ((31 - total % 31) % 31).replace_strict(
        dict(enumerate(USCC_ALPHABET)), default=None, return_dtype=pl.String
    )
    valid = raw.str.contains(f"^[{_USCC_CLASS}]{{18}}$") & (expected == s.str.slice(17, 1))
    return _named(valid, col)
