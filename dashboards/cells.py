"""Why a cube cell shows no number: no respondents, suppressed, or the wave not in the cube.

gold/ai_adoption holds every combination of district, sector and size class that has at least
one respondent (and every single breakdown, with `respondents` = 0 where nobody answered), so a
combination without a row had no respondents; a row with `suppressed` and respondents has too
few answers (or protects another suppressed cell). Only a wave the table does not have at all is
"not in the cube".
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from dashboards.i18n import t


def present(x: Any) -> bool:
    """Whether a cell value is there: not None, NaN or pandas' NA (gold's nullable columns give all three)."""
    return x is not None and not (isinstance(x, float) and math.isnan(x)) and x is not pd.NA


def flag(row: Any, key: str) -> bool:
    """A boolean column of a cell, missing = false (`bool(pd.NA)` raises)."""
    v = row.get(key)
    return present(v) and bool(v)


def status(row: dict[str, Any] | None) -> str:
    """`ok`, `suppressed` or `no_respondents` for a cell (None = no row in the cube)."""
    if row is None:
        return "no_respondents"
    respondents = int(row.get("respondents") or 0) if present(row.get("respondents")) else 0
    if flag(row, "suppressed"):
        return "suppressed" if respondents > 0 else "no_respondents"
    if not present(row.get("weighted_share")):
        return "no_respondents"
    return "ok"


def message(row: dict[str, Any] | None, lang: str, wave: str | None = None, waves: list[str] | None = None) -> str:
    """The sentence a page shows instead of a number."""
    if waves is not None and wave is not None and wave not in waves:
        return t("wave_not_in_cube", lang, wave=wave)
    kind = status(row)
    if kind == "suppressed":
        return t("cell_suppressed", lang, n=int(row.get("respondents") or 0) if row else 0)
    return t("no_respondents", lang)
