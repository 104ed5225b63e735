"""The ministries' report: a tagged PDF (PDF/UA-1: structure tree, marked content, language, title,
figures with alternative text) that states key messages in sentences and carries the full method
section (population frame, sample design, field period, response), times in Europe/Berlin, a
publisher/contact/citation block from configuration, and charts in a colour-blind-safe palette.

Built from a lake made by the real survey and news pipelines (the shared dashboard test lake).
"""

from __future__ import annotations

import collections
import datetime as dt
import re
from zoneinfo import ZoneInfo

import pypdf
import pytest

from lake import catalog
from lake.config import LakeConfig
from lake.query import LakeQuery
from reports import formatting
from reports.publication import Publication
from reports.render import build_report
from tests.support.dashboard_lakes import SHARED_GEOJSON, shared_lake

WAVE = "2025-Q3"
PUBLICATION = Publication(
    publisher="Testministerium für Digitales",
    contact="referat-42@example.org",
    citation="{publisher} ({year}): KI-Bericht {wave}.",
    frame="Testrahmen: Unternehmensregister 2024.",
    design="Teststichprobe: geschichtet nach Land und Größenklasse.",
)
pytestmark = pytest.mark.skipif(not SHARED_GEOJSON.exists(), reason="shared boundary file not present")


@pytest.fixture(scope="module")
def report(spark, tmp_path_factory):
    lake = shared_lake(spark, tmp_path_factory)
    config = LakeConfig.from_env(str(lake))
    now = dt.datetime(2026, 7, 1, 4, 30, tzinfo=dt.UTC)  # 06:30 CEST
    result = build_report(config, WAVE, now=now, publication=PUBLICATION)
    reader = pypdf.PdfReader(str(result.pdf_path))
    pages = [re.sub(r"\s+", " ", p.extract_text()) for p in reader.pages]
    return {"result": result, "reader": reader, "pages": pages, "text": " ".join(pages), "config": config}


def _structure(reader: pypdf.PdfReader) -> tuple[collections.Counter, list]:
    counts: collections.Counter = collections.Counter()
    alts: list = []

    def walk(node) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, pypdf.generic.ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            kind = node.get("/S")
            if kind:
                counts[str(kind)] += 1
            if kind == "/Figure":
                alts.append(node.get("/Alt"))
            if node.get("/K") is not None:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"].get_object()["/K"])
    return counts, alts


def test_pdf_is_tagged_for_accessibility(report) -> None:
    reader = report["reader"]
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == pypdf.generic.BooleanObject(True)
    assert root["/Lang"] == "de"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata.title == f"KI-Nutzung in Sachsen und Thüringen – Quartalsbericht {WAVE}"
    assert reader.metadata.author == PUBLICATION.publisher
    counts, alts = _structure(reader)
    assert counts["/H1"] == 1 and counts["/H2"] >= 9 and counts["/Table"] >= 5 and counts["/TH"] > 0
    assert counts["/Figure"] >= 5 and all(alt and len(str(alt)) > 10 for alt in alts)
    assert report["result"].manifest["renderer"].endswith("(pdf/ua-1)")


