"""News extraction benchmark: N generated articles extracted through Spark (mapInPandas).

``run(articles, workdir)`` generates N seeded articles of realistic length (samples/news_generator,
~2.2 kB / ~290 words each, German and English), then measures

- ``extract``: Spark reads the JSON lines and runs the extractor in its Python workers over every
  article (sink: Spark's `noop` writer, so only extraction is timed); also the CPU seconds the
  driver, JVM and Python workers used, since on a shared machine wall time depends on the others;
- ``extract_to_delta``: the same plus writing the extracted rows as a Delta table (what
  `silver/news_articles` costs on first load);

and checks on the Delta output how often the generated Land / funding / event date came back.
Runnable alone: ``python -m bench.news_bench --articles 100000 --workdir /tmp/news-bench``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import transforms.news  # noqa: F401  (Spark's Python workers use this interpreter)


def _machine() -> str:
    cores = os.cpu_count()
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        mem = float("nan")
    return f"{platform.machine()} {cores} cores {mem:.0f} GiB, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def _cpu_seconds_tree(pid: int) -> dict[int, float]:
    """utime+stime (s) of `pid` and all its descendants (the Spark JVM and its Python workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    parent: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(entry)] = int(fields[1])
        cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    tree, stack = {}, [pid]
    while stack:
        p = stack.pop()
        tree[p] = cpu.get(p, 0.0)
        stack += [c for c, pp in parent.items() if pp == p]
    return tree


def _cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(t - before.get(p, 0.0) for p, t in after.items())


def _load() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def run(articles: int, workdir: Path, seed: int = 42, write_delta: bool = True) -> dict:
    from pyspark.sql import functions as F

    from lake.spark import get_spark
    from samples.news_generator import write_jsonl
    from transforms.news import silver_articles

    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    src = workdir / "articles.jsonl"
    t0 = time.perf_counter()
    write_jsonl(src, articles, seed=seed)
    generate_s = time.perf_counter() - t0

    spark = get_spark()
    cores = spark.sparkContext.defaultParallelism
    parts = max(2, cores * 4)
    raw = spark.read.schema(
        "id STRING, url STRING, title STRING, published STRING, text STRING, "
        "expected STRUCT<language: STRING, land: STRING, city: STRING, funding_eur: DOUBLE, event_date: STRING>"
    ).json(str(src))
    bronze = (
        raw.select(
            "id",
            "text",
            "title",
            "published",
            F.lit(None).cast("string").alias("language"),
            "url",
            F.lit(str(src)).alias("_source_file"),
            F.lit("bench").alias("_batch_id"),
        )
        .repartition(parts)
        .cache()
    )
    n = bronze.count()  # read and parse the JSON outside the timed part

    load_before = _load()
    cpu0 = _cpu_seconds_tree(os.getpid())
    t0 = time.perf_counter()
    silver_articles.extract(bronze).write.format("noop").mode("overwrite").save()
    extract_s = time.perf_counter() - t0
    cpu_s = _cpu_used(cpu0, _cpu_seconds_tree(os.getpid()))
    result = {
        "benchmark": "news_extraction",
        "articles": n,
        "mean_chars": int(bronze.select(F.avg(F.length("text"))).first()[0]),
        "spark_parallelism": cores,
        "partitions": parts,
        "generate_s": round(generate_s, 1),
        "extract_s": round(extract_s, 1),
        "extract_articles_per_s": round(n / extract_s, 1),
        # the machine is shared: CPU time actually used says what the cores deliver when free
        "extract_cpu_s": round(cpu_s, 1),
        "extract_articles_per_cpu_s": round(n / cpu_s, 1) if cpu_s else None,
        "load_average_1min_before_after": [round(load_before, 1), round(_load(), 1)],
    }
    if write_delta:
        out = workdir / "silver_news_articles"
        shutil.rmtree(out, ignore_errors=True)
        t0 = time.perf_counter()
        silver_articles.extract(bronze).write.format("delta").mode("overwrite").save(str(out))
        delta_s = time.perf_counter() - t0
        got = spark.read.format("delta").load(str(out)).join(raw.select("id", "expected"), "id")
        checks = got.select(
            F.avg(F.array_contains("states", F.col("expected.land")).cast("double")).alias("land"),
            F.avg(
                (
                    F.coalesce(F.col("funding_eur"), F.lit(-1.0))
                    == F.coalesce(F.col("expected.funding_eur"), F.lit(-1.0))
                ).cast("double")
            ).alias("funding"),
            F.avg((F.col("event_date").cast("string") == F.col("expected.event_date")).cast("double")).alias(
                "event_date"
            ),
            F.avg((F.col("language") == F.col("expected.language")).cast("double")).alias("language"),
        ).first()
        result.update(
            {
                "extract_to_delta_s": round(delta_s, 1),
                "extract_to_delta_articles_per_s": round(n / delta_s, 1),
                "agreement_with_generated": {
                    k: round(checks[k], 4) for k in ("land", "funding", "event_date", "language")
                },
            }
        )
    bronze.unpersist()
    result.update(single_process_cpu(min(n, 2000), seed))
    result["quality"] = quality()
    result["machine"] = _machine()
    result["date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return result


def single_process_cpu(articles: int, seed: int = 42) -> dict:
    """CPU time of the extractor alone in this process (no Spark): what one core delivers,
    independent of how loaded the shared machine is."""
    from samples.news_generator import generate
    from transforms.news.extract import extract_with_details

    arts = list(generate(max(articles, 1), seed=seed))
    for a in arts[:20]:  # warm the compiled regexes and caches
        extract_with_details(a["text"], id=a["id"], title=a["title"], published=a["published"])
    t0 = time.process_time()
    for a in arts:
        extract_with_details(a["text"], id=a["id"], title=a["title"], published=a["published"])
    cpu = time.process_time() - t0
    return {
        "single_process_articles": len(arts),
        "single_process_cpu_ms_per_article": round(1000 * cpu / len(arts), 3),
        "single_process_articles_per_cpu_s": round(len(arts) / cpu, 1) if cpu else None,
    }


def quality() -> dict:
    """Precision / recall / F1 per field on the real corpus (tune and test split) and the seed texts."""
    from bench.news_eval import CORPUS, DEFAULT, load, score

    out = {}
    for split, path in (("tune", CORPUS), ("test", CORPUS), ("seed", DEFAULT)):
        rows = load(path, split)
        result, _errors = score(rows)
        out[split] = {
            "articles": len(rows),
            **{
                f: {k: round(v, 3) for k, v in r.items() if k in ("precision", "recall", "f1")}
                for f, r in result.items()
            },
        }
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/news-bench"))
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--no-delta", action="store_true", help="only time the extraction")
    args = ap.parse_args()
    print(json.dumps(run(args.articles, args.workdir, args.seed, write_delta=not args.no_delta), indent=2))
