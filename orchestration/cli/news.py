"""`lakehouse news ...`: ingest articles (folders, files, feed URLs) and extract JSON lines."""

from __future__ import annotations

import json
from pathlib import Path

import click


def register(main: click.Group, generate: click.Group) -> None:
    @main.group("news")
    def news() -> None:
        """News articles: load, extract (Länder, cities, organisations, funding, dates, topics)."""

    @news.command("ingest")
    @click.argument("sources", nargs=-1, required=True)
    @click.option("--timeout", default=10.0, show_default=True, help="Seconds per HTTP request.")
    @click.option("--retries", default=3, show_default=True, help="Attempts per URL.")
    @click.option("--root", envvar="LAKEHOUSE_ROOT", default=None, help="Lake root (default: $LAKEHOUSE_ROOT or warehouse/).")
    def ingest(sources: tuple[str, ...], timeout: float, retries: int, root: str | None) -> None:
        """Load PATH|URL... into bronze, extract into silver, rebuild the org mentions and gold."""
        from lake.config import LakeConfig
        import transforms.news  # noqa: F401  (sets the Python of Spark's workers before Spark starts)
        from lake.spark import get_spark
        from transforms.news import jobs

        from orchestration.cli import progress

        config = LakeConfig.from_env(root)
        with progress.task("news ingest", total=4) as step:  # the steps of jobs.ingest, one by one
            step.advance("load sources into bronze")
            from orchestration.resources import spark_settings

            spark = get_spark(spark_settings())
            summary = jobs.ingest_bronze(spark, config, list(sources), timeout=timeout, retries=retries)
            step.advance("extract into silver", articles=summary.articles_read, rejects=summary.rejects)
            summary.silver_rows = jobs.refresh_silver(spark, config, summary.batch_id)
            step.advance("organisation mentions")
            summary.org_mentions = jobs.refresh_mentions(spark, config)
            step.advance("gold/news_activity")
            summary.gold_rows = jobs.refresh_gold(spark, config)
        click.echo(
            f"batch {summary.batch_id}: {summary.articles_read} articles read, {summary.duplicates} duplicates "
            f"collapsed, {summary.rejects} rejected; silver +{summary.silver_rows}, "
            f"{summary.org_mentions} organisation mentions, {summary.gold_rows} gold rows ({config.root})"
        )
        for reason in summary.reject_reasons:
            click.echo(f"  rejected: {reason}", err=True)

    @news.command("extract")
    @click.option("--in", "in_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help="JSON lines with at least `text` (optionally id, url, title, published, language).")
    @click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
                  help="Where to write one JSON line of extracted fields per input line.")
    def extract(in_path: Path, out_path: Path) -> None:
        """Extract the news-extract-v1 fields from JSON lines (no Spark, no lake)."""
        from transforms.news.extract_cli import extract_jsonl

        counts = extract_jsonl(in_path, out_path)
        click.echo(f"{counts['lines']} lines extracted to {out_path}" + (f" ({counts['errors']} with errors)" if counts["errors"] else ""))

    @generate.command("news")
    @click.option("--articles", default=1000, show_default=True)
    @click.option("--seed", default=42, show_default=True)
    @click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
                  help="JSON lines file to write.")
    def generate_news(articles: int, seed: int, out_path: Path) -> None:
        """Seeded realistic news articles (German and English) as JSON lines."""
        from samples.news_generator import write_jsonl

        n = write_jsonl(out_path, articles, seed=seed)
        click.echo(json.dumps({"articles": n, "out": str(out_path)}))
