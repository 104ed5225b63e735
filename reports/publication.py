"""Who publishes the report and how to cite it: configuration, entered at the edge (CLI, Dagster asset).

A ministry's report names its publisher, a contact and a suggested citation; the survey's
population frame and sample design are facts of the survey set-up, not of the lake, so they come
from configuration too. Every value has a neutral default, so a report renders without any of it.

| variable | meaning |
|---|---|
| `LAKEHOUSE_REPORT_PUBLISHER` | publisher (Herausgeber), e.g. a ministry or statistical office |
| `LAKEHOUSE_REPORT_CONTACT` | contact (address, e-mail or telephone), one line |
| `LAKEHOUSE_REPORT_CITATION` | suggested citation; `{wave}`, `{year}`, `{publisher}` are filled in |
| `LAKEHOUSE_REPORT_FRAME` | population frame (Grundgesamtheit und Auswahlgrundlage) |
| `LAKEHOUSE_REPORT_DESIGN` | sample design (Stichprobenplan) |
| `LAKEHOUSE_REPORT_TIMEZONE` | time zone of the times shown (default Europe/Berlin) |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_PUBLISHER = "Betreiber des KI-Lakehouse Sachsen/Thüringen"
DEFAULT_CONTACT = "Kontakt über den Herausgeber"
DEFAULT_CITATION = (
    "{publisher} ({year}): KI-Nutzung in Unternehmen in Sachsen und Thüringen. "
    "Quartalsbericht zur Befragungswelle {wave}."
)
DEFAULT_FRAME = (
    "Unternehmen mit Sitz in Sachsen oder Thüringen. Jede Antwort trägt ein Designgewicht, das angibt, "
    "wie viele Unternehmen der Grundgesamtheit sie vertritt; die Summe der Gewichte schätzt die Zahl "
    "der Unternehmen."
)
DEFAULT_DESIGN = (
    "Vierteljährliche Befragung (eine Welle je Kalenderquartal) mit Designgewichten aus dem "
    "Stichprobenplan; die Antworten werden gewichtet ausgewertet."
)
DEFAULT_TIMEZONE = "Europe/Berlin"


@dataclass(frozen=True)
class Publication:
    publisher: str = DEFAULT_PUBLISHER
    contact: str = DEFAULT_CONTACT
    citation: str = DEFAULT_CITATION
    frame: str = DEFAULT_FRAME
    design: str = DEFAULT_DESIGN
    timezone: str = DEFAULT_TIMEZONE

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Publication:
        env = os.environ if env is None else env

        def get(name: str, default: str) -> str:
            return (env.get(name) or "").strip() or default

        return cls(
            publisher=get("LAKEHOUSE_REPORT_PUBLISHER", DEFAULT_PUBLISHER),
            contact=get("LAKEHOUSE_REPORT_CONTACT", DEFAULT_CONTACT),
            citation=get("LAKEHOUSE_REPORT_CITATION", DEFAULT_CITATION),
            frame=get("LAKEHOUSE_REPORT_FRAME", DEFAULT_FRAME),
            design=get("LAKEHOUSE_REPORT_DESIGN", DEFAULT_DESIGN),
            timezone=get("LAKEHOUSE_REPORT_TIMEZONE", DEFAULT_TIMEZONE),
        )

    def cite(self, wave: str, year: int) -> str:
        """The suggested citation; unknown placeholders are left as written, never an error."""
        text = self.citation
        for key, value in (("{wave}", wave), ("{year}", str(year)), ("{publisher}", self.publisher)):
            text = text.replace(key, value)
        return text
