"""`lakehouse bench`: generate data at a scale, run the pipeline stage by stage, report numbers."""

from __future__ import annotations

from pathlib import Path

import click

from bench import DASHBOARD_REPEAT, INCREMENT_ROWS


def register(main: click.Group, generate: click.Group) -> None:
    @main.command("bench")
    @click.option("--responses", type=int, default=1_000_000, show_default=True, help="Survey rows to generate.")
    @click.option(
        "--articles", type=int, default=100_000, show_default=True, help="News articles to generate (0 = skip)."
    )
    @click.option(
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        default=Path("bench-results.json"),
        show_default=True,
        help="JSON file with every number.",
    )
    @click.option(
        "--workdir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("/tmp/lakehouse-bench"),
        show_default=True,
        help="Scratch folder for generated data and the bench lake (replaced).",
    )
    @click.option("--master", default=None, help="Spark master (default: SPARK_MASTER or local[*]).")
    @click.option("--browser", is_flag=True, help="Also time the dashboard's first render in headless Chromium.")
    @click.option(
        "--operator",
        is_flag=True,
        help="Also time `lakehouse survey ingest` of the late wave (--increment-rows) in a fresh process "
        "(cold Spark, Dagster run with its asset checks) on a copy of the bench lake.",
    )
    @click.option(
        "--engine/--no-engine",
        default=True,
        show_default=True,
        help="Also time `lakehouse demo` and a `survey ingest` of the late wave against a warm Spark "
        "Connect engine (started and stopped by the bench), and the same ingest cold.",
    )
    @click.option(
        "--increment-rows",
        type=int,
        default=INCREMENT_ROWS,
        show_default=True,
        help="Rows of the late wave (survey increment, --operator and engine ingests); BENCHMARKS.md uses the default.",
    )
    @click.option(
        "--dashboard-repeat",
        type=int,
        default=DASHBOARD_REPEAT,
        show_default=True,
        help="Runs of each dashboard query (p50/p95).",
    )
    def bench(
        responses: int,
        articles: int,
        out: Path,
        workdir: Path,
        master: str | None,
        browser: bool,
        operator: bool,
        engine: bool,
        increment_rows: int,
        dashboard_repeat: int,
    ) -> None:
        """Benchmark: wall time, rows/s, peak memory per stage; incremental wave; dashboard p50/p95;
        Spark vs DuckDB on the same gold aggregation. See BENCHMARKS.md."""
        if responses < 100:
            raise click.BadParameter("at least 100 responses", param_hint="--responses")
        if articles < 0:
            raise click.BadParameter("must be >= 0", param_hint="--articles")
        if increment_rows < 10:
            raise click.BadParameter("at least 10 rows", param_hint="--increment-rows")
        if dashboard_repeat < 1:
            raise click.BadParameter("at least 1", param_hint="--dashboard-repeat")
        from bench.run import format_table, run
        from orchestration.cli import progress
        from orchestration.resources import spark_settings

        with progress.task("bench") as step:
            step.advance(f"{responses} responses, {articles} articles (stages in {out} when done)")
            report = run(
                responses,
                articles,
                workdir,
                out,
                master,
                browser=browser,
                operator=operator,
                settings=spark_settings(master=master),
                engine=engine,
                increment_rows=increment_rows,
                dashboard_repeat=dashboard_repeat,
            )
        click.echo(format_table(report))
        click.echo(f"JSON written to {out}")
