"""Counter-based random numbers as Polars expressions (no NumPy, no Python loop over rows).

Every draw is a pure function of (seed, draw name, global row index): the 32-bit MurmurHash3
finaliser applied twice, computed with integer arithmetic that never overflows a UInt64. The same
seed therefore gives the same population on any machine, any Polars version and any chunk size,
and adding a new draw (a new fact) never changes the values of the existing ones, because each
draw's stream is keyed by its name, not by its position.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import date
from typing import Any

import polars as pl

M32 = 1 << 32
ROW = "__row"  # global row index (UInt64) the draws hash
HASH = "__h"  # per-row hash of (seed, row), computed once per frame by Draws.hash_column()


def fmix32(h: pl.Expr) -> pl.Expr:
    """MurmurHash3's 32-bit finaliser on values < 2**32 held in UInt64 (products stay < 2**64)."""
    h = h.xor(h // 65536)
    h = (h * 0x85EBCA6B) % M32
    h = h.xor(h // 8192)
    h = (h * 0xC2B2AE35) % M32
    return h.xor(h // 65536)


def fmix32_py(h: int) -> int:
    h &= 0xFFFFFFFF
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & 0xFFFFFFFF
    return h ^ (h >> 16)


def _u64(v: int) -> pl.Expr:
    return pl.lit(v, dtype=pl.UInt64)


class Draws:
    """Named uniform draws for one seed. ``u("person.gender")`` is a Float64 in [0, 1)."""

    def __init__(self, seed: int, salt: str = "", column: str = HASH):
        self.column = column
        s = zlib.crc32(f"{seed}:{salt}".encode())
        self.a, self.b = fmix32_py(s ^ 0x5BD1E995), fmix32_py(s + 0x9E3779B9)

    def hash_column(self) -> pl.Expr:
        """The per-row hash every draw starts from; add it to the frame first (``self.column``)."""
        return fmix32(fmix32(pl.col(ROW).cast(pl.UInt64).xor(_u64(self.a))).xor(_u64(self.b))).alias(self.column)

    def bits(self, name: str) -> pl.Expr:
        """32 random bits (UInt64 < 2**32) for the draw called ``name``."""
        return fmix32(pl.col(self.column).xor(_u64(fmix32_py(zlib.crc32(name.encode())))))

    def u(self, name: str) -> pl.Expr:
        return self.bits(name).cast(pl.Float64) / M32

    def bern(self, name: str, p: float | pl.Expr) -> pl.Expr:
        return self.u(name) < p

    def int_between(self, name: str, lo: int | pl.Expr, hi: int | pl.Expr) -> pl.Expr:
        """Uniform integer in [lo, hi] (Int64)."""
        lo_e, hi_e = pl.lit(lo) if isinstance(lo, int) else lo, pl.lit(hi) if isinstance(hi, int) else hi
        return (self.u(name) * (hi_e - lo_e + 1).cast(pl.Float64)).floor().cast(pl.Int64) + lo_e.cast(pl.Int64)

    def pick(self, name: str, values: Sequence[Any], weights: Sequence[float] | None = None,
             dtype: pl.DataType | None = None) -> pl.Expr:
        """One of ``values`` with the given weights (uniform by default)."""
        w = list(weights) if weights is not None else [1.0] * len(values)
        total = float(sum(w))
        cum, acc = [], 0.0
        for x in w[:-1]:
            acc += x / total
            cum.append(acc)
        cum.append(1.0)
        idx = pl.lit(pl.Series(cum, dtype=pl.Float64)).search_sorted(self.u(name), side="right")
        idx = pl.min_horizontal(idx.cast(pl.Int64), pl.lit(len(values) - 1, dtype=pl.Int64))
        return pl.lit(pl.Series(list(values), dtype=dtype)).gather(idx)

    def date_before(self, name: str, ref: date, max_days: int | pl.Expr, min_days: int = 0,
                    skew: float = 1.0) -> pl.Expr:
        """A date ``min_days``..``max_days`` before ``ref``; ``skew`` > 1 favours recent dates."""
        u = self.u(name) ** skew if skew != 1.0 else self.u(name)
        span = (pl.lit(max_days) if isinstance(max_days, int) else max_days) - min_days
        days = (u * span.cast(pl.Float64)).floor().cast(pl.Int64) + min_days
        return pl.lit(ref, dtype=pl.Date) - pl.duration(days=days)


def days_after(d: pl.Expr, days: pl.Expr | int) -> pl.Expr:
    return d + pl.duration(days=days if isinstance(days, pl.Expr) else pl.lit(days))
