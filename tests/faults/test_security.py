"""Security (issue 9): a read-only, confined, parameterised serving layer; injection and path
traversal through every dashboard query input and the CLI change nothing; no personal data in
logs, Dagster metadata, tables beyond bronze or reports; formula-safe exports; secrets only from
the environment and never logged."""

from __future__ import annotations

import hashlib
import inspect
import logging
import os
import re
from pathlib import Path

import duckdb
import pytest

import transforms.news  # noqa: F401  (points Spark's Python workers at this venv before Spark starts)
from lake import catalog
from tests.faults.build_corpus import CORPUS, PII_COMMENT, PII_EMAIL
from tests.support.paths import REPO_ROOT

INJECTIONS = [
    "'; DROP TABLE gold_ai_adoption; --",
    "x' OR '1'='1",
    "2025-Q3' UNION SELECT content, 1, 1, 1, 1, 1 FROM read_text('/etc/passwd') --",
    "../../../../etc/passwd",
    "/etc/passwd",
    "gold/ai_adoption'); COPY (SELECT 1) TO '/tmp/pwned.csv'; --",
    "%' AND 1=1 --",
    "\\'; ATTACH '/tmp/pwned.duckdb' AS p; --",
    "Sachsen\x00'; --",
    "${jndi:ldap://127.0.0.1/x}",
    '=HYPERLINK("http://evil.example")',
]
FORBIDDEN_OUTPUT = ("root:x:0:0", "/bin/bash", "daemon:x:")


