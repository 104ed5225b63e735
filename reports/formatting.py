"""German number formatting shared by the report templates, charts and tests."""

from __future__ import annotations

import math

SUPPRESSED = "unterdrückt"
NO_DATA = "keine Daten"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def de_number(value: float, decimals: int = 1) -> str:
    """`1234.5` -> `1.234,5` (German separators)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def share(value, decimals: int = 1) -> str:
    """A share 0–1 as German percent: `0.2345` -> `23,5 %`."""
    if _missing(value):
        return NO_DATA
    return f"{de_number(100 * float(value), decimals)} %"


def interval(low, high, decimals: int = 1) -> str:
    """A 95 % interval: `21,0 – 25,9 %`."""
    if _missing(low) or _missing(high):
        return NO_DATA
    return f"{de_number(100 * float(low), decimals)} – {de_number(100 * float(high), decimals)} %"


def change_pp(value, decimals: int = 1) -> str:
    """Change in percentage points: `+1,2 Pp.`, `-0,8 Pp.`, `±0,0 Pp.`."""
    if _missing(value):
        return "–"
    points = round(100 * float(value), decimals)
    if points == 0:
        return f"±{de_number(0.0, decimals)} Pp."
    sign = "+" if points > 0 else "-"
    return f"{sign}{de_number(abs(points), decimals)} Pp."


def integer(value) -> str:
    if _missing(value):
        return "–"
    return de_number(float(value), 0)


def euros(value) -> str:
    """`85000000` -> `85,0 Mio. €`; below a million whole euros with separators."""
    if _missing(value):
        return "–"
    value = float(value)
    if abs(value) >= 1e9:
        return f"{de_number(value / 1e9, 1)} Mrd. €"
    if abs(value) >= 1e6:
        return f"{de_number(value / 1e6, 1)} Mio. €"
    return f"{de_number(value, 0)} €"


def cell_share(cell: dict | None) -> str:
    """A cube cell's share, or `unterdrückt` for suppressed cells, `keine Daten` when absent."""
    if not cell:
        return NO_DATA
    if cell.get("suppressed"):
        return SUPPRESSED
    return share(cell.get("weighted_share", cell.get("share")))


def cell_interval(cell: dict | None) -> str:
    if not cell:
        return NO_DATA
    if cell.get("suppressed"):
        return SUPPRESSED
    return interval(cell.get("ci_low"), cell.get("ci_high"))
