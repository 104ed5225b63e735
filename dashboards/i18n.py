"""German first, English switchable: every visible text goes through `t(key)`."""

from __future__ import annotations

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"

TEXTS: dict[str, dict[str, str]] = {
    "app_title": {"de": "KI-Nutzung in Sachsen und Thüringen", "en": "AI adoption in Saxony and Thuringia"},
    "page_overview": {"de": "Überblick", "en": "Overview"},
    "page_map": {"de": "Karte", "en": "Map"},
    "page_sectors": {"de": "Branchen & Größenklassen", "en": "Sectors & size classes"},
    "page_tech": {"de": "Technologien & Hemmnisse", "en": "Technologies & barriers"},
    "page_news": {"de": "Nachrichten", "en": "News"},
    "page_status": {"de": "Datenstand", "en": "Data status"},
    "filters": {"de": "Filter", "en": "Filters"},
    "language": {"de": "Sprache", "en": "Language"},
    "wave": {"de": "Befragungswelle", "en": "Survey wave"},
    "land": {"de": "Land", "en": "Land (state)"},
    "district": {"de": "Kreis", "en": "District"},
    "sector": {"de": "Branche (NACE-Abschnitt)", "en": "Sector (NACE section)"},
    "size_class": {"de": "Größenklasse (Beschäftigte)", "en": "Size class (employees)"},
    "both": {"de": "Sachsen und Thüringen", "en": "Saxony and Thuringia"},
    "all": {"de": "alle", "en": "all"},
    "share_link": {"de": "Link zu dieser Ansicht: die Adresse im Browser enthält alle Filter.",
                   "en": "Link to this view: the browser address holds all filters."},
    "no_data": {"de": "Noch keine Daten im Lake. Führen Sie `lakehouse demo --no-serve` oder `lakehouse survey ingest` aus.",
                "en": "No data in the lake yet. Run `lakehouse demo --no-serve` or `lakehouse survey ingest`."},
    "suppressed": {"de": "unterdrückt", "en": "suppressed"},
    "suppressed_help": {"de": "weniger als 5 Antworten: Wert unterdrückt", "en": "fewer than 5 responses: value suppressed"},
    "not_in_cube": {"de": "keine Daten", "en": "no data"},
    "share": {"de": "Anteil (%)", "en": "Share (%)"},
    "share_axis": {"de": "Anteil der Unternehmen mit KI-Nutzung (%)", "en": "Share of enterprises using AI (%)"},
    "ci_low": {"de": "95-%-KI unten (%)", "en": "95 % CI low (%)"},
    "ci_high": {"de": "95-%-KI oben (%)", "en": "95 % CI high (%)"},
    "respondents": {"de": "Antworten", "en": "Respondents"},
    "change": {"de": "Veränderung zur Vorwelle", "en": "Change vs. previous wave"},
    "pp": {"de": "Prozentpunkte", "en": "percentage points"},
    "overview_caption": {"de": "Welle {wave} · gewichteter Anteil der Unternehmen, die KI nutzen, mit 95-%-Konfidenzintervall (Wilson, effektive Stichprobengröße)",
                         "en": "Wave {wave} · weighted share of enterprises using AI, with 95 % confidence interval (Wilson, effective sample size)"},
    "ci_caption": {"de": "95-%-KI: {low} – {high} · n = {n}", "en": "95 % CI: {low} – {high} · n = {n}"},
    "selection": {"de": "Ihre Auswahl", "en": "Your selection"},
    "selection_missing": {"de": "Für diese Kombination der Filter gibt es keine Zelle im Würfel (nur einzelne Merkmale werden ausgewertet).",
                          "en": "The cube has no cell for this combination of filters (only one breakdown at a time is computed)."},
    "trend": {"de": "Verlauf", "en": "Trend"},
    "interval_note": {"de": "Die Balken zeigen das 95-%-Konfidenzintervall. Überlappende Intervalle: Unterschied nicht gesichert.",
                      "en": "Bars show the 95 % confidence interval. Overlapping intervals: the difference is not established."},
    "download_csv": {"de": "CSV herunterladen", "en": "Download CSV"},
    "download_xlsx": {"de": "Excel herunterladen", "en": "Download Excel"},
    "show_table": {"de": "Tabelle anzeigen", "en": "Show table"},
    "map_title": {"de": "Anteil der Unternehmen mit KI-Nutzung nach Kreis", "en": "Share of enterprises using AI by district"},
    "map_fallback": {"de": "Keine Kreisgrenzen im Lake (offline oder noch nicht geladen): vereinfachte Kachelkarte. Grenzen laden mit `lakehouse geodata fetch`.",
                     "en": "No district boundaries in the lake (offline or not fetched yet): simplified tile map. Fetch them with `lakehouse geodata fetch`."},
    "map_source": {"de": "Quelle der Grenzen", "en": "Boundary source"},
    "map_filter_note": {"de": "Der Würfel hat keine Kreiswerte für diese Branche/Größenklasse: gezeigt werden alle Branchen und Größen.",
                        "en": "The cube has no district values for this sector/size class: all sectors and sizes are shown."},
    "name": {"de": "Name", "en": "Name"},
    "ags": {"de": "AGS", "en": "AGS"},
    "by_sector": {"de": "Nach Branche (NACE-Abschnitt)", "en": "By sector (NACE section)"},
    "by_size": {"de": "Nach Größenklasse", "en": "By size class"},
    "technologies": {"de": "Technologien unter KI-Nutzern", "en": "Technologies among AI users"},
    "barriers": {"de": "Hemmnisse unter Nicht-Nutzern", "en": "Barriers among non-users"},
    "technology": {"de": "Technologie", "en": "Technology"},
    "barrier": {"de": "Hemmnis", "en": "Barrier"},
    "share_users": {"de": "Anteil unter Nutzern (%)", "en": "Share of users (%)"},
    "share_non_users": {"de": "Anteil unter Nicht-Nutzern (%)", "en": "Share of non-users (%)"},
    "table_missing": {"de": "Tabelle {table} ist noch nicht im Lake.", "en": "Table {table} is not in the lake yet."},
    "news_activity": {"de": "Artikel pro Monat nach Land", "en": "Articles per month by Land"},
    "news_topics": {"de": "Artikel pro Monat nach Thema", "en": "Articles per month by topic"},
    "news_funding": {"de": "Angekündigte Förderung und Investitionen (EUR) pro Monat", "en": "Funding and investment announced (EUR) per month"},
    "news_orgs": {"de": "Aktivste Organisationen", "en": "Most active organisations"},
    "news_search": {"de": "Artikel suchen (Titel, Organisationen, Orte)", "en": "Search articles (title, organisations, places)"},
    "news_search_hint": {"de": "Suchbegriff", "en": "Search term"},
    "news_hits": {"de": "{n} Treffer", "en": "{n} hits"},
    "topic": {"de": "Thema", "en": "Topic"},
    "month": {"de": "Monat", "en": "Month"},
    "articles": {"de": "Artikel", "en": "Articles"},
    "funding_eur": {"de": "Förderung (EUR)", "en": "Funding (EUR)"},
    "organisation": {"de": "Organisation", "en": "Organisation"},
    "title": {"de": "Titel", "en": "Title"},
    "published": {"de": "Veröffentlicht", "en": "Published"},
    "source": {"de": "Quelle", "en": "Source"},
    "topics": {"de": "Themen", "en": "Topics"},
    "lands": {"de": "Länder", "en": "Länder"},
    "table": {"de": "Tabelle", "en": "Table"},
    "version": {"de": "Delta-Version", "en": "Delta version"},
    "rows": {"de": "Zeilen", "en": "Rows"},
    "updated": {"de": "Zuletzt geschrieben (Europe/Berlin)", "en": "Last written (Europe/Berlin)"},
    "status_caption": {"de": "Stand der Tabellen, die die Seiten zeigen. Eine neue Delta-Version wird beim nächsten Neuladen übernommen.",
                       "en": "State of the tables the pages show. A new Delta version is picked up on the next reload."},
    "absent": {"de": "fehlt", "en": "absent"},
    "page_ranking": {"de": "Rangliste", "en": "Ranking"},
    "page_method": {"de": "Methodik & Glossar", "en": "Method & glossary"},
    "not_applied": {"de": "Auf dieser Seite nicht angewendet: {filters}.", "en": "Not applied on this page: {filters}."},
    "na_technologien": {"de": "Technologien und Hemmnisse werden nur nach Welle und Land ausgewertet (zu wenige Antworten je Kreis, Branche oder Größenklasse).",
                        "en": "Technologies and barriers are computed by wave and Land only (too few responses per district, sector or size class)."},
    "na_nachrichten": {"de": "Nachrichten sind nach Land und Monat erfasst, nicht nach Kreis, Branche oder Größenklasse; die Welle markiert ihr Quartal.",
                       "en": "News is recorded by Land and month, not by district, sector or size class; the wave marks its quarter."},
    "na_methodik": {"de": "Die Methodik gilt für alle Auswahlen.", "en": "The method applies to every selection."},
    "na_datenstand": {"de": "Der Datenstand gilt für alle Auswahlen.", "en": "The data status applies to every selection."},
    "no_respondents": {"de": "In dieser Kombination hat kein Unternehmen geantwortet: kein Wert.",
                       "en": "No enterprise responded in this combination: no value."},
    "cell_suppressed": {"de": "Wert unterdrückt (n = {n}): weniger als 5 Antworten oder zum Schutz einer anderen unterdrückten Zelle.",
                        "en": "Value suppressed (n = {n}): fewer than 5 responses or to protect another suppressed cell."},
    "wave_not_in_cube": {"de": "Für die Welle {wave} enthält der Würfel keine Werte.", "en": "The cube has no values for wave {wave}."},
    "enterprises": {"de": "Geschätzte Unternehmen", "en": "Estimated enterprises"},
    "enterprises_help": {"de": "Summe der Gewichte: geschätzte Zahl der Unternehmen, die die Antworten vertreten (nicht nur KI-Nutzer).",
                         "en": "Sum of weights: estimated number of enterprises the responses represent (not only AI users)."},
    "ai_enterprises": {"de": "davon KI-nutzend (geschätzt)", "en": "of which using AI (estimated)"},
    "trend_selection": {"de": "Verlauf Ihrer Auswahl", "en": "Trend of your selection"},
    "selected": {"de": "ausgewählt", "en": "selected"},
    "ranking_districts": {"de": "Kreise nach Anteil der KI-Nutzung", "en": "Districts by share of AI use"},
    "ranking_sectors": {"de": "Branchen nach Anteil der KI-Nutzung", "en": "Sectors by share of AI use"},
    "ranking_note": {"de": "Sortiert nach dem Anteil; die Striche zeigen das 95-%-Konfidenzintervall. Überlappen sich zwei Intervalle, ist die Reihenfolge nicht gesichert.",
                     "en": "Sorted by share; whiskers show the 95 % confidence interval. Where two intervals overlap, the order is not established."},
    "estimate_kind": {"de": "Schätzung", "en": "Estimate"},
    "direct": {"de": "direkt (Befragung)", "en": "direct (survey)"},
    "modelled": {"de": "modelliert", "en": "modelled"},
    "modelled_note": {"de": "Modellierte Werte (Small-Area-Schätzung) verbinden die Antworten eines Kreises mit Hilfsmerkmalen; sie sind Schätzungen, keine Befragungsergebnisse. Modell: {model}",
                      "en": "Modelled values (small-area estimation) combine a district's responses with auxiliary variables; they are estimates, not survey results. Model: {model}"},
    "rank": {"de": "Rang", "en": "Rank"},
    "pattern_legend": {"de": "Schraffiert: unterdrückt (zu wenige Antworten) · gepunktet hell: keine Antworten · dicker schwarzer Rand: ausgewählter Kreis",
                       "en": "Hatched: suppressed (too few responses) · dotted light: no responses · thick black outline: selected district"},
    "no_responses_short": {"de": "keine Antworten", "en": "no responses"},
    "survey_waves": {"de": "Befragungswellen: Feldzeit und Rücklauf", "en": "Survey waves: field period and responses"},
    "field_start": {"de": "Feldzeit von", "en": "Field period from"},
    "field_end": {"de": "bis", "en": "to"},
    "responses": {"de": "Gültige Antworten", "en": "Valid responses"},
    "survey_files": {"de": "Gelieferte Dateien", "en": "Delivered files"},
    "file": {"de": "Datei", "en": "File"},
    "rows_read": {"de": "Zeilen gelesen", "en": "Rows read"},
    "accepted": {"de": "angenommen", "en": "accepted"},
    "rejected": {"de": "ausgesondert", "en": "rejected"},
    "processed": {"de": "Verarbeitet", "en": "Processed"},
    "report_archive": {"de": "Berichtsarchiv", "en": "Report archive"},
    "report_none": {"de": "Noch kein Bericht erstellt (`lakehouse report`).", "en": "No report generated yet (`lakehouse report`)."},
    "report_created": {"de": "erstellt", "en": "created"},
    "download_pdf": {"de": "PDF herunterladen", "en": "Download PDF"},
    "download_html": {"de": "HTML herunterladen", "en": "Download HTML"},
    "glossary": {"de": "Glossar", "en": "Glossary"},
    "term": {"de": "Begriff", "en": "Term"},
    "meaning": {"de": "Bedeutung", "en": "Meaning"},
    "codes": {"de": "Kodierungen", "en": "Codes"},
    "code": {"de": "Code", "en": "Code"},
    "label": {"de": "Bezeichnung", "en": "Label"},
    "selection_cell": {"de": "Zelle", "en": "Cell"},
    "query_error": {"de": "Die Abfrage konnte nicht ausgeführt werden.", "en": "The query could not be run."},
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **fmt: object) -> str:
    """The text for ``key`` in ``lang`` (German when missing), formatted with ``fmt``."""
    entry = TEXTS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**fmt) if fmt else text


