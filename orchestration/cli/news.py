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
    @click.option(
        "--root", envvar="LAKEHOUSE_ROOT", default=None, help="Lake root (default: $LAKEHOUSE_ROOT or warehouse/)."
    )
    def ingest(sources: tuple[str, ...], timeout: float, retries: int, root: str | None) -> None:
        """Load PATH|URL... into bronze, extract into silver, rebuild the org mentions and gold.

        Runs the news assets of the Dagster definitions (lineage and checks as for a sensor run),
        over the landing days of the given files (today for URLs).
        """
        import dagster as dg

        from orchestration.assets.news import NewsIngestConfig
        from orchestration.cli._dagster import lake_resources, materialize

        local = [str(Path(s).resolve()) if "://" not in s and Path(s).exists() else s for s in sources]
        run_config = dg.RunConfig(
            ops={"bronze__news_articles": NewsIngestConfig(sources=local, timeout_seconds=timeout, retries=retries)}
        )
        selection = 'key:"bronze/news_articles"+'
        # a failed run raises RunFailed: the CLI's fault wrapper (errors.py) names the step and the cause
        result = materialize(
            selection=selection, run_config=run_config, resources=lake_resources(root), progress="news ingest"
        )
        meta = {
            "/".join(e.asset_key.path): {k: v.value for k, v in e.materialization.metadata.items()}
            for e in result.get_asset_materialization_events()
        }
        bronze = meta.get("bronze/news_articles", {})
        click.echo(
            f"batch {bronze.get('batch_id')}: {bronze.get('articles_read', 0)} articles read, "
            f"{bronze.get('duplicates_collapsed', 0)} duplicates collapsed, {bronze.get('rejects', 0)} rejected; "
            f"silver +{meta.get('silver/news_articles', {}).get('articles_extracted', 0)}, "
            f"{meta.get('silver/news_org_mentions', {}).get('rows', 0)} organisation mentions, "
            f"{meta.get('gold/news_activity', {}).get('rows', 0)} gold rows "
            f"({lake_resources(root)['lake'].config.root})"
        )
        for reason in bronze.get("reject_reasons", []) or []:
            click.echo(f"  rejected: {reason}", err=True)

    @news.command("extract")
    @click.option(
        "--in",
        "in_path",
        required=True,
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="JSON lines with at least `text` (optionally id, url, title, published, language).",
    )
    @click.option(
        "--out",
        "out_path",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="Where to write one JSON line of extracted fields per input line.",
    )
    def extract(in_path: Path, out_path: Path) -> None:
        """Extract the news-extract-v1 fields from JSON lines (no Spark, no lake)."""
        from transforms.news.extract_cli import extract_jsonl

        counts = extract_jsonl(in_path, out_path)
        click.echo(
            f"{counts['lines']} lines extracted to {out_path}"
            + (f" ({counts['errors']} with errors)" if counts["errors"] else "")
        )

    @generate.command("news")
    @click.option("--articles", default=1000, show_default=True)
    @click.option("--seed", default=42, show_default=True)
    @click.option(
        "--out",
        "out_path",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="JSON lines file to write.",
    )
    def generate_news(articles: int, seed: int, out_path: Path) -> None:
        """Seeded realistic news articles (German and English) as JSON lines."""
        from samples.news_generator import write_jsonl

        n = write_jsonl(out_path, articles, seed=seed)
        click.echo(json.dumps({"articles": n, "out": str(out_path)}))
