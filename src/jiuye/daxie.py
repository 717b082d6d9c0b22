"""Amounts in Chinese capital numerals (大写金额), as written on vouchers and payment lists.

Follows 中国人民银行《正确填写票据和结算凭证的基本规定》: ``整`` after 元 when there are no 角 and
分; ``零`` for zeros inside the number (one 零 for a run of zeros); ``零`` after 元 when the 元
digit is 0 and 角 follows (￥1,680.32 → 壹仟陆佰捌拾元零叁角贰分), and when 角 is 0 but 分 is not
(￥325.04 → 叁佰贰拾伍元零肆分). Ten is written 壹拾.

>>> daxie(140950)
'壹仟肆佰零玖元伍角'
>>> daxie(600714)
'陆仟零柒元壹角肆分'
>>> daxie(10700053)
'壹拾万柒仟元零伍角叁分'
"""

from __future__ import annotations

DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ("", "拾", "佰", "仟")
SECTIONS = ("", "万", "亿", "万亿")


def _section(n: int) -> str:
    """0 < n < 10000 → capital numerals with 拾佰仟 and inner zeros."""
    out, zero = "", False
    for pos in range(3, -1, -1):
        d = n // 10 ** pos % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[d] + UNITS[pos]
    return out


def _integer(n: int) -> str:
    if n == 0:
        return ""
    parts, sec = [], 0
    while n > 0:
        parts.append((sec, n % 10000))
        n //= 10000
        sec += 1
    if sec > len(SECTIONS):
        raise ValueError("amount too large for 大写")
    out = ""
    need_zero = False
    for sec, value in reversed(parts):
        if value == 0:
            need_zero = bool(out)
            continue
        if out and (need_zero or value < 1000):
            out += "零"
        out += _section(value) + SECTIONS[sec]
        need_zero = False
    return out


def daxie(fen: int) -> str:
    """Integer fen → 大写 (``-`` amounts get 负, ``0`` is 零元整)."""
    if not isinstance(fen, int):
        raise TypeError("amount must be integer fen")
    if fen < 0:
        return "负" + daxie(-fen)
    yuan, rest = divmod(fen, 100)
    jiao, fen_d = divmod(rest, 10)
    head = _integer(yuan)
    if yuan and not rest:
        return head + "元整"
    if not yuan and not rest:
        return "零元整"
    out = head + "元" if yuan else ""
    if jiao:
        if yuan and yuan % 10 == 0:
            out += "零"
        out += DIGITS[jiao] + "角"
    elif yuan:
        out += "零"
    if fen_d:
        out += DIGITS[fen_d] + "分"
    return out
