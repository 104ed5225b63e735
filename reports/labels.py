"""German labels for codes used in the gold tables."""

from __future__ import annotations

LANDS = ("Sachsen", "Thüringen")
BOTH = "Sachsen und Thüringen"

NACE_SECTIONS = {
    "A": "Land- und Forstwirtschaft, Fischerei",
    "B": "Bergbau, Gewinnung von Steinen und Erden",
    "C": "Verarbeitendes Gewerbe",
    "D": "Energieversorgung",
    "E": "Wasserversorgung, Abwasser, Abfall",
    "F": "Baugewerbe",
    "G": "Handel, Kfz-Reparatur",
    "H": "Verkehr und Lagerei",
    "I": "Gastgewerbe",
    "J": "Information und Kommunikation",
    "K": "Finanz- und Versicherungsdienstleistungen",
    "L": "Grundstücks- und Wohnungswesen",
    "M": "Freiberufliche, wissenschaftliche, technische Dienstleistungen",
    "N": "Sonstige wirtschaftliche Dienstleistungen",
    "O": "Öffentliche Verwaltung",
    "P": "Erziehung und Unterricht",
    "Q": "Gesundheits- und Sozialwesen",
    "R": "Kunst, Unterhaltung und Erholung",
    "S": "Sonstige Dienstleistungen",
}

SIZE_CLASSES = {
    "1-9": "1–9 Beschäftigte",
    "10-49": "10–49 Beschäftigte",
    "50-249": "50–249 Beschäftigte",
    "250+": "250 und mehr Beschäftigte",
}

TECHNOLOGIES = {
    "text_mining": "Textanalyse (Text Mining)",
    "speech": "Spracherkennung",
    "generative": "Generative KI",
    "image": "Bilderkennung und -verarbeitung",
    "ml_analytics": "Maschinelles Lernen für Datenanalysen",
    "automation": "KI-gestützte Prozessautomatisierung",
    "robotics": "Autonome Roboter, Fahrzeuge, Drohnen",
}

BARRIERS = {
    "cost": "Kosten zu hoch",
    "expertise": "Fehlendes Fachwissen",
    "data": "Fehlende oder unzureichende Daten",
    "legal": "Unklare Rechtslage",
    "privacy": "Datenschutzbedenken",
    "ethics": "Ethische Bedenken",
    "not_useful": "Kein Nutzen für das Unternehmen",
}

TOPICS = {
    "llm": "Große Sprachmodelle",
    "infrastructure_hpc": "Infrastruktur und Hochleistungsrechnen",
    "funding": "Förderung",
    "sme_adoption": "KI im Mittelstand",
    "research": "Forschung",
    "education_training": "Bildung und Weiterbildung",
    "event": "Veranstaltungen",
    "policy": "Politik",
    "industry_application": "Industrieanwendungen",
    "health": "Gesundheit",
    "mobility": "Mobilität",
}

MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember"]


def label(mapping: dict[str, str], code: str | None, prefix: str = "") -> str:
    """German label of a code (``tech_generative`` and ``generative`` both work); else the code."""
    if code is None:
        return "unbekannt"
    key = code[len(prefix):] if prefix and code.startswith(prefix) else code
    return mapping.get(key, mapping.get(key.upper(), code))
