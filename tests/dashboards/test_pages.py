"""Dashboard pages under Streamlit's AppTest on a lake built by the real pipeline: empty cells say why,
filters are applied or disabled with a reason, estimated enterprises beside shares, the ranking, the
Methodik & Glossar page, survey metadata per wave and the report archive on the Datenstand page.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import dashboards
from dashboards.state import PAGE_FILTERS
from lake import catalog, vocabulary
from lake.config import LakeConfig
from lake.query import LakeQuery
from tests.support.charts import vega_charts
from tests.support.dashboard_lakes import SHARED_GEOJSON, shared_lake

APP = Path(dashboards.__file__).resolve().parent / "app.py"
WAVE = "2025-Q3"
pytestmark = pytest.mark.skipif(not SHARED_GEOJSON.exists(), reason="shared boundary file not present")


@pytest.fixture(scope="module")
def lake(spark, tmp_path_factory) -> Path:
    return shared_lake(spark, tmp_path_factory)


@pytest.fixture(scope="module")
def gold(lake: Path) -> pd.DataFrame:
    q = LakeQuery(LakeConfig.from_env(str(lake)))
    return q.sql(f"SELECT * FROM {q.scan(catalog.GOLD_AI_ADOPTION)}")


def open_app(root: Path, monkeypatch, page: str | None = None, **params: str) -> AppTest:
    monkeypatch.setenv("LAKEHOUSE_ROOT", str(root))
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.query_params.update(params)
    at.run()
    if page:
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not [e.value for e in at.error if "konnte nicht erstellt werden" in e.value]  # the app's fault guard
    return at


def de(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def test_empty_cells_say_why(lake, gold, monkeypatch) -> None:
    cells = gold[
        (gold["wave"] == WAVE) & gold["ags"].notna() & gold["nace_section"].notna() & gold["size_class"].isna()
    ]
    present = set(zip(cells["ags"], cells["nace_section"]))
    ags, nace = next(
        (a, n) for a in sorted(set(cells["ags"])) for n in vocabulary.codes("nace_section") if (a, n) not in present
    )
    at = open_app(lake, monkeypatch, ags=ags, nace=nace)  # no district filter's Land needed
    infos = [i.value for i in at.info]
    assert any("kein Unternehmen geantwortet" in i for i in infos), infos
    assert not any("Würfel" in i for i in infos)
    small = cells[cells["suppressed"] & (cells["respondents"] > 0)].iloc[0]
    at = open_app(lake, monkeypatch, ags=small["ags"], nace=small["nace_section"])
    assert any(f"Wert unterdrückt (n = {int(small['respondents'])})" in i.value for i in at.info)
    shown = cells[~cells["suppressed"]].sort_values("respondents").iloc[-1]
    at = open_app(lake, monkeypatch, ags=shown["ags"], nace=shown["nace_section"])
    value = f"{de(shown['weighted_share'] * 100)} %"
    if shown.get("reliability") == "limited":  # published with a warning: in parentheses
        value = f"({value})"
    assert [m.value for m in at.metric if m.label == "Anteil (%)"] == [value]
    captions = " ".join(c.value for c in at.caption)
    assert f"Geschätzte Unternehmen: {de(shown['weight_sum'], 0)}" in captions
    assert len(at.get("vega_lite_chart")) == 2  # the Länder trend and the trend of the selection


@pytest.mark.parametrize(
    "page,path",
    [
        ("overview", "ueberblick"),
        ("technologies", "technologien"),
        ("news", "nachrichten"),
        ("method", "methodik"),
        ("status", "datenstand"),
    ],
)
def test_filters_not_applied_are_disabled_with_the_reason(lake, monkeypatch, page, path) -> None:
    at = open_app(lake, monkeypatch, page, ags="16053", size="1-9")
    boxes = {s.key.split("_")[1]: s for s in at.selectbox if s.key and s.key.startswith("f_")}
    for name, box in boxes.items():
        assert box.disabled == (name not in PAGE_FILTERS[path]), name
        if box.disabled:
            assert box.help and len(box.help) > 20
    notes = [i.value for i in at.info if "nicht angewendet" in i.value]
    assert bool(notes) == ("ags" not in PAGE_FILTERS[path])
    if notes:
        assert "Kreis" in notes[0] and "Größenklasse" in notes[0]


def test_sectors_within_a_district_with_estimated_enterprises(lake, gold, monkeypatch) -> None:
    at = open_app(lake, monkeypatch, "sectors", ags="14612")  # Dresden
    table = at.dataframe[0].value
    cells = gold[
        (gold["wave"] == WAVE) & (gold["ags"] == "14612") & gold["nace_section"].notna() & gold["size_class"].isna()
    ].set_index("nace_section")
    assert len(table) == len(cells)
    for row in table.to_dict("records"):
        cell = cells.loc[row["Branche (NACE-Abschnitt)"].split(" – ")[0]]
        if cell.suppressed:
            assert pd.isna(row["Geschätzte Unternehmen"])
        else:
            assert row["Geschätzte Unternehmen"] == round(cell.weight_sum)
    assert sorted(table["Branche (NACE-Abschnitt)"]) == sorted(
        f"{c} – {vocabulary.label('nace_section', c)}" for c in cells.index
    )


def test_ranking_orders_districts_by_share_with_intervals(lake, gold, monkeypatch) -> None:
    at = open_app(lake, monkeypatch, "ranking", land="Sachsen", ags="14612")
    table = at.dataframe[0].value
    cells = gold[
        (gold["wave"] == WAVE)
        & (gold["land"] == "Sachsen")
        & gold["ags"].notna()
        & gold["nace_section"].isna()
        & gold["size_class"].isna()
    ]
    published = cells[~cells["suppressed"]].sort_values("weighted_share", ascending=False)
    assert len(table) == 13
    top = table.iloc[: len(published)]
    assert [r[-6:-1] for r in top["Kreis"]] == list(published["ags"])
    assert list(top["Rang"]) == [str(i + 1) for i in range(len(published))]
    assert any(r.startswith("► ") and "14612" in r for r in table["Kreis"])  # the chosen district marked
    # the chart ranks the published districts in the table's order, the chosen one marked; no Plotly
    assert not at.get("plotly_chart")
    bars = vega_charts(at)[0][1]
    assert list(bars["key"]) == list(published["ags"])
    assert list(bars["share"]) == pytest.approx([round(x * 100, 2) for x in published["weighted_share"]])
    if "14612" in set(published["ags"]):
        assert bars.loc[bars["key"] == "14612", "label"].iloc[0].startswith("► ")
    # with the modelled estimates: an orange diamond per district on its bar's row, named in the legend
    assert at.radio, "the test lake holds gold/ai_adoption_modelled"
    at.radio(key="ranking_kind").set_value(at.radio(key="ranking_kind").options[1]).run()
    spec, rows = vega_charts(at)[0]
    model = rows[rows["kind"] == "modelliert"]
    assert len(model) and set(model["label"]) <= set(rows.loc[rows["kind"] != "modelliert", "label"])
    assert model["hover"].str.contains(r"modelliert \d+,\d %", regex=True).all()
    assert any(layer["mark"].get("shape") == "diamond" for layer in spec["layer"])


def test_method_and_glossary_page(lake, monkeypatch) -> None:
    at = open_app(lake, monkeypatch, "method", lang="en")
    text = " ".join(m.value for m in at.markdown)
    assert "Kish" in text and "Wilson" in text and "Estimated enterprises" in text
    for kind in ("nace_section", "technology", "barrier", "topic"):
        for code in vocabulary.codes(kind):
            assert vocabulary.label(kind, code, "en") in text


def test_status_page_shows_waves_and_the_report_archive(lake, monkeypatch) -> None:
    from reports.render import build_report

    config = LakeConfig.from_env(str(lake))
    if not list((lake / "reports").glob("*/*/manifest.json")):
        build_report(config, WAVE)
    at = open_app(lake, monkeypatch, "status")
    q = LakeQuery(config)
    silver = q.sql(f"""SELECT wave, min(submitted_at) AS a, max(submitted_at) AS b, count(*) AS n
                       FROM {q.scan(catalog.SILVER_SURVEY_RESPONSES)} GROUP BY wave ORDER BY wave""")
    waves = next(d.value for d in at.dataframe if "Feldzeit von" in d.value.columns)
    assert list(waves["Befragungswelle"]) == list(silver["wave"])
    assert list(waves["Feldzeit von"]) == [f"{x:%d.%m.%Y}" for x in silver["a"]]
    assert list(waves["Gültige Antworten"]) == [de(n, 0) for n in silver["n"]]
    buttons = [b.label for b in at.get("download_button")]
    stored = list((lake / "reports").glob("*/*/manifest.json"))
    assert buttons.count("PDF herunterladen") == len(stored) >= 1
