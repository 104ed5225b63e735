"""Column names of survey-export-v1, shared by the reader, the validator and the indicators."""

from __future__ import annotations

REQUIRED: tuple[str, ...] = ("response_id", "wave", "submitted_at", "ags", "nace_section", "employees", "uses_ai")
TECHNOLOGIES: tuple[str, ...] = (
    "tech_text_mining",
    "tech_speech",
    "tech_generative",
    "tech_image",
    "tech_ml_analytics",
    "tech_automation",
    "tech_robotics",
)
BARRIERS: tuple[str, ...] = (
    "barrier_cost",
    "barrier_expertise",
    "barrier_data",
    "barrier_legal",
    "barrier_privacy",
    "barrier_ethics",
    "barrier_not_useful",
)
OPTIONAL_NUMBERS: tuple[str, ...] = ("ai_budget_eur", "weight")
PERSONAL: tuple[str, ...] = ("contact_email", "comment")  # never beyond bronze (email: hashed there)
CONTRACT_COLUMNS: tuple[str, ...] = (*REQUIRED, *TECHNOLOGIES, *BARRIERS, *OPTIONAL_NUMBERS, *PERSONAL)
SIZE_CLASSES: tuple[str, ...] = ("1-9", "10-49", "50-249", "250+")
NACE_SECTIONS: tuple[str, ...] = tuple("ABCDEFGHIJKLMNOPQRS")
