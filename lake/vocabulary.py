"""The one vocabulary of the lake's codes: German/English labels and the published thresholds.

Dashboards and reports show the same code under the same name, so both read their labels here
(`label(kind, code, lang)`); a test can walk `all_codes()` to check that no raw code reaches a
page. Each vocabulary is a plain dict code -> {"de": ..., "en": ...}: adding a code or a kind is
one entry. District names are not listed: they come from the reference table `silver/districts`.

NACE sections carry the official short names of the German classification (WZ 2008, Destatis)
and of NACE Rev. 2 (Eurostat); the survey contract allows sections A-S.
"""

from __future__ import annotations

from collections.abc import Mapping

Label = dict[str, str]

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"

# --- thresholds ---------------------------------------------------------------------------------
MIN_RESPONDENTS = 5
"""A cell built from fewer respondents is suppressed (survey-export-v1, lake-tables-v1)."""
MIN_RELIABLE_N_EFF = 10
"""A cell whose Kish effective sample size is below this is never `reliable` (lake-tables-v2)."""
SMALL_SAMPLE_RESPONDENTS = 30
"""A published cell with fewer respondents gets a small-sample caveat in the report."""
RELIABLE_N_EFF = 30.0
"""`reliable` needs at least this Kish n_eff (docs/statistics.md; above the contract's floor of 10)."""
RELIABLE_MAX_INTERVAL_WIDTH = 0.20
"""...and a 95 % interval at most this wide (20 percentage points); otherwise `limited`."""
CONFIDENCE_LEVEL = 0.95
"""Level of the published intervals."""
SURVEY_MAX_AGE_DAYS = 100.0
"""Survey tables older than this warn in the freshness check (one quarter plus slack)."""
NEWS_MAX_AGE_DAYS = 2.0
"""News tables older than this warn in the freshness check (daily schedule plus slack)."""

# --- the vocabularies -------------------------------------------------------------------------
LANDS: dict[str, Label] = {
    "Sachsen": {"de": "Sachsen", "en": "Saxony"},
    "Thüringen": {"de": "Thüringen", "en": "Thuringia"},
}
BOTH_LANDS: Label = {"de": "Sachsen und Thüringen", "en": "Saxony and Thuringia"}
"""The label of a cell over both Länder (a null `land` in the gold tables)."""

NACE_SECTIONS: dict[str, Label] = {
    "A": {"de": "Land- und Forstwirtschaft, Fischerei", "en": "Agriculture, forestry and fishing"},
    "B": {"de": "Bergbau und Gewinnung von Steinen und Erden", "en": "Mining and quarrying"},
    "C": {"de": "Verarbeitendes Gewerbe", "en": "Manufacturing"},
    "D": {"de": "Energieversorgung", "en": "Electricity, gas, steam and air conditioning supply"},
    "E": {
        "de": "Wasserversorgung; Abwasser- und Abfallentsorgung und Beseitigung von Umweltverschmutzungen",
        "en": "Water supply; sewerage, waste management and remediation activities",
    },
    "F": {"de": "Baugewerbe", "en": "Construction"},
    "G": {
        "de": "Handel; Instandhaltung und Reparatur von Kraftfahrzeugen",
        "en": "Wholesale and retail trade; repair of motor vehicles and motorcycles",
    },
    "H": {"de": "Verkehr und Lagerei", "en": "Transportation and storage"},
    "I": {"de": "Gastgewerbe", "en": "Accommodation and food service activities"},
    "J": {"de": "Information und Kommunikation", "en": "Information and communication"},
    "K": {"de": "Erbringung von Finanz- und Versicherungsdienstleistungen", "en": "Financial and insurance activities"},
    "L": {"de": "Grundstücks- und Wohnungswesen", "en": "Real estate activities"},
    "M": {
        "de": "Erbringung von freiberuflichen, wissenschaftlichen und technischen Dienstleistungen",
        "en": "Professional, scientific and technical activities",
    },
    "N": {
        "de": "Erbringung von sonstigen wirtschaftlichen Dienstleistungen",
        "en": "Administrative and support service activities",
    },
    "O": {
        "de": "Öffentliche Verwaltung, Verteidigung; Sozialversicherung",
        "en": "Public administration and defence; compulsory social security",
    },
    "P": {"de": "Erziehung und Unterricht", "en": "Education"},
    "Q": {"de": "Gesundheits- und Sozialwesen", "en": "Human health and social work activities"},
    "R": {"de": "Kunst, Unterhaltung und Erholung", "en": "Arts, entertainment and recreation"},
    "S": {"de": "Erbringung von sonstigen Dienstleistungen", "en": "Other service activities"},
}

SIZE_CLASSES: dict[str, Label] = {
    "1-9": {"de": "1–9 Beschäftigte", "en": "1–9 employees"},
    "10-49": {"de": "10–49 Beschäftigte", "en": "10–49 employees"},
    "50-249": {"de": "50–249 Beschäftigte", "en": "50–249 employees"},
    "250+": {"de": "250 und mehr Beschäftigte", "en": "250 or more employees"},
    "10+": {"de": "10 und mehr Beschäftigte", "en": "10 or more employees"},
}
"""`10+` is the scope of the official benchmarks (lake-tables-v2), not a survey class."""