def test_key_messages_are_sentences_with_the_gold_figures(report) -> None:
    q = LakeQuery(report["config"])
    version = report["result"].manifest["tables"][catalog.GOLD_AI_ADOPTION]["version"]
    rows = q.sql(
        f"""SELECT coalesce(land, 'both') AS land, weighted_share, ci_low, ci_high FROM
                     {q.scan(catalog.GOLD_AI_ADOPTION, version)} WHERE wave = ? AND ags IS NULL
                     AND nace_section IS NULL AND size_class IS NULL""",
        [WAVE],
    )
    html = report["result"].html_path.read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))  # the sentences as written (the PDF hyphenates)
    assert "Kernaussagen" in report["text"]
    for r in rows.itertuples():
        name = {"both": "Sachsen und Thüringen", "Sachsen": "Sachsen", "Thüringen": "Thüringen"}[r.land]
        sentence = (
            f"In {name} nutzen {formatting.share(r.weighted_share)} der Unternehmen künstliche Intelligenz "
            f"(95-%-Konfidenzintervall {formatting.interval(r.ci_low, r.ci_high)})"
        )
        assert sentence in text, sentence
        assert formatting.share(r.weighted_share) in report["text"]
    # The change is never called a change without a test: here gold has no significance column yet
    # or it has one; either way the sentence says which.
    assert re.search(
        r"(statistisch gesichert|nicht auf Signifikanz geprüft|keine gesicherte Veränderung|"
        r"signifikant gestiegen|signifikant gesunken)",
        text,
    )
    assert re.search(r"Nach Wirtschaftsabschnitt ist der Anteil am höchsten in „[^“]+“ \(\d+,\d %\)", text)


def test_method_section_has_frame_design_field_period_and_response(report) -> None:
    q = LakeQuery(report["config"])
    silver = q.sql(
        f"""SELECT min(submitted_at) AS a, max(submitted_at) AS b, count(*) AS n
                       FROM {q.scan(catalog.SILVER_SURVEY_RESPONSES)} WHERE wave = ?""",
        [WAVE],
    ).iloc[0]
    log = q.sql(
        f"""SELECT sum(rows_read) AS r, sum(rejected) AS x FROM {q.scan(catalog.SILVER_SURVEY_INGEST_LOG)}
                    WHERE list_contains(waves, ?)""",
        [WAVE],
    ).iloc[0]
    text = report["text"]
    for heading in (
        "Grundgesamtheit und Auswahlgrundlage",
        "Stichprobenplan",
        "Feldzeit und Rücklauf",
        "Gewichtung",
        "Konfidenzintervalle",
        "Geheimhaltung",
    ):
        assert heading in text, heading
    assert PUBLICATION.frame in text and PUBLICATION.design in text
    start, end = (f"{d:%d.%m.%Y}" for d in (silver["a"], silver["b"]))
    assert f"vom {start} bis zum {end}" in text
    assert f"Ausgewertet wurden {formatting.integer(silver['n'])} gültige Antworten" in text
    assert f"enthielten {formatting.integer(log['r'])} Zeilen; {formatting.integer(log['x'])} davon" in text
    assert "Hinweis zu kleinen Stichproben" in text


def test_imprint_citation_local_time_and_layout(report) -> None:
    text = report["text"]
    assert "Impressum und Zitierweise" in text
    assert PUBLICATION.contact in text
    assert "Testministerium für Digitales (2026): KI-Bericht 2025-Q3." in text
    assert "01.07.2026 06:30 CEST" in text and "UTC" not in text
    committed = report["result"].manifest["tables"][catalog.GOLD_AI_ADOPTION]["committed_at"]
    local = dt.datetime.fromisoformat(committed).replace(tzinfo=dt.UTC).astimezone(ZoneInfo("Europe/Berlin"))
    assert f"{local:%d.%m.%Y %H:%M:%S}" in text
    # No near-empty page: every page carries a real amount of text (the last one included).
    assert min(len(p) for p in report["pages"]) > 400, [len(p) for p in report["pages"]]


def test_charts_use_a_colour_blind_safe_palette_and_wrap_long_labels(report) -> None:
    import base64

    html = report["result"].html_path.read_text(encoding="utf-8")
    svgs = [
        base64.b64decode(m).decode("utf-8") for m in re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", html)
    ]
    assert len(svgs) >= 6
    allsvg = "\n".join(svgs).lower()
    assert "#2e7d32" not in allsvg and "#c0392b" not in allsvg  # no green against red
    assert "#0072b2" in allsvg and "#e69f00" in allsvg  # Okabe-Ito blue and orange, Thüringen also hatched
    assert "Liniendiagramm" in html  # the time series with its alternative text