def _tree_digest(root: Path) -> str:
    """Hash of every file (path + bytes) under ``root``: proves a lake was not changed."""
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file() and ".crc" not in p.name:
            h.update(str(p.relative_to(root)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


# ------------------------------------------------------------------------- read-only serving


@pytest.fixture(scope="module")
def tiny_lake(spark, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A lake with one small gold table (written by Spark/Delta), for the read-only layer."""
    from lake import delta_io

    root = tmp_path_factory.mktemp("tiny") / "lake"
    df = spark.createDataFrame(
        [("2025-Q3", "Sachsen", None, None, None, 12, 0.4, 0.2, 0.6, False)],
        "wave string, land string, ags string, nace_section string, size_class string, respondents int, "
        "weighted_share double, ci_low double, ci_high double, suppressed boolean",
    )
    delta_io.overwrite(df, str(root / catalog.GOLD_AI_ADOPTION))
    return root


@pytest.fixture(scope="module")
def lake_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An (empty) lake root: the confinement tests need no table, and no Spark."""
    root = tmp_path_factory.mktemp("confined") / "lake"
    (root / "gold").mkdir(parents=True)
    return root


@pytest.fixture()
def query(lake_root: Path):
    from lake.config import LakeConfig
    from lake.query import LakeQuery

    return LakeQuery(LakeConfig.from_env(str(lake_root)))


WRITES = [
    "CREATE TABLE t AS SELECT 1 AS i",
    "INSERT INTO t VALUES (1)",
    "COPY (SELECT 1) TO '{tmp}/copied.csv'",
    "EXPORT DATABASE '{tmp}/exported'",
    "ATTACH '{tmp}/attached.duckdb' AS a",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "SET lock_configuration = false",
    "PRAGMA enable_profiling",
    "SELECT 1; CREATE TABLE t (i INT)",
    "CALL pragma_version()",
    "DETACH a",
    "CREATE SECRET s (TYPE s3, KEY_ID 'x', SECRET 'y')",
]


@pytest.mark.parametrize("statement", WRITES)
def test_only_single_selects_run(query, statement: str, tmp_path: Path) -> None:
    from lake.query import ReadOnlyViolation

    with pytest.raises((ReadOnlyViolation, duckdb.Error)):
        query.sql(statement.format(tmp=tmp_path))
    assert list(tmp_path.iterdir()) == [], "a refused statement still wrote a file"


@pytest.mark.parametrize("statement", [s for s in WRITES if not s.startswith(("SELECT 1;", "PRAGMA", "CALL"))])
def test_the_connection_itself_is_read_only_and_locked(query, statement: str, tmp_path: Path) -> None:
    """Second line of defence: even bypassing the SELECT check, the database cannot be changed."""
    with pytest.raises(duckdb.Error):
        query._con.execute(statement.format(tmp=tmp_path))
    assert not (tmp_path / "copied.csv").exists() and not (tmp_path / "exported").exists()


@pytest.mark.parametrize(
    "select",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT content FROM read_text('/etc/passwd')",
        "SELECT content FROM read_text('{root}/../../../../../etc/passwd')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM delta_scan('/etc')",
        "SELECT * FROM read_parquet('http://127.0.0.1:9/x.parquet')",
        "SELECT * FROM read_json_auto('/proc/self/environ')",
    ],
)
def test_file_access_is_confined_to_the_lake_root(query, lake_root: Path, select: str) -> None:
    with pytest.raises(duckdb.Error) as info:
        out = query.sql(select.format(root=lake_root))
        assert not any(s in out.to_string() for s in FORBIDDEN_OUTPUT)
    assert "root:x:0:0" not in str(info.value)


def test_parameters_are_bound_not_formatted(tiny_lake: Path) -> None:
    """An injection string as a bound parameter is just a value that matches nothing."""
    from lake.config import LakeConfig
    from lake.query import LakeQuery

    query = LakeQuery(LakeConfig.from_env(str(tiny_lake)))
    scan = query.scan(catalog.GOLD_AI_ADOPTION)
    for evil in INJECTIONS:
        out = query.sql(f"SELECT count(*) AS n FROM {scan} WHERE wave = $wave OR land = $wave", {"wave": evil})
        assert int(out["n"][0]) == 0
    assert int(query.sql(f"SELECT count(*) AS n FROM {scan} WHERE wave = ?", ["2025-Q3"])["n"][0]) == 1


@pytest.mark.parametrize(
    "table",
    [
        "../../etc/passwd",
        "gold/ai_adoption') UNION SELECT 1 --",
        "gold/../../../etc",
        "/etc/passwd",
        "gold/ai_adoption/../../x",
    ],
)
def test_table_names_are_a_whitelist(query, table: str) -> None:
    with pytest.raises(KeyError):
        query.scan(table)


def test_version_is_an_integer(query) -> None:
    with pytest.raises((ValueError, TypeError)):
        query.scan(catalog.GOLD_AI_ADOPTION, "1); DROP TABLE x; --")  # type: ignore[arg-type]


def test_no_sql_is_built_from_values_in_dashboards_and_reports() -> None:
    """Static check: in an f-string handed to `.sql(`, a function argument (where user input
    arrives) may appear only inside `scan(...)` (a table whitelist) or `int(...)`; everything
    else must be a bound parameter. Whitelist lookups (`DIMENSIONS[dimension]`) go through a
    local name first."""
    import ast

    root = REPO_ROOT
    offenders = []

    def unsafe_names(expr: ast.AST) -> set[str]:
        if isinstance(expr, ast.Call):
            fn = ast.unparse(expr.func)
            if fn.endswith("scan") or fn == "int":
                return set()
        if isinstance(expr, ast.Name):
            return {expr.id}
        out: set[str] = set()
        for child in ast.iter_child_nodes(expr):
            out |= unsafe_names(child)
        return out

    # Reviewed exceptions: internal helpers whose column-name arguments are literals at every call.
    reviewed = {("reports/collect.py", "shares"): "called with constant column names only"}
    for path in sorted((root / "dashboards").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if (str(path.relative_to(root)), fn.name) in reviewed:
                continue
            params = {a.arg for a in [*fn.args.args, *fn.args.kwonlyargs]} - {"self", "q", "query", "v", "versions"}
            for node in ast.walk(fn):
                if not (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "sql" and node.args):
                    continue
                arg = node.args[0]
                parts = (
                    [p.value for p in arg.values if isinstance(p, ast.FormattedValue)]
                    if isinstance(arg, ast.JoinedStr)
                    else ([] if isinstance(arg, (ast.Constant, ast.Name)) else [arg])
                )
                for part in parts:
                    bad = unsafe_names(part) & params
                    if bad:
                        offenders.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(part)} ({fn.name})")
    assert not offenders, "SQL built from function arguments (bind them as parameters):\n" + "\n".join(offenders)


# -------------------------------------------------------------------------------- exports


def test_csv_and_excel_exports_escape_formulas() -> None:
    import io

    import openpyxl
    import pandas as pd

    export = pytest.importorskip("dashboards.export")
    df = pd.DataFrame(
        {
            "Organisation": [
                '=HYPERLINK("http://evil.example","Klick")',
                "+1+1",
                "-2+3",
                "@SUM(1)",
                "\t=1",
                "TU Dresden",
            ],
            "Anteil": [-0.5, 0.1, 0.2, 0.3, 0.4, 0.5],
        }
    )
    text = export.to_csv_bytes(df).decode("utf-8-sig")
    for line in text.splitlines()[1:]:
        first = line.split(";")[0].strip('"')
        assert not first.startswith(("=", "+", "-", "@", "\t")), line
    assert "TU Dresden" in text and "-0.5" in text.replace(",", "."), "numbers and plain text stay as they are"
    wb = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(df)))
    ws = wb.active
    for row in ws.iter_rows(min_row=2):
        assert row[0].data_type != "f", row[0].value
        assert not str(row[0].value).startswith(("=", "+", "-", "@")), row[0].value
    assert ws.cell(2, 2).value == -0.5


