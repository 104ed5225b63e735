"""Methodik & Glossar: how the figures are made, what the terms mean, the category lists."""

from __future__ import annotations

import streamlit as st

from dashboards import i18n, state
from dashboards.i18n import t
from lake import vocabulary

f = state.current()
lang = f.lang
st.title(t("page_method", lang))
state.not_applied_note(f)

METHOD = {
    "de": """
**Erhebung.** Vierteljährliche Befragung von Unternehmen in Sachsen und Thüringen zur Nutzung künstlicher
Intelligenz; die Fragen folgen dem KI-Modul der EU-Erhebung zur IKT-Nutzung in Unternehmen (Eurostat
`isoc_eb_ai`). Eine Welle ist ein Kalenderquartal (`2025-Q3` = Juli bis September 2025). Je Unternehmen und
Welle zählt die zuletzt übermittelte Antwort; fehlerhafte Zeilen werden mit Grund ausgesondert (Seite
Datenstand: Feldzeit, gültige Antworten, ausgesonderte Zeilen je Welle).

**Gewichtung.** Jede Antwort trägt ihr Designgewicht w, die Zahl der Unternehmen, die sie vertritt. Der Anteil
ist Σ w·y / Σ w (y = 1, wenn das Unternehmen KI nutzt). Σ w ist die **geschätzte Zahl der Unternehmen** der
Zelle; geschätzte KI-nutzende Unternehmen = Anteil × Σ w.

**Genauigkeit.** 95-%-Konfidenzintervall nach Wilson auf der effektiven Stichprobengröße nach Kish,
n_eff = (Σ w)² / Σ w². Überlappen sich zwei Intervalle, ist ein Unterschied nicht gesichert; eine Veränderung
gilt als gesichert, wenn ein Test auf dem 5-%-Niveau sie bestätigt.

**Geheimhaltung.** Zellen mit weniger als 5 Antworten werden unterdrückt („unterdrückt“; in der Karte grau
mit Kreuz), ebenso Zellen, aus denen sich eine unterdrückte Zelle zurückrechnen ließe. Kombinationen ohne eine
einzige Antwort haben keinen Wert („keine Antworten“; in der Karte weiß mit Ring).

**Modellierte Kreiswerte.** Wo angeboten, verbinden Small-Area-Schätzungen (Fay-Herriot) die Antworten eines
Kreises mit Hilfsmerkmalen; sie sind immer als „modelliert“ gekennzeichnet.

**Nachrichten.** Artikel werden maschinell nach Land, Thema und genannten Beträgen ausgewertet; ein Artikel zählt
in jedem genannten Land einmal.
""",
    "en": """
**Survey.** Quarterly survey of enterprises in Saxony and Thuringia on their use of artificial intelligence;
the questions follow the AI module of the EU survey on ICT usage in enterprises (Eurostat `isoc_eb_ai`). A wave
is a calendar quarter (`2025-Q3` = July to September 2025). Per enterprise and wave the latest submission
counts; faulty rows are rejected with a reason (Data status page: field period, valid responses, rejected rows
per wave).

**Weighting.** Each response carries its design weight w, the number of enterprises it represents. The share is
Σ w·y / Σ w (y = 1 if the enterprise uses AI). Σ w is the cell's **estimated number of enterprises**; estimated
enterprises using AI = share × Σ w.

**Precision.** 95 % Wilson confidence interval on Kish's effective sample size n_eff = (Σ w)² / Σ w². Where two
intervals overlap, a difference is not established; a change counts as established when a test at the 5 % level
confirms it.

**Disclosure control.** Cells with fewer than 5 responses are suppressed ("suppressed"; grey with a cross on
the map), and so are cells from which a suppressed cell could be recomputed. Combinations without a single response
have no value ("no responses"; white with a ring on the map).

**Modelled district values.** Where offered, small-area estimates (Fay-Herriot) combine a district's responses
with auxiliary variables; they are always labelled "modelled".

**News.** Articles are analysed automatically by Land, topic and amounts named; an article counts once in each
Land it names.
""",
}
st.markdown(METHOD[lang])

GLOSSARY = {
    "de": [
        ("Anteil (gewichtet)", "Anteil der Unternehmen, die KI nutzen, hochgerechnet mit den Designgewichten."),
        ("95-%-Konfidenzintervall (KI)", "Bereich, der den wahren Anteil mit 95 % Wahrscheinlichkeit enthält."),
        ("Effektive Stichprobengröße (n_eff)", "Zahl ungewichteter Antworten mit derselben Genauigkeit (Kish)."),
        ("Geschätzte Unternehmen", "Summe der Gewichte: so viele Unternehmen vertreten die Antworten."),
        ("Prozentpunkte (Pp.)", "Differenz zweier Anteile, z. B. von 20 % auf 23 % = +3 Pp."),
        ("Unterdrückt", "Zu wenige Antworten (unter 5) oder Schutz einer anderen Zelle: kein Wert veröffentlicht."),
        ("Keine Antworten", "In dieser Kombination hat kein Unternehmen geantwortet."),
        ("Modelliert", "Schätzung aus einem statistischen Modell, kein direktes Befragungsergebnis."),
        ("Welle", "Befragung eines Kalenderquartals."),
        ("NACE-Abschnitt", "Wirtschaftszweig nach der europäischen Klassifikation NACE Rev. 2 (WZ 2008)."),
        ("AGS", "Amtlicher Gemeindeschlüssel; fünfstellig für Kreise und kreisfreie Städte."),
    ],
    "en": [
        ("Share (weighted)", "Share of enterprises using AI, projected with the design weights."),
        ("95 % confidence interval (CI)", "Range that contains the true share with 95 % probability."),
        ("Effective sample size (n_eff)", "Number of unweighted responses with the same precision (Kish)."),
        ("Estimated enterprises", "Sum of weights: the number of enterprises the responses represent."),
        ("Percentage points (pp)", "Difference of two shares, e.g. from 20 % to 23 % = +3 pp."),
        ("Suppressed", "Too few responses (below 5) or protecting another cell: no value published."),
        ("No responses", "No enterprise responded in this combination."),
        ("Modelled", "Estimate from a statistical model, not a direct survey result."),
        ("Wave", "The survey of one calendar quarter."),
        ("NACE section", "Economic activity in the European classification NACE Rev. 2."),
        ("AGS", "Official municipality key; five digits for districts and district-free cities."),
    ],
}
st.subheader(t("glossary", lang))
st.markdown("\n".join(f"- **{term}**: {meaning}" for term, meaning in GLOSSARY[lang]))


def listing(title: str, labels: list[str]) -> None:
    st.markdown(f"**{title}**\n\n" + "\n".join(f"- {x}" for x in labels))


st.subheader(t("codes", lang))
left, right = st.columns(2)
with left:
    listing(t("sector", lang), [i18n.nace_label(c, lang) for c in vocabulary.codes("nace_section")])
    listing(t("size_class", lang), [i18n.size_label(c, lang) for c in vocabulary.codes("size_class") if c != "10+"])
with right:
    listing(t("technology", lang), [i18n.technology_label(c, lang) for c in vocabulary.codes("technology")])
    listing(t("barrier", lang), [i18n.barrier_label(c, lang) for c in vocabulary.codes("barrier")])
    listing(t("topic", lang), [i18n.topic_label(c, lang) for c in vocabulary.codes("topic")])
