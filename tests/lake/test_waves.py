"""lake.waves: the one calendar of survey waves (calendar quarters, `YYYY-Qn`)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from lake import waves


@pytest.mark.parametrize("text", ["2025-Q5", "25-Q1", "Q3/2025", "", "2025-q3", "2025-Q0"])
def test_parse_rejects_non_waves_naming_the_value(text):
    with pytest.raises(waves.WaveError, match=re.escape(repr(text))):
        waves.parse(text)
    assert waves.normalise(text) is None


def test_normalise_strips_blanks():
    assert waves.normalise(" 2025-Q3 ") == "2025-Q3"
    assert waves.validate("2025-Q3 ") == "2025-Q3"


def test_previous_next_and_ranges_cross_year_boundaries():
    assert waves.previous("2025-Q1") == "2024-Q4"
    assert waves.next_wave("2024-Q4") == "2025-Q1"
    assert waves.wave_range("2024-Q3", "2025-Q2") == ["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"]
    assert waves.wave_range("2025-Q2", "2025-Q1") == []


def test_quarter_dates():
    assert waves.bounds("2025-Q4") == (dt.date(2025, 10, 1), dt.date(2026, 1, 1))
    assert waves.end("2024-Q1") == dt.date(2024, 3, 31)
    assert waves.of_date(dt.date(2025, 6, 30)) == "2025-Q2"
    assert waves.of_date(dt.date(2025, 7, 1)) == "2025-Q3"
    assert waves.last_completed(dt.date(2026, 1, 1)) == "2025-Q4"


def test_pattern_matches_exactly_the_parseable_waves():
    for text in ("2025-Q3", "1999-Q1", "2025-Q5", "2025-Q3 ", "x2025-Q3"):
        assert bool(re.match(waves.WAVE_PATTERN, text)) == (text.strip() == text and waves.is_wave(text))


def test_year_keys_are_ordered_like_time():
    keys = waves.year_keys(2024, 2025)
    assert keys == sorted(keys) and len(keys) == 8 and keys[0] == "2024-Q1"