TECHNOLOGIES: dict[str, Label] = {
    "text_mining": {"de": "Textanalyse (Text Mining)", "en": "Text mining"},
    "speech": {"de": "Spracherkennung", "en": "Speech recognition"},
    "generative": {"de": "Generative KI", "en": "Generative AI"},
    "image": {"de": "Bilderkennung und -verarbeitung", "en": "Image recognition and processing"},
    "ml_analytics": {"de": "Maschinelles Lernen für Datenanalysen", "en": "Machine learning for data analysis"},
    "automation": {"de": "KI-gestützte Prozessautomatisierung", "en": "AI-based process automation"},
    "robotics": {"de": "Autonome Roboter, Fahrzeuge, Drohnen", "en": "Autonomous robots, vehicles, drones"},
}

BARRIERS: dict[str, Label] = {
    "cost": {"de": "Kosten zu hoch", "en": "Costs too high"},
    "expertise": {"de": "Fehlendes Fachwissen", "en": "Lack of expertise"},
    "data": {"de": "Fehlende oder unzureichende Daten", "en": "Missing or insufficient data"},
    "legal": {"de": "Unklare Rechtslage", "en": "Unclear legal situation"},
    "privacy": {"de": "Datenschutzbedenken", "en": "Data protection concerns"},
    "ethics": {"de": "Ethische Bedenken", "en": "Ethical concerns"},
    "not_useful": {"de": "Kein Nutzen für das Unternehmen", "en": "Not useful for the enterprise"},
}

TOPICS: dict[str, Label] = {
    "llm": {"de": "Große Sprachmodelle", "en": "Large language models"},
    "infrastructure_hpc": {"de": "Infrastruktur und Hochleistungsrechnen", "en": "Infrastructure and HPC"},
    "funding": {"de": "Förderung", "en": "Funding"},
    "sme_adoption": {"de": "KI im Mittelstand", "en": "AI in SMEs"},
    "research": {"de": "Forschung", "en": "Research"},
    "education_training": {"de": "Bildung und Weiterbildung", "en": "Education and training"},
    "event": {"de": "Veranstaltungen", "en": "Events"},
    "policy": {"de": "Politik", "en": "Policy"},
    "industry_application": {"de": "Industrieanwendungen", "en": "Industrial applications"},
    "health": {"de": "Gesundheit", "en": "Health"},
    "mobility": {"de": "Mobilität", "en": "Mobility"},
}

MONTHS: dict[str, list[str]] = {
    "de": [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}

UNKNOWN: Label = {"de": "unbekannt", "en": "unknown"}

VOCABULARIES: dict[str, dict[str, Label]] = {
    "land": LANDS,
    "nace_section": NACE_SECTIONS,
    "size_class": SIZE_CLASSES,
    "technology": TECHNOLOGIES,
    "barrier": BARRIERS,
    "topic": TOPICS,
}
"""Kind (the column name in the gold tables) -> vocabulary; extend by adding an entry."""

# Survey columns carry a prefix (`tech_generative`, `barrier_cost`); the gold tables do not.
PREFIXES: dict[str, str] = {"technology": "tech_", "barrier": "barrier_"}


def _pick(entry: Mapping[str, str], lang: str) -> str:
    return entry.get(lang) or entry[DEFAULT_LANGUAGE]


def label(kind: str, code: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """The label of `code` in vocabulary `kind` (German when `lang` is missing).

    A null code is "unbekannt"/"unknown", except for `land`, where null means both Länder. The
    survey's column prefix (`tech_`, `barrier_`) and the case of NACE letters are ignored; an
    unknown code comes back unchanged, so a new code is visible rather than hidden.
    """
    if kind not in VOCABULARIES:
        raise KeyError(f"no vocabulary {kind!r}; known: {', '.join(VOCABULARIES)}")
    if code is None:
        return _pick(BOTH_LANDS if kind == "land" else UNKNOWN, lang)
    vocabulary = VOCABULARIES[kind]
    key = str(code)
    prefix = PREFIXES.get(kind)
    if prefix and key.startswith(prefix):
        key = key[len(prefix) :]
    entry = vocabulary.get(key) or vocabulary.get(key.upper())
    return _pick(entry, lang) if entry else str(code)


def labels(kind: str, lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Code -> label of one vocabulary in one language, in the vocabulary's order."""
    return {code: _pick(entry, lang) for code, entry in VOCABULARIES[kind].items()}


def codes(kind: str) -> list[str]:
    """The codes of one vocabulary, in order."""
    return list(VOCABULARIES[kind])


def all_codes() -> dict[str, list[str]]:
    """Every code of every vocabulary by kind: for tests that no raw code appears on a page."""
    return {kind: list(vocabulary) for kind, vocabulary in VOCABULARIES.items()}


def month_name(month: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """`März` / `March` for 3."""
    return (MONTHS.get(lang) or MONTHS[DEFAULT_LANGUAGE])[month - 1]
