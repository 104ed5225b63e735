"""Small hand-written survey exports for tests."""

from __future__ import annotations

from pathlib import Path

SURVEY_HEADER = (
    "response_id;wave;submitted_at;ags;nace_section;employees;uses_ai;tech_generative;barrier_cost;"
    "weight;contact_email;comment"
)


def write_small_export(path: Path, rows: list[str]) -> Path:
    """Write a `;`-separated UTF-8 survey export with the given data lines."""
    path.write_text("\n".join([SURVEY_HEADER, *rows]) + "\n", encoding="utf-8")
    return path
