"""Machine-readable reject reasons of `silver/survey_rejects` (one per rejected row).

The first rule a row breaks decides its reason, in the order of `REASON_ORDER`, so that the
same row always gets the same reason whatever else is wrong with it.
"""

from __future__ import annotations

MISSING_REQUIRED_FIELD = "missing_required_field"  # a required column is empty for this row
BAD_WAVE = "bad_wave"  # wave is not YYYY-Qn
UNPARSEABLE_DATE = "unparseable_date"  # submitted_at is neither ISO nor German date/datetime
FUTURE_DATE = "future_date"  # submitted_at lies after the ingest time
UNKNOWN_AGS = "unknown_ags"  # not a 5-digit district key at all / not a known district
AGS_OUTSIDE_REGION = "ags_outside_region"  # a district key, but not of Sachsen (14) or Thüringen (16)
UNKNOWN_NACE_SECTION = "unknown_nace_section"  # not a NACE Rev. 2 section letter A-S
BAD_EMPLOYEES = "bad_employees"  # employees not an integer, or < 1
BAD_USES_AI = "bad_uses_ai"  # uses_ai not one of ja/nein/geplant, yes/no/planned, 1/0/2
BAD_FLAG = "bad_flag"  # a tech_* or barrier_* value that is neither empty nor 0/1
BAD_NUMBER = "bad_number"  # weight or ai_budget_eur present but not a number (or weight <= 0)
MALFORMED_ROW = "malformed_row"  # the parser could not split the row into the header's columns
CONFLICTING_DUPLICATE_COLUMN = "conflicting_duplicate_column"  # a column named twice in the header, values differ

REASON_ORDER: tuple[str, ...] = (
    MALFORMED_ROW,
    CONFLICTING_DUPLICATE_COLUMN,
    MISSING_REQUIRED_FIELD,
    BAD_WAVE,
    UNPARSEABLE_DATE,
    FUTURE_DATE,
    UNKNOWN_AGS,
    AGS_OUTSIDE_REGION,
    UNKNOWN_NACE_SECTION,
    BAD_EMPLOYEES,
    BAD_USES_AI,
    BAD_FLAG,
    BAD_NUMBER,
)