# ------------------------------------------------------------------------------------- CLI


def _cli(args: list[str], env: dict[str, str]):
    from click.testing import CliRunner

    from orchestration.cli import main

    return CliRunner().invoke(main, args, env=env, catch_exceptions=True)


def test_cli_survey_ingest_path_traversal_and_injection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A system file reached by `../..` is refused with a message naming it; quotes and SQL in a
    path are just a file name that does not exist; nothing is written to the lake."""
    lake = tmp_path / "lake"
    monkeypatch.chdir(tmp_path)
    traversal = os.path.relpath("/etc/passwd", tmp_path)  # ../../../etc/passwd
    env = {"LAKEHOUSE_ROOT": str(lake), "DAGSTER_HOME": str(tmp_path / "dh")}
    res = _cli(["survey", "ingest", traversal], env)
    assert res.exit_code != 0
    assert "passwd" in res.output, res.output
    for evil in ["x'; DROP TABLE silver.survey_responses; --", "$(touch /tmp/pwned)", "`id`"]:
        res = _cli(["survey", "ingest", evil], env)
        assert res.exit_code != 0 and "does not exist" in res.output, res.output
    assert not lake.exists() or not any(lake.rglob("*.parquet"))
    assert not Path("/tmp/pwned").exists()


@pytest.mark.slow
def test_cli_news_ingest_path_traversal(spark, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`lakehouse news ingest ../../etc/passwd` is a reject (unsupported file), never an article."""
    from lake import delta_io

    lake = tmp_path / "lake"
    monkeypatch.chdir(tmp_path)
    traversal = os.path.relpath("/etc/passwd", tmp_path)
    res = _cli(["news", "ingest", traversal, "file:///etc/shadow"], {"LAKEHOUSE_ROOT": str(lake)})
    assert res.exit_code == 0, res.output
    assert "unsupported file type" in res.output and "2 rejected" in res.output, res.output
    bronze = lake / catalog.BRONZE_NEWS_ARTICLES
    if bronze.exists():
        rows = delta_io.read(spark, str(bronze)).toPandas().to_string()
        assert not any(s in rows for s in FORBIDDEN_OUTPUT)


def test_cli_report_rejects_injected_wave(tmp_path: Path) -> None:
    res = _cli(
        ["report", "--wave", "2025-Q3'; DROP TABLE x; --", "--out", str(tmp_path / "out")],
        {"LAKEHOUSE_ROOT": str(tmp_path / "lake")},
    )
    assert res.exit_code != 0 and "Traceback" not in res.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


# ------------------------------------------------------------------------------- privacy


