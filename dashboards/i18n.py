"""German first, English switchable: every visible text goes through `t(key)`.

The labels of the lake's codes (NACE sections, Länder, technologies, ...) are not here but in
`lake.vocabulary`, shared with the reports; `nace_label`, `land_label` and `code_label` read it.
"""

from __future__ import annotations

from lake import vocabulary
from lake.vocabulary import DEFAULT_LANGUAGE, LANGUAGES

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "TEXTS",
    "barrier_label",
    "code_label",
    "land_label",
    "nace_label",
    "number",
    "size_label",
    "t",
    "technology_label",
    "topic_label",
]

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
    "share_link": {
        "de": "Link zu dieser Ansicht: die Adresse im Browser enthält alle Filter.",
        "en": "Link to this view: the browser address holds all filters.",
    },
    "no_data": {
        "de": "Noch keine Daten im Lake. Führen Sie `lakehouse demo --no-serve` oder `lakehouse survey ingest` aus.",
        "en": "No data in the lake yet. Run `lakehouse demo --no-serve` or `lakehouse survey ingest`.",
    },
    "suppressed": {"de": "unterdrückt", "en": "suppressed"},
    "suppressed_help": {
        "de": f"Wert unterdrückt: weniger als {vocabulary.MIN_RESPONDENTS} Antworten, oder er ließe einen solchen Wert aus veröffentlichten Summen errechnen",
        "en": f"value suppressed: fewer than {vocabulary.MIN_RESPONDENTS} responses, or it would let a reader compute such a value from published totals",
    },
    "suppressed_secondary": {"de": "unterdrückt (Sekundärsperrung)", "en": "suppressed (secondary)"},
    "note": {"de": "Hinweis", "en": "Note"},
    "limited_note": {"de": "( ) eingeschränkte Aussagekraft ¹", "en": "( ) limited reliability ¹"},
    "limited_footnote": {
        "de": "¹ Aussagewert eingeschränkt: effektive Stichprobengröße unter 30 oder 95-%-Intervall breiter als 20 Prozentpunkte; mit Vorsicht interpretieren.",
        "en": "¹ Limited reliability: effective sample size below 30 or 95 % interval wider than 20 percentage points; interpret with care.",
    },
    "all_alike_note": {"de": "alle Antwortenden gleich", "en": "all respondents alike"},
    "legend_suppression": {"de": "Geheimhaltung", "en": "Disclosure control"},
    "legend_suppression_text": {
        "de": "unterdrückt = weniger als 5 Antworten (Primärsperrung) oder Sekundärsperrung, damit kein gesperrter Wert aus Summen errechnet werden kann; kein Zahlenwert",
        "en": "suppressed = fewer than 5 responses (primary) or secondary suppression, so that no suppressed value can be computed from totals; no number",
    },
    "legend_reliability": {"de": "Aussagekraft", "en": "Reliability"},
    "legend_reliability_text": {
        "de": "( ) eingeschränkt: effektive Stichprobengröße (Kish) unter 30 oder 95-%-Intervall breiter als 20 Prozentpunkte; sonst gesichert",
        "en": "( ) limited: Kish effective sample size below 30 or 95 % interval wider than 20 percentage points; otherwise reliable",
    },
    "legend_method": {"de": "Methode", "en": "Method"},
    "legend_method_text": {
        "de": "gewichteter Anteil; 95-%-Konfidenzintervall nach Wilson auf der effektiven Stichprobengröße (Kish); Anteile in %",
        "en": "weighted share; 95 % Wilson confidence interval on the Kish effective sample size; shares in %",
    },
    "meta_content": {"de": "Inhalt", "en": "Content"},
    "meta_source_text": {
        "de": "Befragung zur KI-Nutzung in Sachsen und Thüringen (gold/ai_adoption, gold/ai_technologies, gold/ai_barriers)",
        "en": "Survey of AI use in Saxony and Thuringia (gold/ai_adoption, gold/ai_technologies, gold/ai_barriers)",
    },
    "meta_version": {"de": "Datenstand (Delta-Versionen)", "en": "Data version (Delta versions)"},
    "sig_up": {"de": "signifikant gestiegen", "en": "significantly increased"},
    "sig_down": {"de": "signifikant gesunken", "en": "significantly decreased"},
    "sig_none": {"de": "keine gesicherte Veränderung", "en": "no established change"},
    "sig_help": {
        "de": "Veränderung zur Vorwelle in Prozentpunkten; zweiseitiger z-Test zum 5-%-Niveau auf den effektiven Stichprobengrößen beider Wellen",
        "en": "Change vs. the previous wave in percentage points; two-sided z-test at 5 % on both waves' effective sample sizes",
    },
    "benchmark_title": {
        "de": "Vergleich mit der amtlichen Statistik (Unternehmen ab 10 Beschäftigten)",
        "en": "Comparison with official statistics (enterprises with 10 or more employees)",
    },
    "benchmark_note": {
        "de": "Gleiche Abgrenzung: der regionale Anteil hier nur für Unternehmen mit 10 und mehr Beschäftigten (Größenklassen 10–49, 50–249 und 250 und mehr Beschäftigte), wie Destatis und Eurostat (isoc_eb_ai) veröffentlichen. Amtliche Werte sind Jahreswerte; Befragungswelle {wave}.",
        "en": "Same definition: the regional share here covers enterprises with 10 or more employees only (size classes 10–49, 50–249 and 250 or more employees), as Destatis and Eurostat (isoc_eb_ai) publish. Official figures are annual; survey wave {wave}.",
    },
    "benchmark_region": {"de": "{land}, ab 10 Beschäftigten", "en": "{land}, 10+ employees"},
    "share": {"de": "Anteil (%)", "en": "Share (%)"},
    "estimate": {"de": "Schätzung", "en": "Estimate"},
    "estimate_direct": {"de": "direkt", "en": "direct"},
    "estimate_modelled": {"de": "modelliert", "en": "modelled"},
    "method": {"de": "Methode", "en": "Method"},
    "method_eblup": {"de": "modelliert (EBLUP: Kreisdaten + Modell)", "en": "modelled (EBLUP: district data + model)"},
    "method_synthetic": {
        "de": "modelliert (synthetisch: keine Antworten im Kreis)",
        "en": "modelled (synthetic: no responses in the district)",
    },
    "method_direct": {"de": "direkt (Befragung)", "en": "direct (survey)"},
    "modelled_share": {"de": "Anteil modelliert (%)", "en": "Share modelled (%)"},
    "modelled_ci_low": {"de": "modelliert KI unten", "en": "modelled CI low"},
    "modelled_ci_high": {"de": "modelliert KI oben", "en": "modelled CI high"},
    "modelled_help": {
        "de": "Modelliert: Small-Area-Schätzung (Fay-Herriot-Modell), die die Antworten eines Kreises "
        "mit Merkmalen aller Kreise verbindet und auf den direkten Landeswert abgestimmt ist; "
        "kein direkter Befragungswert. Methode je Kreis im Tooltip und in der Tabelle.",
        "en": "Modelled: small-area estimate (Fay-Herriot model) combining a district's responses "
        "with characteristics of all districts, benchmarked to the Land's direct share; not a "
        "direct survey value. The method per district is in the tooltip and the table.",
    },
    "modelled_only_all": {
        "de": "Modellierte Werte gibt es nur für alle Branchen und Größenklassen zusammen.",
        "en": "Modelled values exist for all sectors and size classes together only.",
    },
    "share_axis": {"de": "Anteil der Unternehmen mit KI-Nutzung (%)", "en": "Share of enterprises using AI (%)"},
    "ci_low": {"de": "95-%-KI unten (%)", "en": "95 % CI low (%)"},
    "ci_high": {"de": "95-%-KI oben (%)", "en": "95 % CI high (%)"},
    "respondents": {"de": "Antworten", "en": "Respondents"},
    "change": {"de": "Veränderung zur Vorwelle", "en": "Change vs. previous wave"},
    "pp": {"de": "Prozentpunkte", "en": "percentage points"},
    "overview_caption": {
        "de": "Welle {wave} · gewichteter Anteil der Unternehmen, die KI nutzen, mit 95-%-Konfidenzintervall (Wilson, effektive Stichprobengröße)",
        "en": "Wave {wave} · weighted share of enterprises using AI, with 95 % confidence interval (Wilson, effective sample size)",
    },
    "ci_caption": {"de": "95-%-KI: {low} – {high} · n = {n}", "en": "95 % CI: {low} – {high} · n = {n}"},
    "selection": {"de": "Ihre Auswahl", "en": "Your selection"},
    "selection_missing": {
        "de": "Für diese Kombination der Filter gibt es keine Zelle im Würfel (nur einzelne Merkmale werden ausgewertet).",
        "en": "The cube has no cell for this combination of filters (only one breakdown at a time is computed).",
    },
    "trend": {"de": "Verlauf", "en": "Trend"},
    "interval_note": {
        "de": "Die Balken zeigen das 95-%-Konfidenzintervall. Ob sich ein Wert zur Vorwelle verändert hat, sagt der z-Test (oben), nicht die Überlappung der Intervalle.",
        "en": "Bars show the 95 % confidence interval. Whether a value changed from the previous wave is told by the z-test (above), not by overlapping intervals.",
    },
    "download_csv": {"de": "CSV herunterladen", "en": "Download CSV"},
    "download_xlsx": {"de": "Excel herunterladen", "en": "Download Excel"},
    "show_table": {"de": "Tabelle anzeigen", "en": "Show table"},
    "map_title": {
        "de": "Anteil der Unternehmen mit KI-Nutzung nach Kreis",
        "en": "Share of enterprises using AI by district",
    },
    "map_fallback": {
        "de": "Keine Kreisgrenzen im Lake (offline oder noch nicht geladen): vereinfachte Kachelkarte. Grenzen laden mit `lakehouse geodata fetch`.",
        "en": "No district boundaries in the lake (offline or not fetched yet): simplified tile map. Fetch them with `lakehouse geodata fetch`.",
    },
    "map_source": {"de": "Quelle der Grenzen", "en": "Boundary source"},
    "map_filter_note": {
        "de": "Der Würfel hat keine Kreiswerte für diese Branche/Größenklasse: gezeigt werden alle Branchen und Größen.",
        "en": "The cube has no district values for this sector/size class: all sectors and sizes are shown.",
    },
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
    "news_funding": {
        "de": "Angekündigte Förderung und Investitionen (EUR) pro Monat",
        "en": "Funding and investment announced (EUR) per month",
    },
    "news_orgs": {"de": "Aktivste Organisationen", "en": "Most active organisations"},
    "news_articles": {"de": "Artikel", "en": "Articles"},
    "news_articles_hint": {
        "de": "Die Artikel selbst, mit den korrigierten Werten; Korrekturen kommen als Datei "
        "in landing/news_corrections/ (diese Seite ändert nichts).",
        "en": "The articles themselves, with corrected values; corrections arrive as files in "
        "landing/news_corrections/ (this page changes nothing).",
    },
    "quarter": {"de": "Quartal", "en": "Quarter"},
    "date": {"de": "Datum", "en": "Date"},
    "organisations": {"de": "Organisationen", "en": "Organisations"},
    "corrected": {"de": "korrigiert", "en": "corrected"},
    "news_search": {
        "de": "Artikel suchen (Titel, Organisationen, Orte)",
        "en": "Search articles (title, organisations, places)",
    },
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
    "status_caption": {
        "de": "Stand der Tabellen, die die Seiten zeigen. Eine neue Delta-Version wird beim nächsten Neuladen übernommen.",
        "en": "State of the tables the pages show. A new Delta version is picked up on the next reload.",
    },
    "absent": {"de": "fehlt", "en": "absent"},
    "page_ranking": {"de": "Rangliste", "en": "Ranking"},
    "page_method": {"de": "Methodik & Glossar", "en": "Method & glossary"},
    "not_applied": {
        "de": "Auf dieser Seite nicht angewendet: {filters}.",
        "en": "Not applied on this page: {filters}.",
    },
    "na_technologien": {
        "de": "Technologien und Hemmnisse werden nur nach Welle und Land ausgewertet (zu wenige Antworten je Kreis, Branche oder Größenklasse).",
        "en": "Technologies and barriers are computed by wave and Land only (too few responses per district, sector or size class).",
    },
    "na_nachrichten": {
        "de": "Nachrichten sind nach Land und Monat erfasst, nicht nach Kreis, Branche oder Größenklasse; die Welle markiert ihr Quartal.",
        "en": "News is recorded by Land and month, not by district, sector or size class; the wave marks its quarter.",
    },
    "na_methodik": {"de": "Die Methodik gilt für alle Auswahlen.", "en": "The method applies to every selection."},
    "na_datenstand": {
        "de": "Der Datenstand gilt für alle Auswahlen.",
        "en": "The data status applies to every selection.",
    },
    "no_respondents": {
        "de": "In dieser Kombination hat kein Unternehmen geantwortet: kein Wert.",
        "en": "No enterprise responded in this combination: no value.",
    },
    "cell_suppressed": {
        "de": "Wert unterdrückt (n = {n}): weniger als 5 Antworten oder zum Schutz einer anderen unterdrückten Zelle.",
        "en": "Value suppressed (n = {n}): fewer than 5 responses or to protect another suppressed cell.",
    },
    "wave_not_in_cube": {
        "de": "Für die Welle {wave} enthält der Würfel keine Werte.",
        "en": "The cube has no values for wave {wave}.",
    },
    "enterprises": {"de": "Geschätzte Unternehmen", "en": "Estimated enterprises"},
    "enterprises_help": {
        "de": "Summe der Gewichte: geschätzte Zahl der Unternehmen, die die Antworten vertreten (nicht nur KI-Nutzer).",
        "en": "Sum of weights: estimated number of enterprises the responses represent (not only AI users).",
    },
    "ai_enterprises": {"de": "davon KI-nutzend (geschätzt)", "en": "of which using AI (estimated)"},
    "trend_selection": {"de": "Verlauf Ihrer Auswahl", "en": "Trend of your selection"},
    "selected": {"de": "ausgewählt", "en": "selected"},
    "ranking_districts": {"de": "Kreise nach Anteil der KI-Nutzung", "en": "Districts by share of AI use"},
    "ranking_sectors": {"de": "Branchen nach Anteil der KI-Nutzung", "en": "Sectors by share of AI use"},
    "ranking_note": {
        "de": "Sortiert nach dem Anteil; die Striche zeigen das 95-%-Konfidenzintervall. Überlappen sich zwei Intervalle, ist die Reihenfolge nicht gesichert.",
        "en": "Sorted by share; whiskers show the 95 % confidence interval. Where two intervals overlap, the order is not established.",
    },
    "estimate_kind": {"de": "Schätzung", "en": "Estimate"},
    "direct": {"de": "direkt (Befragung)", "en": "direct (survey)"},
    "modelled": {"de": "modelliert", "en": "modelled"},
    "modelled_note": {
        "de": "Modellierte Werte (Small-Area-Schätzung) verbinden die Antworten eines Kreises mit Hilfsmerkmalen; sie sind Schätzungen, keine Befragungsergebnisse. Modell: {model}",
        "en": "Modelled values (small-area estimation) combine a district's responses with auxiliary variables; they are estimates, not survey results. Model: {model}",
    },
    "rank": {"de": "Rang", "en": "Rank"},
    "pattern_legend": {
        "de": "Grau mit Kreuz: unterdrückt (zu wenige Antworten) · weiß mit Ring: keine Antworten · dicker schwarzer Rand: ausgewählter Kreis",
        "en": "Grey with a cross: suppressed (too few responses) · white with a ring: no responses · thick black outline: selected district",
    },
    "no_responses_short": {"de": "keine Antworten", "en": "no responses"},
    "page_failed": {
        "de": "Diese Ansicht konnte nicht erstellt werden (interner Fehler, im Server-Log protokolliert). "
        "Bitte die Seite neu laden oder andere Filter wählen; bleibt der Fehler, bitte das Datenteam "
        "mit der Adresse dieser Ansicht informieren.",
        "en": "This view could not be built (internal error, recorded in the server log). Please reload "
        "the page or choose other filters; if the error stays, tell the data team the address of this view.",
    },
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
    "report_none": {
        "de": "Noch kein Bericht erstellt (`lakehouse report`).",
        "en": "No report generated yet (`lakehouse report`).",
    },
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


def nace_label(code: str, lang: str) -> str:
    """`C – Verarbeitendes Gewerbe`: the letter and its name from `lake.vocabulary`."""
    return f"{code} – {vocabulary.label('nace_section', code, lang)}" if code in vocabulary.NACE_SECTIONS else str(code)


def land_label(land: str | None, lang: str) -> str:
    """Both Länder for a null `land`, else the Land's name in `lang`."""
    return vocabulary.label("land", land, lang)


def code_label(kind: str, code: str | None, lang: str) -> str:
    """The label of any vocabulary code (technology, barrier, topic, size class, ...)."""
    return vocabulary.label(kind, code, lang)


def size_label(code: str | None, lang: str) -> str:
    return t("all", lang) if code is None else vocabulary.label("size_class", code, lang)


def technology_label(code: str | None, lang: str) -> str:
    return vocabulary.label("technology", code, lang)


def barrier_label(code: str | None, lang: str) -> str:
    return vocabulary.label("barrier", code, lang)


def topic_label(code: str | None, lang: str) -> str:
    return vocabulary.label("topic", code, lang)
