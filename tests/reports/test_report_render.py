"""Quarterly report: a lake built by the real survey and news pipelines (small data), rendered to
PDF and HTML; figures checked against the gold table, HTML against a strict parser, time travel
against newer merged data, and the Dagster asset materialised.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
import time
from pathlib import Path

import dagster as dg
import html5lib
import pypdf
import pytest
from click.testing import CliRunner

import transforms.news  # noqa: F401  (sets PYSPARK_PYTHON before Spark starts: news extraction runs in Python workers)
from lake import catalog
from lake.config import LakeConfig
from lake.query import LakeQuery
from reports import formatting, versions
from reports.render import build_report

WAVE = "2025-Q3"
PREVIOUS = "2025-Q2"


def _ingest_survey(spark, config: LakeConfig, files: list[Path]) -> None:
    from transforms.survey import jobs

    jobs.ingest_bronze(spark, config, [str(f) for f in files], "test-salt")
    jobs.refresh_silver(spark, config)
    jobs.refresh_gold(spark, config)
    from transforms.survey.modelled_io import refresh_modelled

    refresh_modelled(spark, config)


@pytest.fixture(scope="module")
def built_lake(spark, tmp_path_factory) -> dict:
    """Two waves of survey data and a few news articles, through the real jobs."""
    from samples.news_generator import write_jsonl
    from samples.survey_generator import generate_survey
    from transforms.news import jobs as news_jobs

    base = tmp_path_factory.mktemp("report_lake")
    root = base / "lake"
    root.mkdir()
    config = LakeConfig.from_env(str(root))
    export = base / "export" / "survey.csv"
    generate_survey(export, rows=400, seed=11, waves=[PREVIOUS, WAVE])
    _ingest_survey(spark, config, [export])
    write_jsonl(base / "news" / "articles.jsonl", 24, seed=5)
    news_jobs.ingest(spark, config, [str(base / "news")])
    time.sleep(1.1)  # commit timestamps have millisecond resolution; keep "after the build" distinct
    return {"root": root, "config": config, "export": export, "base": base, "built_at": dt.datetime.now(dt.UTC)}


@pytest.fixture(scope="module")
def report(built_lake) -> dict:
    out = built_lake["base"] / "out"
    result = build_report(built_lake["config"], WAVE, out_dir=out)
    pdf_text = " ".join(page.extract_text() for page in pypdf.PdfReader(str(result.pdf_path)).pages)
    return {
        "result": result,
        "pdf_text": re.sub(r"\s+", " ", pdf_text),
        "out": out,
        "html": result.html_path.read_text(encoding="utf-8"),
    }


def _headline_from_gold(config: LakeConfig, version: int) -> dict:
    q = LakeQuery(config)
    df = q.sql(
        f"""SELECT coalesce(land, 'both') AS land, wave, respondents, weighted_share, ci_low, ci_high, suppressed,
                   reliability, change_significant
            FROM {q.scan(catalog.GOLD_AI_ADOPTION, version)}
            WHERE ags IS NULL AND nace_section IS NULL AND size_class IS NULL AND wave IN (?, ?)""",
        [WAVE, PREVIOUS],
    )
    return {(r["wave"], r["land"]): r for r in df.to_dict("records")}


def test_report_files_stored_under_the_lake_root_with_manifest(built_lake, report) -> None:
    result = report["result"]
    assert result.directory.parent == built_lake["root"] / "reports" / WAVE
    for path in (result.pdf_path, result.html_path, result.manifest_path):
        assert path.parent == result.directory and path.stat().st_size > 0
        assert (report["out"] / path.name).read_bytes() == path.read_bytes()
    manifest = json.loads(result.manifest_path.read_text(encoding="utf-8"))
    q = LakeQuery(built_lake["config"])
    for table in (
        catalog.GOLD_AI_ADOPTION,
        catalog.GOLD_AI_TECHNOLOGIES,
        catalog.GOLD_AI_BARRIERS,
        catalog.GOLD_NEWS_ACTIVITY,
        catalog.SILVER_DISTRICTS,
        catalog.SILVER_NEWS_ARTICLES,
    ):
        info = manifest["tables"][table]
        assert info["version"] == q.version(table)
        assert info["rows"] == int(q.sql(f"SELECT count(*) AS n FROM {q.scan(table)}")["n"].iloc[0])
        # the data-basis section names every table with its version and row count
        assert re.search(
            rf"{re.escape(table)} {info['version']} \S+ \S+ {re.escape(formatting.integer(info['rows']))}",
            report["pdf_text"],
        ), table


def test_pdf_contains_the_headline_figures_of_the_gold_table(built_lake, report) -> None:
    manifest = report["result"].manifest
    gold = _headline_from_gold(built_lake["config"], manifest["tables"][catalog.GOLD_AI_ADOPTION]["version"])
    text = report["pdf_text"]
    assert "KI-Nutzung in Unternehmen in Sachsen und Thüringen" in text
    for land in ("both", "Sachsen", "Thüringen"):
        row = gold[(WAVE, land)]
        assert not row["suppressed"]  # 400 rows: every headline cell is large enough
        share = formatting.share(row["weighted_share"])
        if row["reliability"] == "limited":  # in parentheses with the footnote mark
            share = f"({share})¹"
        ci = formatting.interval(row["ci_low"], row["ci_high"])
        change = formatting.change_pp(row["weighted_share"] - gold[(PREVIOUS, land)]["weighted_share"])
        name = "Sachsen und Thüringen" if land == "both" else land
        assert re.search(
            rf"{re.escape(name)} {re.escape(share)} {re.escape(ci)} "
            rf"{re.escape(formatting.integer(row['respondents']))} "
            rf"{re.escape(formatting.share(gold[(PREVIOUS, land)]['weighted_share']))} {re.escape(change)}",
            text,
        ), f"headline row for {name} not found"
        wording = "signifikant" if row["change_significant"] else "keine gesicherte Veränderung"
        assert wording in text
    for heading in (
        "Regionale Verteilung",
        "Wirtschaftsabschnitte",
        "Größenklassen",
        "KI-Technologien",
        "Hemmnisse",
        "KI in den Nachrichten",
        "Methodik",
        "Datengrundlage",
        "Kish",
        "Wilson",
    ):
        assert heading in text


def test_district_table_has_the_modelled_column_labelled_modelled(built_lake, report) -> None:
    q = LakeQuery(built_lake["config"])
    version = report["result"].manifest["tables"][catalog.GOLD_AI_ADOPTION_MODELLED]["version"]
    modelled = q.sql(f"SELECT * FROM {q.scan(catalog.GOLD_AI_ADOPTION_MODELLED, version)} WHERE wave = ?", [WAVE])
    html = report["html"]
    section = html[html.index('id="regionen"') : html.index("</section>", html.index('id="regionen"'))]
    assert "Anteil modelliert" in section and "Anteil (direkt)" in section
    for row in modelled.itertuples():
        cell = f"{formatting.share(row.modelled_share)} modelliert{'*' if row.method == 'synthetic' else ''}"
        assert cell in section, f"{row.ags}: {cell} not in the district table"
    assert section.count(" modelliert") >= len(modelled)


def test_html_passes_a_strict_html5_parser(report) -> None:
    document = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(report["html"])
    assert document.find(".//h1") is not None
    assert document.get("lang") == "de"


def test_suppressed_cells_stay_suppressed_and_no_personal_data(built_lake, report) -> None:
    result = report["result"]
    q = LakeQuery(built_lake["config"])
    version = result.manifest["tables"][catalog.GOLD_AI_ADOPTION]["version"]
    suppressed = q.sql(
        f"""SELECT coalesce(land, 'both') AS land, nace_section FROM {q.scan(catalog.GOLD_AI_ADOPTION, version)}
            WHERE wave = ? AND suppressed AND nace_section IS NOT NULL AND ags IS NULL AND size_class IS NULL""",
        [WAVE],
    )
    assert len(suppressed) > 0, "test data should contain suppressed sector cells"
    sectors = {s["code"]: s for s in result.figures["adoption"]["sectors"]}
    for row in suppressed.to_dict("records"):
        cell = sectors[row["nace_section"]]["cells"][row["land"]]
        assert cell["suppressed"] and cell["share"] is None and cell["ci_low"] is None

    # every figure cell with < 5 respondents carries no number anywhere in the manifest
    def walk(node):
        if isinstance(node, dict):
            if "respondents" in node and "suppressed" in node and node["respondents"] < 5:
                assert node["suppressed"] and node.get("share") is None
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(result.figures)
    assert "unterdrückt" in report["pdf_text"]
    # no e-mail addresses or free-text comments from the export reach the report
    with built_lake["export"].open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    emails = {r["contact_email"] for r in rows if r["contact_email"]}
    comments = {r["comment"] for r in rows if r["comment"]}
    assert emails and comments
    published = report["html"] + report["pdf_text"] + result.manifest_path.read_text(encoding="utf-8")
    for secret in emails | comments:
        assert secret not in published


@pytest.mark.slow  # a second survey ingest through Spark
def test_time_travel_gives_the_same_figures_after_new_data_was_merged(spark, built_lake, tmp_path) -> None:
    from samples.survey_generator import generate_survey

    root = tmp_path / "lake"
    shutil.copytree(built_lake["root"], root)
    config = LakeConfig.from_env(str(root))
    as_of = built_lake["built_at"].isoformat()
    runner = CliRunner()
    env = {"LAKEHOUSE_ROOT": str(root), "LAKEHOUSE_REPORT_RECIPIENTS": ""}
    from orchestration.cli import main

    first = runner.invoke(main, ["report", "--wave", WAVE, "--out", str(tmp_path / "a"), "--as-of", as_of], env=env)
    assert first.exit_code == 0, first.output
    manifest_a = json.loads((tmp_path / "a" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest_a["selection"] == "as_of"

    # newer data for the same wave is merged: gold/ai_adoption gets a new version
    extra = tmp_path / "more" / "survey_more.csv"
    generate_survey(extra, rows=150, seed=99, waves=[WAVE])
    _ingest_survey(spark, config, [extra])
    q = LakeQuery(config)
    assert q.version(catalog.GOLD_AI_ADOPTION) > manifest_a["tables"][catalog.GOLD_AI_ADOPTION]["version"]

    latest = build_report(config, WAVE)
    assert latest.manifest["figures_sha256"] != manifest_a["figures_sha256"], "new data should change the figures"

    again_as_of = runner.invoke(
        main, ["report", "--wave", WAVE, "--out", str(tmp_path / "b"), "--as-of", as_of], env=env
    )
    assert again_as_of.exit_code == 0, again_as_of.output
    again_versions = runner.invoke(
        main,
        ["report", "--wave", WAVE, "--out", str(tmp_path / "c"), "--versions", str(tmp_path / "a" / "manifest.json")],
        env=env,
    )
    assert again_versions.exit_code == 0, again_versions.output
    for folder in ("b", "c"):
        manifest = json.loads((tmp_path / folder / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["tables"] == manifest_a["tables"]
        assert manifest["figures"] == manifest_a["figures"]
        assert manifest["figures_sha256"] == manifest_a["figures_sha256"]
        text = " ".join(p.extract_text() for p in pypdf.PdfReader(str(tmp_path / folder / f"bericht_{WAVE}.pdf")).pages)
        for h in manifest_a["figures"]["adoption"]["headline"]:
            assert formatting.cell_share(h["cell"]) in text
    # three stored reports plus the latest one, each in its own folder with a manifest
    stored = sorted((root / "reports" / WAVE).glob("*/manifest.json"))
    assert len(stored) >= 4


def test_as_of_resolves_each_table_from_its_commit_timestamps(built_lake) -> None:
    config = built_lake["config"]
    stamps = versions.commit_timestamps(config, catalog.GOLD_AI_ADOPTION)
    assert stamps and list(stamps) == sorted(stamps)
    assert list(stamps.values()) == sorted(stamps.values())
    first_version, first_time = min(stamps.items())
    assert versions.version_as_of(config, catalog.GOLD_AI_ADOPTION, first_time) == first_version
    before = first_time - dt.timedelta(seconds=1)
    assert versions.version_as_of(config, catalog.GOLD_AI_ADOPTION, before) is None
    resolved = versions.resolve_versions(config, [catalog.GOLD_AI_ADOPTION, catalog.GOLD_NEWS_ACTIVITY], as_of=before)
    assert resolved[catalog.GOLD_AI_ADOPTION] is None
    assert versions.parse_as_of("2025-10-01") == dt.datetime(2025, 10, 1, 23, 59, 59, 999999, tzinfo=dt.UTC)
    with pytest.raises(versions.VersionError):
        versions.resolve_versions(config, [catalog.GOLD_AI_ADOPTION], explicit={catalog.GOLD_AI_ADOPTION: 999})
    assert versions.load_versions_arg('{"gold/ai_adoption": 0}') == {"gold/ai_adoption": 0}


def test_report_asset_materializes_for_a_wave_partition(built_lake, monkeypatch) -> None:
    from orchestration.assets.report import report_quarterly
    from orchestration.resources import LakeResource, SmtpResource

    monkeypatch.delenv("LAKEHOUSE_REPORT_RECIPIENTS", raising=False)
    result = dg.materialize(
        [report_quarterly],
        partition_key=WAVE,
        resources={"lake": LakeResource(root=str(built_lake["root"])), "smtp": SmtpResource()},
        run_config={"ops": {"report__quarterly": {"config": {"as_of": built_lake["built_at"].isoformat()}}}},
    )
    assert result.success
    (mat,) = [e.materialization for e in result.get_asset_materialization_events()]
    meta = {k: v.value for k, v in mat.metadata.items()}
    assert meta["delivery_status"] == "not_configured"
    assert Path(meta["pdf"]).is_file() and Path(meta["manifest"]).is_file()
    manifest = json.loads(Path(meta["manifest"]).read_text(encoding="utf-8"))
    assert manifest["figures_sha256"] == meta["figures_sha256"]
    assert Path(meta["manifest"]).parent.parent == built_lake["root"] / "reports" / WAVE
