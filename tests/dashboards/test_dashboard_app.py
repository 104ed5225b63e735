"""Every dashboard page under Streamlit's AppTest against a small real lake (Spark -> Delta -> DuckDB)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import dashboards
from dashboards.export import FORMULA_START, safe_cell, to_csv_bytes, to_xlsx_bytes
from lake import catalog, vocabulary
from lake.config import LakeConfig
from lake.query import LakeQuery
from tests.support.charts import vega_charts
from tests.support.dashboard_lakes import SHARED_GEOJSON, WAVES, copy_without_boundaries, shared_lake

APP = Path(dashboards.__file__).resolve().parent / "app.py"
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


def pct(x: float) -> str:
    return f"{x * 100:.1f}".replace(".", ",")


def select(at: AppTest, label: str):
    return next(s for s in at.selectbox if s.label == label)


def trend_chart(at: AppTest) -> tuple[dict, pd.DataFrame]:
    """The Überblick trend: its Vega-Lite spec and the rows Streamlit sends with it (Arrow)."""
    (chart,) = vega_charts(at)
    return chart


def latest_cells(gold: pd.DataFrame, wave: str, **dims) -> pd.DataFrame:
    rows = gold[gold["wave"] == wave]
    for col in ("land", "ags", "nace_section", "size_class"):
        value = dims.get(col)
        rows = rows[rows[col].isna()] if value is None else rows[rows[col] == value]
    return rows


def test_overview_shows_the_latest_wave_with_intervals_and_change(lake, gold, monkeypatch) -> None:
    at = open_app(lake, monkeypatch)
    waves = sorted(gold["wave"].unique())
    latest, previous = waves[-1], waves[-2]
    assert at.query_params["wave"] == latest
    metrics = {m.label: m for m in at.metric}
    for land, label in ((None, "Sachsen und Thüringen"), ("Sachsen", "Sachsen"), ("Thüringen", "Thüringen")):
        now = latest_cells(gold, latest, land=land).iloc[0]
        before = latest_cells(gold, previous, land=land).iloc[0]
        value = f"{pct(now.weighted_share)} %"
        assert metrics[label].value == (f"({value})" if now.reliability == "limited" else value)
        # gold's change_pp (the z-tested difference); the plain difference of the shown shares agrees to rounding
        assert now.change_pp == pytest.approx((now.weighted_share - before.weighted_share) * 100, abs=1e-6)
        diff = f"{now.change_pp:.1f}".replace(".", ",")
        if now.change_significant is True:  # arrow and colour only for a significant change (NA: not tested)
            word = "signifikant gestiegen" if now.change_pp > 0 else "signifikant gesunken"
            assert metrics[label].proto.delta.startswith(f"{word}: {diff}")
        else:
            assert not metrics[label].proto.delta
            captions = [c.value for c in at.caption]
            assert any(c.startswith(f"keine gesicherte Veränderung ({diff}") for c in captions), (diff, captions)
        assert f"95-%-KI: {pct(now.ci_low)} – {pct(now.ci_high)} · n = {now.respondents}" in [
            c.value for c in at.caption
        ]
    assert len(at.get("download_button")) == 2
    # The trend is a Vega-Lite chart: no Plotly element, so the browser never loads Plotly's bundle here.
    assert len(at.get("vega_lite_chart")) == 1 and not at.get("plotly_chart")
    # The files are written on click (deferred), not with every run and page load.
    assert all(b.proto.deferred_file_id and not b.proto.url for b in at.get("download_button"))
    # The table waits in a closed expander (not sent on the first view, which draws faster)...
    assert not at.dataframe and [e.label for e in at.expander] == ["Tabelle anzeigen"]
    # ...and is there once opened, with the downloads still beside it.
    at.session_state["table_ueberblick"] = True
    at.run()
    table = at.dataframe[0].value
    assert len(table) == 3 * len(waves)
    assert len(at.get("download_button")) == 2


def test_overview_compares_the_10_plus_share_with_official_figures(lake, gold, monkeypatch) -> None:
    at = open_app(lake, monkeypatch)
    text = "\n".join(m.value for m in at.markdown)
    latest = sorted(gold["wave"].unique())[-1]
    band = gold[(gold.wave == latest) & (gold.size_class == "10+") & gold.ags.isna() & gold.nace_section.isna()]
    assert len(band) == 3
    for r in band.itertuples():
        name = "Sachsen und Thüringen" if not isinstance(r.land, str) else r.land
        shown = "unterdrückt" if r.suppressed else f"{pct(r.weighted_share)} %"
        if not r.suppressed and r.reliability == "limited":
            shown = f"({shown}) ¹"
        assert f"| {name}, ab 10 Beschäftigten | {shown} |" in text
    q = LakeQuery(LakeConfig.from_env(str(lake)))
    official = q.sql(
        f"SELECT * FROM {q.scan(catalog.SILVER_OFFICIAL_BENCHMARKS)} WHERE size_class = '10+' "
        f"AND geo = 'DE' AND year <= {int(latest[:4])} ORDER BY year DESC LIMIT 1"
    ).iloc[0]
    assert f"DE · Destatis ({official.table_code}) {official.year} | {pct(official.share)} %" in text
    assert any("10 und mehr Beschäftigten" in c.value and "Gleiche Abgrenzung" in c.value for c in at.caption)


def test_overview_trend_draws_each_land_per_wave_with_intervals_up_to_the_chosen_wave(lake, gold, monkeypatch) -> None:
    at = open_app(lake, monkeypatch)
    spec, drawn = trend_chart(at)
    head = gold[gold["ags"].isna() & gold["nace_section"].isna() & gold["size_class"].isna() & ~gold["suppressed"]]
    names = {None: "Sachsen und Thüringen", "Sachsen": "Sachsen", "Thüringen": "Thüringen"}
    expected = sorted(
        (
            r.wave,
            names[r.land if isinstance(r.land, str) else None],
            r.weighted_share * 100,
            r.ci_low * 100,
            r.ci_high * 100,
        )
        for r in head.itertuples()
    )
    got = sorted(drawn[["wave", "land", "share", "ci_low", "ci_high"]].itertuples(index=False, name=None))
    assert [g[:2] for g in got] == [e[:2] for e in expected] and len(got) == 3 * gold["wave"].nunique()
    assert all(abs(a - b) <= 0.006 for g, e in zip(got, expected) for a, b in zip(g[2:], e[2:]))
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["errorbar", "line"]
    assert (
        spec["layer"][0]["encoding"]["y"]["field"] == "ci_low"
        and spec["layer"][0]["encoding"]["y2"]["field"] == "ci_high"
    )
    assert spec["encoding"]["color"]["scale"]["domain"] == list(names.values())
    assert spec["encoding"]["x"]["title"] == "Befragungswelle" and spec["config"]["locale"]["number"]["decimal"] == ","
    # An earlier wave cuts the trend there.
    select(at, "Befragungswelle").select(WAVES[0]).run()
    _, cut = trend_chart(at)
    assert set(cut["wave"]) == {w for w in gold["wave"].unique() if w <= WAVES[0]} and 0 < len(cut) < len(drawn)


def test_trend_leaves_suppressed_cells_out_but_keeps_their_land_in_the_legend() -> None:
    from dashboards import charts
    from dashboards.i18n import land_label

    head = pd.DataFrame(
        {
            "wave": ["2025-Q1"] * 3 + ["2025-Q2"] * 3,
            "land": [None, "Sachsen", "Thüringen"] * 2,
            "weighted_share": [0.10, 0.12, 0.08, 0.11, 0.5, None],
            "ci_low": [0.09, 0.11, 0.07, 0.10, 0.4, None],
            "ci_high": [0.11, 0.13, 0.09, 0.12, 0.6, None],
            "suppressed": [False, False, False, False, True, False],
        }
    )
    spec = charts.trend(head, "en", lambda x: land_label(x, "en"))
    rows = spec["data"]["values"]
    assert sorted(zip(rows["wave"], rows["land"])) == [
        ("2025-Q1", "Saxony"),
        ("2025-Q1", "Saxony and Thuringia"),
        ("2025-Q1", "Thuringia"),
        ("2025-Q2", "Saxony and Thuringia"),
    ]
    assert 50.0 not in set(rows["share"])  # the suppressed value is not sent to the browser at all
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Saxony and Thuringia", "Saxony", "Thuringia"]
    assert spec["encoding"]["x"]["sort"] == ["2025-Q1", "2025-Q2"]
    assert (spec["encoding"]["x"]["title"], spec["layer"][1]["encoding"]["y"]["title"]) == ("Survey wave", "Share (%)")
    assert spec["config"]["locale"]["number"]["decimal"] == "."


def test_filters_come_from_the_url_survive_page_switches_and_go_back_to_the_url(lake, gold, monkeypatch) -> None:
    at = open_app(lake, monkeypatch, wave=WAVES[0], land="Thüringen", ags="16053")
    assert (select(at, "Befragungswelle").value, select(at, "Land").value, select(at, "Kreis").value) == (
        WAVES[0],
        "Thüringen",
        "16053",
    )
    cell = latest_cells(gold, WAVES[0], land="Thüringen", ags="16053").iloc[0]
    shown = [m.value for m in at.metric if m.label == "Anteil (%)"]
    value = f"{pct(cell.weighted_share)} %"
    assert shown == (["unterdrückt"] if cell.suppressed else [f"({value})" if cell.reliability == "limited" else value])
    # Changing the Land drops the district (it is not in Sachsen) and rewrites the URL.
    select(at, "Land").select("Sachsen").run()
    assert select(at, "Kreis").value == ""
    assert at.query_params == {"wave": WAVES[0], "land": "Sachsen"}
    # Another page keeps the filters.
    at.switch_page("pages/sectors.py").run()
    assert not at.exception
    assert select(at, "Land").value == "Sachsen" and select(at, "Befragungswelle").value == WAVES[0]
    assert at.caption[0].value.startswith(f"{WAVES[0]} · Sachsen")


def test_unknown_or_hostile_url_values_are_ignored(lake, monkeypatch) -> None:
    at = open_app(lake, monkeypatch, wave="2099-Q9", land="x' OR 1=1; DROP TABLE t; --", ags="'; --", lang="xx")
    assert select(at, "Land").value == "" and select(at, "Kreis").value == ""
    assert select(at, "Befragungswelle").value == "2025-Q3"
    assert at.title[0].value == "KI-Nutzung in Sachsen und Thüringen"


def test_english_is_switchable(lake, monkeypatch) -> None:
    at = open_app(lake, monkeypatch, lang="en")
    assert at.title[0].value == "AI adoption in Saxony and Thuringia"
    assert {m.label for m in at.metric} == {"Saxony and Thuringia", "Saxony", "Thuringia"}
    assert [e.label for e in at.expander] == ["Show table"]
    spec, drawn = trend_chart(at)
    assert set(drawn["land"]) == {"Saxony and Thuringia", "Saxony", "Thuringia"}
    assert spec["encoding"]["x"]["title"] == "Survey wave" and spec["config"]["locale"]["number"]["decimal"] == "."
    at.radio[0].set_value("de").run()
    assert at.title[0].value == "KI-Nutzung in Sachsen und Thüringen" and "lang" not in at.query_params


def map_spec(at: AppTest) -> dict:
    ((spec, _),) = vega_charts(at)
    assert not at.get("plotly_chart")  # Vega-Lite: the browser never loads Plotly's bundle here
    return spec


def districts_drawn(spec: dict) -> dict[str, dict]:
    """The map's districts (the first layer's GeoJSON features): AGS -> properties (status, share,
    fill colour, hover text)."""
    return {f["properties"]["ags"]: f["properties"] for f in spec["layer"][0]["data"]["values"]}


def test_map_colours_every_district_and_marks_suppressed_ones(lake, gold, monkeypatch) -> None:
    at = open_app(lake, monkeypatch, "map")
    drawn = districts_drawn(map_spec(at))
    assert len(drawn) == 35 and "16056" not in drawn
    cells = gold[
        (gold["wave"] == "2025-Q3") & gold["ags"].notna() & gold["nace_section"].isna() & gold["size_class"].isna()
    ]
    for cell in cells.itertuples():
        trace = drawn[cell.ags]
        if cell.suppressed and cell.respondents == 0:  # nobody answered: dotted "keine Antworten"
            assert trace["status"] == "none" and "keine Antworten" in trace["hover"]
        elif cell.suppressed:
            assert trace["status"] == "suppressed" and "unterdrückt" in trace["hover"] and trace["share"] is None
        else:  # German number format in the hover text, estimated enterprises beside the share
            assert trace["status"] == "share" and f"{pct(cell.weighted_share)} %" in trace["hover"]
            assert f"Geschätzte Unternehmen: {cell.weight_sum:,.0f}".replace(",", ".") in trace["hover"]
    # Colour follows the share: the highest share is drawn darker than the lowest.
    shown = cells[~cells["suppressed"]].sort_values("weighted_share")

    def darkness(ags: str) -> int:
        fill = drawn[ags]["fill"].lstrip("#")
        return -sum(int(fill[i : i + 2], 16) for i in (0, 2, 4))

    assert darkness(shown["ags"].iloc[-1]) > darkness(shown["ags"].iloc[0])
    captions = " ".join(c.value for c in at.caption)
    assert (
        "© GeoBasis-DE / BKG (2021)" in captions and "Datenlizenz Deutschland – Namensnennung – Version 2.0" in captions
    )

    # A rare sector: suppressed districts are drawn as suppressed and never show a number.
    at = open_app(lake, monkeypatch, "map", nace="B")
    drawn = districts_drawn(map_spec(at))
    cells = gold[
        (gold["wave"] == "2025-Q3") & gold["ags"].notna() & (gold["nace_section"] == "B") & gold["size_class"].isna()
    ]
    suppressed = set(cells.loc[cells["suppressed"] & (cells["respondents"] > 0), "ags"])
    assert suppressed, "test data should have suppressed district cells for a rare sector"
    assert {a for a, t in drawn.items() if t["status"] == "suppressed"} == suppressed
    nobody = set(drawn) - set(cells.loc[cells["respondents"] > 0, "ags"])  # no row in the cube: no respondents
    assert {a for a, t in drawn.items() if t["status"] == "none"} == nobody
    # never colour alone: each district without a share carries a cross (suppressed) or ring (nobody)
    marks = next(layer for layer in map_spec(at)["layer"] if "shape" in layer.get("encoding", {}))
    assert {p["ags"] for p in marks["data"]["values"] if p["status"] != "share"} == suppressed | nobody
    table = at.dataframe[0].value
    for row in table.itertuples(index=False):
        ags = row[0][-6:-1]
        # shares are numbers (sortable); a cell without one leaves them empty and the note says why
        if ags in suppressed:
            assert all(pd.isna(v) for v in row[2:5]) and row[5].startswith("unterdrückt")
        elif ags in nobody:
            assert all(pd.isna(v) for v in row[2:5]) and row[5] == "keine Antworten"
        else:
            assert not any(pd.isna(v) for v in row[2:5])


def test_map_switches_to_modelled_values_labelled_with_their_method(lake, monkeypatch) -> None:
    q = LakeQuery(LakeConfig.from_env(str(lake)))
    modelled = q.sql(f"SELECT * FROM {q.scan(catalog.GOLD_AI_ADOPTION_MODELLED)} WHERE wave = '2025-Q3'")
    at = open_app(lake, monkeypatch, "map")
    at.radio(key="map_estimate").set_value("modelled").run()
    spec = map_spec(at)
    assert "modelliert" in at.title[0].value or "modelliert" in spec["title"]
    drawn = districts_drawn(spec)
    assert len(drawn) == 35
    for row in modelled.itertuples():
        trace = drawn[row.ags]
        assert trace["status"] == "share" and f"{pct(row.modelled_share)} %" in trace["hover"]  # German decimals
        assert ("synthetisch" if row.method == "synthetic" else "EBLUP") in trace["hover"]
        assert "Methode: modelliert" in trace["hover"]
    table = at.dataframe[0].value
    assert {"Anteil (%)", "Anteil modelliert (%)", "Methode"} <= set(table.columns)
    assert table["Methode"].str.startswith("modelliert").all()
    # the direct column keeps gold's suppression
    direct = dict(zip(modelled["ags"], modelled["direct_share"]))
    for row in table.itertuples(index=False):
        if direct[row[0][-6:-1]] is None or pd.isna(direct[row[0][-6:-1]]):
            assert pd.isna(row[2]) and (row[5].startswith("unterdrückt") or row[5] == "keine Antworten")
        assert not pd.isna(row[table.columns.get_loc("Anteil modelliert (%)")])


def test_map_without_boundaries_falls_back_to_a_tile_grid(lake, monkeypatch, tmp_path) -> None:
    bare = copy_without_boundaries(lake, tmp_path / "bare")
    at = open_app(bare, monkeypatch, "map")
    assert any("Kachelkarte" in w.value for w in at.warning)
    ((spec, tiles),) = vega_charts(at)  # one square per district, its name and share printed in it
    assert len(tiles) == 35 and tiles["ags"].nunique() == 35 and not at.get("plotly_chart")
    assert spec["layer"][0]["mark"]["type"] == "rect"
    for tile in tiles.itertuples():
        assert tile.name.startswith(tile.label.split("\n")[0])  # the full name, on up to three lines
        assert tile.label.endswith(" %") == (tile.status == "share")


def test_sectors_and_size_classes_with_suppression(lake, gold, monkeypatch) -> None:
    at = open_app(lake, monkeypatch, "sectors", land="Sachsen")
    assert not at.get("plotly_chart")  # Vega-Lite bars: the browser never loads Plotly's bundle here
    (sector_spec, sector_rows), (_, size_rows) = vega_charts(at)
    sectors, sizes = at.dataframe[0].value, at.dataframe[1].value
    assert at.dataframe[0].proto.placeholder == "–"  # empty cells read "–", not Streamlit's "None"
    cells = gold[
        (gold["wave"] == "2025-Q3")
        & (gold["land"] == "Sachsen")
        & gold["ags"].isna()
        & gold["nace_section"].notna()
        & gold["size_class"].isna()
    ].set_index("nace_section")
    assert len(sectors) == len(cells)
    for row in sectors.itertuples(index=False):
        cell = cells.loc[row[0].split(" – ")[0]]
        if cell.suppressed:  # no number at all (shown as "–", not Streamlit's "None"), the note says why
            assert all(pd.isna(v) for v in row[2:5]) and row[5].startswith("unterdrückt")
        else:  # numbers (sortable), rounded as shown
            assert list(row[2:5]) == [
                round(cell.weighted_share * 100, 1),
                round(cell.ci_low * 100, 1),
                round(cell.ci_high * 100, 1),
            ]
            assert (row[5] == "( ) eingeschränkte Aussagekraft ¹") == (cell.reliability == "limited") or cell.all_alike
    # the bars: one row per section in the given order, shares as gold has them, suppressed ones in words
    assert sector_spec["encoding"]["y"]["sort"] == list(sector_rows["label"])
    assert len(sector_rows) == len(cells)
    for row in sector_rows.itertuples(index=False):
        cell = cells.loc[row.label.split(" – ")[0]]
        if cell.suppressed:
            assert row.status == "hidden" and row.note.startswith("unterdrückt") and pd.isna(row.share)
        else:
            assert row.status == "share" and row.share == pytest.approx(round(cell.weighted_share * 100, 2))
            assert f"{pct(cell.weighted_share)} % ({pct(cell.ci_low)}–{pct(cell.ci_high)})" in row.hover
            assert row.ci_low == pytest.approx(round(cell.ci_low * 100, 2))
    assert sector_spec["config"]["locale"]["number"]["decimal"] == ","
    assert list(size_rows["label"]) == [vocabulary.label("size_class", c) for c in ("1-9", "10-49", "50-249", "250+")]
    # labels from lake.vocabulary; the 10+ band is not a size class here
    assert list(sizes.iloc[:, 0]) == [vocabulary.label("size_class", c) for c in ("1-9", "10-49", "50-249", "250+")]
    assert any(cells["suppressed"]), "test data should have a suppressed sector"


def test_technologies_and_barriers_by_land(lake, monkeypatch) -> None:
    at = open_app(lake, monkeypatch, "technologies")
    q = LakeQuery(LakeConfig.from_env(str(lake)))
    tech = q.sql(f"SELECT * FROM {q.scan(catalog.GOLD_AI_TECHNOLOGIES)} WHERE wave = '2025-Q3'")
    charts = vega_charts(at)
    assert len(charts) == 6 and not at.get("plotly_chart")  # (both, Sachsen, Thüringen) x (technologies, barriers)
    spec, rows = charts[0]  # technologies, both Länder: no intervals (the table has them), labels from the vocabulary
    assert spec["title"] == "Sachsen und Thüringen" and len(spec["layer"]) <= 2
    assert set(rows["label"]) == {vocabulary.label("technology", c) for c in tech[tech["land"].isna()]["technology"]}
    table = at.dataframe[0].value
    assert len(table) == len(tech)
    both = tech[tech["land"].isna()].set_index("technology")
    code_of = {name: code for code, name in vocabulary.labels("technology", "de").items()}
    seen = 0
    for row in table.itertuples(index=False):
        land, name = row[0].split(" · ")
        if land == "Sachsen und Thüringen":
            seen += 1
            cell = both.loc[code_of[name]]  # the row is labelled from lake.vocabulary
            assert pd.isna(row[2]) if cell.suppressed else row[2] == round(cell.share_of_users * 100, 1)
    assert seen == len(both)


def test_news_page_and_search_are_literal(lake, monkeypatch) -> None:
    q = LakeQuery(LakeConfig.from_env(str(lake)))
    articles = q.sql(
        f"SELECT title, array_to_string(organizations, ' ') AS o, array_to_string(cities, ' ') AS c "
        f"FROM {q.scan(catalog.SILVER_NEWS_ARTICLES)}"
    )
    versions = {t: q.version(t) for t in catalog.TABLES}
    at = open_app(lake, monkeypatch, "news")
    (land_spec, by_land), (_, funding), (_, by_topic) = vega_charts(at)
    assert not at.get("plotly_chart")  # Vega-Lite: the browser never loads Plotly's bundle here
    # per Land and month, each article once per Land it is about; hovers in German (`07.2025: 3`)
    pairs = q.sql(
        f"SELECT count(*) AS n FROM (SELECT unnest(states) AS land FROM {q.scan(catalog.SILVER_NEWS_ARTICLES)} "
        "WHERE month IS NOT NULL) WHERE land IN ('Sachsen', 'Thüringen')"
    ).iloc[0]["n"]
    assert by_land["value"].sum() == pairs and set(by_land["group"]) <= {"Sachsen", "Thüringen"}
    assert by_land["hover"].str.match(r"^(Sachsen|Thüringen) · \d\d\.\d{4}: \d+$").all()
    assert funding["hover"].str.match(r"^(Sachsen|Thüringen) · \d\d\.\d{4}: \d{1,3}(\.\d{3})* €$").all()
    assert set(by_topic["group"]) <= set(vocabulary.labels("topic", "de").values())
    assert land_spec["layer"][0]["mark"]["type"] == "rect"  # the chosen wave's quarter shaded
    assert len(at.dataframe) == 3  # activity, organisations, the articles themselves
    # the articles list: headline linked to its http(s) source, topics by their German names
    listed = at.dataframe[2].value
    assert len(listed) == min(500, len(articles)) and listed["Quelle"].dropna().str.match(r"https?://").all()
    topic_names = {x.strip() for cell in listed["Themen"] for x in cell.split(",") if x.strip()}
    assert topic_names and topic_names <= set(vocabulary.labels("topic", "de").values())
    assert any(m.value.startswith("- **") and "](http" in m.value for m in at.markdown)

    def expected(term: str) -> int:
        hay = (
            articles["title"].fillna("") + "\n" + articles["o"].fillna("") + "\n" + articles["c"].fillna("")
        ).str.lower()
        return int(hay.str.contains(term.lower(), regex=False).sum())

    term = "Universität"
    at.text_input(key="news_q").input(term).run()
    assert not at.exception and expected(term) > 0
    assert f"{expected(term)} Treffer" in [c.value for c in at.caption]
    hits = at.dataframe[-1].value
    assert len(hits) == min(100, expected(term)) and hits["Quelle"].str.startswith("http").all()

    for attack in ("'; DROP TABLE silver_news_articles; --", "' OR '1'='1", "%", "_", "\\"):
        at.text_input(key="news_q").input(attack).run()
        assert not at.exception and not at.error
        assert f"{expected(attack)} Treffer" in [c.value for c in at.caption]
    assert {t: q.version(t) for t in catalog.TABLES} == versions


def test_status_page_lists_versions_and_row_counts(lake, monkeypatch) -> None:
    at = open_app(lake, monkeypatch, "status")
    q = LakeQuery(LakeConfig.from_env(str(lake)))
    table = at.dataframe[0].value.set_index("Tabelle")
    for name in (catalog.GOLD_AI_ADOPTION, catalog.SILVER_NEWS_ARTICLES, catalog.SILVER_DISTRICTS):
        n = int(q.sql(f"SELECT count(*) AS n FROM {q.scan(name)}")["n"][0])
        assert table.loc[name, "Delta-Version"] == str(q.version(name)) and table.loc[name, "Zeilen"] == n
    assert "GeoBasis-DE" in " ".join(c.value for c in at.caption)


def test_empty_lake_says_so(tmp_path, monkeypatch) -> None:
    for page in (None, "map", "sectors", "technologies", "news", "status"):
        at = open_app(tmp_path / "empty", monkeypatch, page)
        assert at.info or page == "status"


def test_exports_are_formula_safe_and_keep_suppression() -> None:
    df = pd.DataFrame(
        {
            "Name": ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "\ry", "ok", "Jena"],
            "Anteil (%)": ["unterdrückt", "1,0", "2,0", "3,0", "4,0", "5,0", "6,0", "7,0"],
        }
    )
    text = to_csv_bytes(df).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[1] == '\'=HYPERLINK(""http://x"");unterdrückt' or lines[1].startswith("\"'=HYPERLINK")
    assert all(not cell.startswith(FORMULA_START) for line in lines[1:] for cell in line.split(";") if cell)
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(to_xlsx_bytes(df))).active
    values = [c.value for c in sheet["A"]][1:]
    assert values[0] == '\'=HYPERLINK("http://x")' and sheet["A2"].data_type == "s"
    assert [c.value for c in sheet["B"]][1] == "unterdrückt"
    assert safe_cell(-2) == -2 and safe_cell("Jena") == "Jena"


@pytest.mark.slow
def test_a_new_delta_version_is_picked_up_without_restart(spark, lake, monkeypatch, tmp_path) -> None:
    from samples.survey_generator import generate_survey
    from transforms.survey import jobs

    copy = copy_without_boundaries(lake, tmp_path / "copy")
    at = open_app(copy, monkeypatch)
    assert "2025-Q4" not in select(at, "Befragungswelle").options
    config = LakeConfig.from_env(str(copy))
    export = generate_survey(tmp_path / "q4.csv", rows=300, seed=3, waves=["2025-Q4"])
    jobs.ingest_bronze(spark, config, [tmp_path / "q4.csv"], salt="t")
    jobs.refresh_silver(spark, config)
    jobs.refresh_gold(spark, config)
    assert export
    at.run()
    assert not at.exception and "2025-Q4" in select(at, "Befragungswelle").options


def test_a_failing_page_says_so_in_a_sentence_not_a_traceback(lake, monkeypatch, tmp_path, caplog) -> None:
    """A gold table whose Delta log is unreadable (a damaged copy of the lake): the page shows the
    app's sentence (German, in place of the page), the traceback goes to the server log only."""
    import shutil

    broken = tmp_path / "lake"
    shutil.copytree(lake, broken)
    log = sorted((broken / catalog.GOLD_AI_ADOPTION / "_delta_log").glob("*.json"))[-1]
    log.write_text('{"add": {"path": ', encoding="utf-8")
    monkeypatch.setenv("LAKEHOUSE_ROOT", str(broken))
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.run()
    at.switch_page("pages/map.py").run()
    assert not at.exception
    assert any("konnte nicht erstellt werden" in e.value for e in at.error), [e.value for e in at.error]
    assert "page /" in caplog.text and "Traceback" in caplog.text