@pytest.mark.slow
def test_no_personal_data_beyond_bronze_in_tables_logs_metadata_or_dashboards(
    spark, tmp_path: Path, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture
) -> None:
    """Ingest an export with a real-looking e-mail and comment through Dagster; then neither
    appears in any silver/gold table, the Dagster event log (metadata, logs), Python logs,
    stdout/stderr, or the dashboards' query results; bronze keeps the e-mail only as a hash."""
    import dagster as dg

    from lake import delta_io
    from lake.config import LakeConfig
    from lake.query import LakeQuery
    from orchestration.definitions import defs
    from orchestration.resources import LakeResource, LandingResource, PrivacyResource, SparkResource
    from tests.faults import lakes

    caplog.set_level(logging.DEBUG)
    lake = tmp_path / "lake"
    export = tmp_path / "pii.csv"
    export.write_bytes((CORPUS / "survey" / "pii_markers.csv").read_bytes())
    resources = {
        **defs.resources,
        "lake": LakeResource(root=str(lake)),
        "spark": SparkResource(),
        "landing": LandingResource(folder=str(tmp_path / "landing")),
        "privacy": PrivacyResource(salt="pii-test-salt"),
    }
    instance = dg.DagsterInstance.ephemeral()
    # Bronze through Dagster (its event log and metadata are checked below); silver and gold by
    # the same job functions the assets call (the survey assets' partitioning is in flux).
    keys = {k.to_user_string(): k for a in defs.assets for k in getattr(a, "keys", [])}
    result = dg.materialize(
        [*defs.assets],
        resources=resources,
        instance=instance,
        selection=[keys[catalog.BRONZE_SURVEY_RESPONSES]],
        run_config={"ops": {"bronze__survey_responses": {"config": {"paths": [str(export)]}}}},
    )
    assert result.success
    from transforms.survey import jobs

    config = LakeConfig.from_env(str(lake))
    logging.getLogger("faults").info("silver %s", jobs.refresh_silver(spark, config))
    logging.getLogger("faults").info("gold %s", jobs.refresh_gold(spark, config))
    markers = [PII_EMAIL.lower(), PII_COMMENT.lower(), "mustermann"]

    def leaks(text: str) -> list[str]:
        return [m for m in markers if m in text.lower()]

    # Tables: silver and gold hold neither; bronze keeps a salted hash of the e-mail only.
    seen_tables = lakes.tables(lake)
    assert catalog.SILVER_SURVEY_RESPONSES in seen_tables and catalog.GOLD_AI_ADOPTION in seen_tables
    for table in seen_tables:
        pdf = delta_io.read(spark, str(lake / table)).toPandas()
        text = pdf.to_csv()
        if table.startswith("bronze/"):
            assert PII_EMAIL not in text and PII_EMAIL.upper() not in text
            assert all(re.fullmatch(r"[0-9a-f]{64}", v) for v in pdf["contact_email"].dropna())
        else:
            assert not leaks(text) and not {"contact_email", "comment"} & set(pdf.columns), table
    # Dagster: every event of the run (logs, materialization metadata) is free of it.
    events = instance.all_logs(result.run_id)
    assert events
    assert not leaks("\n".join(repr(e) for e in events))
    # Python logs and the process output.
    assert not leaks(caplog.text)
    out, err = capfd.readouterr()
    assert not leaks(out + err)
    # Serving: everything the read-only layer can select from the contract tables.
    q = LakeQuery(LakeConfig.from_env(str(lake)))
    for table in seen_tables:
        if table in catalog.TABLES and not table.startswith("bronze/"):
            assert not leaks(q.sql(f"SELECT * FROM {q.scan(table)}").to_csv())
    # Reports: the quarterly report (HTML, PDF text, manifest) of that wave.
    from reports import render

    report = render.build_report(LakeConfig.from_env(str(lake)), "2025-Q3", out_dir=tmp_path / "report")
    texts = [report.html_path.read_text(encoding="utf-8"), report.manifest_path.read_text(encoding="utf-8")]
    try:
        import pypdf

        texts.append("\n".join(page.extract_text() or "" for page in pypdf.PdfReader(report.pdf_path).pages))
    except ImportError:
        pass
    assert not leaks("\n".join(texts))


# ------------------------------------------------------------------------------- secrets


SECRET = "s3cr3t-Value-That-Must-Not-Leak"


def test_no_hard_coded_credentials_in_the_code() -> None:
    root = REPO_ROOT
    patterns = [
        re.compile(r"""(password|passwd|secret|token|api_key)\s*=\s*["'][^"'\s]{6,}["']""", re.I),
        re.compile(r"AKIA[0-9A-Z]{16}"),
        re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    ]
    offenders = []
    for folder in ("lake", "transforms", "orchestration", "dashboards", "samples", "bench"):
        for path in sorted((root / folder).rglob("*.py")):
            for i, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                if any(p.search(line) for p in patterns) and "example" not in line.lower():
                    offenders.append(f"{path.relative_to(root)}:{i}: {line.strip()[:100]}")
    for name in ("dagster.yaml", "pyproject.toml"):
        text = (root / name).read_text() if (root / name).exists() else ""
        assert SECRET not in text and not re.search(r"AKIA[0-9A-Z]{16}", text)
    assert not offenders, "\n".join(offenders)