def number(value: float, lang: str, digits: int = 1) -> str:
    """A number with the decimal comma in German (``12,3``) and point in English."""
    text = f"{value:,.{digits}f}"
    if lang == "de":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text


NACE_SECTIONS = {
    "A": ("Land- und Forstwirtschaft, Fischerei", "Agriculture, forestry and fishing"),
    "B": ("Bergbau, Gewinnung von Steinen und Erden", "Mining and quarrying"),
    "C": ("Verarbeitendes Gewerbe", "Manufacturing"),
    "D": ("Energieversorgung", "Electricity, gas, steam and air conditioning supply"),
    "E": ("Wasserversorgung, Abwasser, Abfall", "Water supply, sewerage, waste management"),
    "F": ("Baugewerbe", "Construction"),
    "G": ("Handel, Kfz-Reparatur", "Wholesale and retail trade, repair of motor vehicles"),
    "H": ("Verkehr und Lagerei", "Transportation and storage"),
    "I": ("Gastgewerbe", "Accommodation and food service activities"),
    "J": ("Information und Kommunikation", "Information and communication"),
    "K": ("Finanz- und Versicherungsdienstleistungen", "Financial and insurance activities"),
    "L": ("Grundstücks- und Wohnungswesen", "Real estate activities"),
    "M": ("Freiberufliche, wissenschaftliche, technische Dienstleistungen",
          "Professional, scientific and technical activities"),
    "N": ("Sonstige wirtschaftliche Dienstleistungen", "Administrative and support service activities"),
    "O": ("Öffentliche Verwaltung", "Public administration"),
    "P": ("Erziehung und Unterricht", "Education"),
    "Q": ("Gesundheits- und Sozialwesen", "Human health and social work"),
    "R": ("Kunst, Unterhaltung und Erholung", "Arts, entertainment and recreation"),
    "S": ("Sonstige Dienstleistungen", "Other service activities"),
}
SIZE_CLASSES = {
    "1-9": ("1–9 Beschäftigte", "1–9 employees"),
    "10-49": ("10–49 Beschäftigte", "10–49 employees"),
    "50-249": ("50–249 Beschäftigte", "50–249 employees"),
    "250+": ("250 und mehr Beschäftigte", "250 or more employees"),
}
TECHNOLOGIES = {
    "text_mining": ("Textanalyse (Text Mining)", "Text mining"),
    "speech": ("Spracherkennung", "Speech recognition"),
    "generative": ("Generative KI", "Generative AI"),
    "image": ("Bilderkennung und -verarbeitung", "Image recognition and processing"),
    "ml_analytics": ("Maschinelles Lernen für Datenanalysen", "Machine learning for data analysis"),
    "automation": ("KI-gestützte Prozessautomatisierung", "AI-based process automation"),
    "robotics": ("Autonome Roboter, Fahrzeuge, Drohnen", "Autonomous robots, vehicles, drones"),
}
BARRIERS = {
    "cost": ("Kosten zu hoch", "Costs too high"),
    "expertise": ("Fehlendes Fachwissen", "Lack of expertise"),
    "data": ("Fehlende oder unzureichende Daten", "Missing or insufficient data"),
    "legal": ("Unklare Rechtslage", "Unclear legal situation"),
    "privacy": ("Datenschutzbedenken", "Data protection concerns"),
    "ethics": ("Ethische Bedenken", "Ethical concerns"),
    "not_useful": ("Kein Nutzen für das Unternehmen", "Not useful for the enterprise"),
}
TOPICS = {
    "llm": ("Große Sprachmodelle", "Large language models"),
    "infrastructure_hpc": ("Infrastruktur und Hochleistungsrechnen", "Infrastructure and high-performance computing"),
    "funding": ("Förderung", "Funding"),
    "sme_adoption": ("KI im Mittelstand", "AI in SMEs"),
    "research": ("Forschung", "Research"),
    "education_training": ("Bildung und Weiterbildung", "Education and training"),
    "event": ("Veranstaltungen", "Events"),
    "policy": ("Politik", "Policy"),
    "industry_application": ("Industrieanwendungen", "Industrial applications"),
    "health": ("Gesundheit", "Health"),
    "mobility": ("Mobilität", "Mobility"),
}
LAND_NAMES = {"Sachsen": ("Sachsen", "Saxony"), "Thüringen": ("Thüringen", "Thuringia")}


