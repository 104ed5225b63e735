"""Überblick: headline shares for Sachsen, Thüringen and both, with 95 % intervals."""

from __future__ import annotations

import streamlit as st

from dashboards import data

st.title("KI-Nutzung in Unternehmen in Sachsen und Thüringen")
headline = data.adoption_headline()
if headline.empty:
    st.info("Noch keine Daten im Lake. Führen Sie `lakehouse demo --no-serve` oder `lakehouse survey ingest` aus.")
    st.stop()

latest = headline["wave"].max()
st.caption(f"Befragungswelle {latest} · gewichteter Anteil der Unternehmen, die KI nutzen, mit 95-%-Konfidenzintervall")
cols = st.columns(3)
for col, (_, row) in zip(cols, headline[headline["wave"] == latest].iterrows()):
    if row["suppressed"]:
        col.metric(row["land"], "unterdrückt", help="weniger als 5 Antworten")
    else:
        col.metric(row["land"], f"{row['weighted_share']:.1%}".replace(".", ","))
        col.caption(f"95-%-KI: {row['ci_low']:.1%} – {row['ci_high']:.1%} · n = {row['respondents']}".replace(".", ","))

st.subheader("Verlauf")
shown = headline.rename(columns={"wave": "Welle", "land": "Land", "respondents": "Antworten",
                                 "weighted_share": "Anteil", "ci_low": "KI unten", "ci_high": "KI oben",
                                 "suppressed": "unterdrückt"})
st.dataframe(shown, hide_index=True, use_container_width=True)
