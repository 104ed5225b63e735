"""German labels of the gold tables' codes for the report: a view of `lake.vocabulary`.

The labels themselves live in `lake.vocabulary` (shared with the dashboards); this module only
fixes the report's language (German) and keeps the names the report modules use.
"""

from __future__ import annotations

from lake import vocabulary

LANDS = tuple(vocabulary.LANDS)
BOTH = vocabulary.BOTH_LANDS["de"]

NACE_SECTIONS = vocabulary.labels("nace_section", "de")
SIZE_CLASSES = {code: name for code, name in vocabulary.labels("size_class", "de").items() if code != "10+"}
TECHNOLOGIES = vocabulary.labels("technology", "de")
BARRIERS = vocabulary.labels("barrier", "de")
TOPICS = vocabulary.labels("topic", "de")
MONTHS = vocabulary.MONTHS["de"]


def label(mapping: dict[str, str], code: str | None, prefix: str = "") -> str:
    """German label of a code (``tech_generative`` and ``generative`` both work); else the code."""
    if code is None:
        return vocabulary.UNKNOWN["de"]
    key = code[len(prefix) :] if prefix and code.startswith(prefix) else code
    return mapping.get(key, mapping.get(key.upper(), code))