def nace_label(code: str, lang: str) -> str:
    names = NACE_SECTIONS.get(code)
    return f"{code} – {names[0 if lang == 'de' else 1]}" if names else str(code)


def land_label(land: str | None, lang: str) -> str:
    if land is None:
        return t("both", lang)
    names = LAND_NAMES.get(land)
    return names[0 if lang == "de" else 1] if names else land


def _pick(mapping: dict[str, tuple[str, str]], code: str | None, lang: str, prefix: str = "") -> str:
    if code is None:
        return t("all", lang)
    key = code[len(prefix):] if prefix and code.startswith(prefix) else code
    names = mapping.get(key)
    return names[0 if lang == "de" else 1] if names else str(code).replace("_", " ")


def size_label(code: str | None, lang: str) -> str:
    return _pick(SIZE_CLASSES, code, lang)


def technology_label(code: str | None, lang: str) -> str:
    return _pick(TECHNOLOGIES, code, lang, "tech_")


def barrier_label(code: str | None, lang: str) -> str:
    return _pick(BARRIERS, code, lang, "barrier_")


def topic_label(code: str | None, lang: str) -> str:
    return _pick(TOPICS, code, lang)


# Plotly's number separators per language (decimal, thousands): axes and hover numbers.
PLOTLY_SEPARATORS = {"de": ",.", "en": ".,"}
