"""A plain PDF drawn with matplotlib, for machines without WeasyPrint's pango libraries.

Less pretty than the WeasyPrint rendering of the HTML, but it carries the same figures (key
figures, districts, sectors, size classes, technologies, barriers, news, data basis), formatted
by the same functions.
"""

from __future__ import annotations

import pathlib
from collections.abc import Iterator
from typing import Any

import matplotlib

matplotlib.use("Agg")
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from reports import formatting, labels  # noqa: E402

LINES_PER_PAGE = 60


def _lines(figures: dict[str, Any]) -> Iterator[tuple[str, str]]:
    a = figures["adoption"]
    yield "h1", f"KI-Nutzung in Unternehmen in Sachsen und Thüringen – Quartalsbericht {figures['wave']}"
    yield "h2", "Zusammenfassung"
    for h in a["headline"]:
        yield (
            "p",
            (
                f"{h['land']}: {formatting.cell_share(h['cell'])}  (95-%-KI {formatting.cell_interval(h['cell'])}), "
                f"Veränderung {formatting.change_pp(h['change'])}"
                + (f" ({h['significance']})" if h.get("significance") else "")
            ),
        )
    for title, items in (
        ("Kreise", [{"label": d["name"], "cells": {d["land"] or "both": d["cell"]}} for d in a["districts"]]),
        ("Wirtschaftsabschnitte", a["sectors"]),
        ("Größenklassen", a["sizes"]),
        ("KI-Technologien", figures["technologies"]),
        ("Hemmnisse", figures["barriers"]),
    ):
        yield "h2", title
        if not items:
            yield "p", formatting.NO_DATA
        for item in items:
            parts = [
                f"{labels.BOTH if k == 'both' else k}: {formatting.cell_share(c)}" for k, c in item["cells"].items()
            ]
            yield "p", f"{item['label']}: " + "; ".join(parts)
    yield "h2", "KI in den Nachrichten"
    news = figures["news"]
    if not news:
        yield "p", formatting.NO_DATA
    else:
        for r in news["activity"]:
            yield (
                "p",
                f"{r['land']}: {formatting.integer(r['articles'])} Artikel, Förderung {formatting.euros(r['funding_eur'])}",  # noqa: E501
            )
        for e in news["notable"]:
            yield "p", f"{e['date']}: {e['title']} ({formatting.euros(e['funding_eur'])})"
    yield "h2", "Datengrundlage"
    for table, rows in figures["row_counts"].items():
        yield "p", f"{table}: {formatting.integer(rows)} Zeilen"


def write_fallback_pdf(figures: dict[str, Any], path: pathlib.Path) -> None:
    lines = list(_lines(figures))
    with PdfPages(str(path), metadata={"Title": f"Quartalsbericht {figures['wave']}", "CreationDate": None}) as pdf:
        for start in range(0, len(lines), LINES_PER_PAGE):
            fig = Figure(figsize=(8.27, 11.69))
            y = 0.96
            for kind, text in lines[start : start + LINES_PER_PAGE]:
                size = {"h1": 12, "h2": 10}.get(kind, 7.5)
                fig.text(0.06, y, text[:140], fontsize=size, weight="bold" if kind != "p" else "normal")
                y -= 0.0155 if kind == "p" else 0.022
            pdf.savefig(fig)
