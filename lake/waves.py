"""The one wave calendar: survey waves are calendar quarters written `YYYY-Qn` (survey-export-v1).

Partitions, schedules, the report and the sample generator all reason about the same quarters;
they parse, step and bound waves here so that a quarter cannot mean two things.
"""

from __future__ import annotations

import datetime as dt
import re

WAVE_PATTERN = r"^\d{4}-Q[1-4]$"
"""The contract's wave format, also used in Spark (`rlike`) by the survey conformance rules."""
_WAVE_RE = re.compile(r"^\s*(\d{4})-Q([1-4])\s*$")
FIRST_WAVE_YEAR = 2020


class WaveError(ValueError):
    """A text that is not a wave `YYYY-Qn`."""


def normalise(text: str | None) -> str | None:
    """`2025-Q3` for a valid wave value (surrounding blanks ignored), else None."""
    m = _WAVE_RE.match(text or "")
    return f"{m.group(1)}-Q{m.group(2)}" if m else None


def is_wave(text: str | None) -> bool:
    return normalise(text) is not None


def parse(wave: str) -> tuple[int, int]:
    """(year, quarter) of a wave; `WaveError` naming the value otherwise."""
    m = _WAVE_RE.match(wave or "")
    if not m:
        raise WaveError(f"bad wave {wave!r}: expected YYYY-Qn, e.g. 2025-Q3")
    return int(m.group(1)), int(m.group(2))


def validate(wave: str) -> str:
    """The normalised wave, or `WaveError`."""
    year, q = parse(wave)
    return f"{year}-Q{q}"


def make(year: int, quarter: int) -> str:
    if not 1 <= quarter <= 4:
        raise WaveError(f"quarter {quarter} is not 1-4")
    return f"{year}-Q{quarter}"


def of_date(day: dt.date) -> str:
    """The wave (quarter) a date falls in."""
    return make(day.year, (day.month - 1) // 3 + 1)


def previous(wave: str) -> str:
    """The wave before: `2025-Q1` -> `2024-Q4`."""
    year, q = parse(wave)
    return make(year - 1, 4) if q == 1 else make(year, q - 1)


def next_wave(wave: str) -> str:
    """The wave after: `2024-Q4` -> `2025-Q1`."""
    year, q = parse(wave)
    return make(year + 1, 1) if q == 4 else make(year, q + 1)


def last_completed(day: dt.date) -> str:
    """The wave that ended before the quarter of `day` (what a quarter-end run works on)."""
    return previous(of_date(day))


def start(wave: str) -> dt.date:
    """First day of the wave's quarter."""
    year, q = parse(wave)
    return dt.date(year, 3 * (q - 1) + 1, 1)


def end_exclusive(wave: str) -> dt.date:
    """First day of the next quarter (the wave's end, exclusive)."""
    return start(next_wave(wave))


def end(wave: str) -> dt.date:
    """Last day of the wave's quarter."""
    return end_exclusive(wave) - dt.timedelta(days=1)


def bounds(wave: str) -> tuple[dt.date, dt.date]:
    """(first day, first day of the next quarter): a half-open interval."""
    return start(wave), end_exclusive(wave)


def wave_range(first: str, last: str) -> list[str]:
    """Every wave from `first` to `last`, both included (empty when `last` is before `first`)."""
    out: list[str] = []
    wave, stop = validate(first), validate(last)
    while parse(wave) <= parse(stop):
        out.append(wave)
        wave = next_wave(wave)
    return out


def year_keys(first_year: int = FIRST_WAVE_YEAR, last_year: int | None = None) -> list[str]:
    """`YYYY-Qn` from the first year to the end of `last_year` (default: next calendar year)."""
    last_year = last_year or dt.date.today().year + 1
    return [make(y, q) for y in range(first_year, last_year + 1) for q in range(1, 5)]


def fractional_year(wave: str) -> float:
    """Centre of the quarter as a fractional year (annual figures sit at mid-year)."""
    year, q = parse(wave)
    return year + (q - 0.5) / 4.0