def test_secrets_come_from_the_environment_and_are_never_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """SMTP and object-store credentials are read from the environment only; a failed delivery
    (nobody listening) and the Spark configuration never show them."""
    from lake.spark import spark_conf
    from orchestration.resources import spark_settings
    from reports import delivery
    from tests.faults.servers import closed_port_url

    caplog.set_level(logging.DEBUG)
    port = int(closed_port_url().rsplit(":", 1)[1].split("/")[0])
    env = {
        "LAKEHOUSE_REPORT_RECIPIENTS": "ministerium@example.org",
        "LAKEHOUSE_SMTP_HOST": "127.0.0.1",
        "LAKEHOUSE_SMTP_PORT": str(port),
        "LAKEHOUSE_SMTP_USER": "lakehouse-user",
        "LAKEHOUSE_SMTP_PASSWORD": SECRET,
        "AWS_ACCESS_KEY_ID": "AKIAFAULTTESTEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": SECRET,
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    settings = delivery.SmtpSettings.from_env()
    assert settings is not None and settings.password == SECRET  # from the environment
    assert SECRET not in repr(settings) and SECRET not in str(
        settings.as_dict() if hasattr(settings, "as_dict") else ""
    )
    pdf = tmp_path / "bericht.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    result = delivery.send_report(settings, "Betreff", "Text", [pdf], attempts=2, backoff=0, sleep=lambda s: None)
    assert result.status == "failed"
    assert SECRET not in repr(result) and SECRET not in caplog.text
    conf = spark_conf(spark_settings(master="local[1]"))
    assert SECRET not in repr(conf), "the object-store secret must not be in Spark's (logged, UI-visible) conf"


# ------------------------------------------------------------ every dashboard query input


DEFAULTS = {
    "wave": "2025-Q3",
    "land": None,
    "ags": None,
    "nace_section": None,
    "size_class": None,
    "dimension": "nace_section",
    "topic": None,
    "text": "KI",
    "limit": 10,
    "table": catalog.GOLD_AI_ADOPTION,
}


@pytest.fixture(scope="module")
def served_lake(spark, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small real lake (survey + news pipelines) for the dashboards' queries."""
    from lake.config import LakeConfig
    from transforms.news import jobs as news_jobs
    from transforms.reference.benchmarks import write_benchmarks
    from transforms.survey import jobs as survey_jobs
    from transforms.survey import modelled_io

    root = tmp_path_factory.mktemp("served") / "lake"
    config = LakeConfig.from_env(str(root))
    survey = [
        str(CORPUS / "survey" / n) for n in ("pii_markers.csv", "cp1252.csv", "bad_codes.csv", "formula_injection.csv")
    ]
    survey_jobs.ingest_bronze(spark, config, survey, "salt")
    survey_jobs.refresh_silver(spark, config)
    survey_jobs.refresh_gold(spark, config)
    modelled_io.refresh_modelled(spark, config)  # every table a dashboard query reads
    write_benchmarks(spark, config)
    news = [str(CORPUS / "news" / n) for n in ("cp1252.txt", "html_with_scripts.html", "bad_lines.jsonl")]
    news_jobs.ingest(spark, config, news, timeout=2, retries=1)
    return root


@pytest.mark.slow
def test_every_dashboard_query_input_resists_injection_and_traversal(served_lake: Path, tmp_path: Path) -> None:
    """Each argument of each dashboard query gets every injection string: the result is rows or a
    clean error (never file contents), and the lake is byte-for-byte unchanged."""
    queries = pytest.importorskip("dashboards.queries")
    from lake.config import LakeConfig
    from lake.query import LakeQuery, ReadOnlyViolation

    q = LakeQuery(LakeConfig.from_env(str(served_lake)))
    versions = {t: q.version(t) for t in catalog.TABLES if q.version(t) is not None}
    before = _tree_digest(served_lake)
    tried = 0
    for name, fn in queries.QUERIES.items():
        params = [p for p in inspect.signature(fn).parameters if p not in ("q", "v")]
        baseline = {p: DEFAULTS.get(p) for p in params}
        fn(q, versions, **baseline)  # the query works with ordinary input
        for p in params:
            for evil in INJECTIONS:
                tried += 1
                try:
                    out = fn(q, versions, **{**baseline, p: evil})
                except (
                    KeyError,
                    ValueError,
                    TypeError,
                    ReadOnlyViolation,
                    duckdb.ConversionException,
                    duckdb.InvalidInputException,
                ):
                    continue
                text = out.to_string()
                assert not any(s in text for s in FORBIDDEN_OUTPUT), f"{name}({p}={evil!r}) returned file contents"
    assert tried >= 100
    assert _tree_digest(served_lake) == before, "a dashboard query changed the lake"
    assert not Path("/tmp/pwned.csv").exists() and not Path("/tmp/pwned.duckdb").exists()
