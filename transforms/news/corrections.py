"""Analysts' corrections of extracted news fields (lake-tables-v2, "News corrections").

Corrections arrive as CSV files in `<landing>/news_corrections/` with the columns `article_id`,
`field` (`states`, `funding_eur`, `organizations`, `topics`, `event_date` or `exclude`), `value`
(text; JSON for lists), `reason`, `author`, `corrected_at`. `silver/news_corrections` holds every
valid row as received plus `_source_file` / `_source_row`; it is rebuilt from the files that are in
the folder, so removing a file takes its corrections back. A bad file or row is a reject in
`silver/news_rejects` with the reason, never a stopped run.

Applying (`apply`) is a DataFrame -> DataFrame step on `silver/news_articles`: per article and
field the latest correction (`corrected_at`, then file and row) wins; `<field>` shows it and
`<field>_extracted` keeps what the extractor found, `excluded` marks articles an analyst took out,
`corrected_fields` lists what was changed. A later correction overrides an earlier one, and one
whose value is the extracted value restores it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

from lake import catalog, delta_io
from lake.config import LakeConfig
from transforms.news.load import Reject
from transforms.news.topics import TOPICS

COLUMNS = ("article_id", "field", "value", "reason", "author", "corrected_at")
LIST_FIELDS = ("states", "organizations", "topics")
FIELDS = ("states", "funding_eur", "organizations", "topics", "event_date", "exclude")
CORRECTED = ("states", "funding_eur", "organizations", "topics", "event_date")  # have `<field>_extracted`
LANDS = (
    "Baden-Württemberg",
    "Bayern",
    "Berlin",
    "Brandenburg",
    "Bremen",
    "Hamburg",
    "Hessen",
    "Mecklenburg-Vorpommern",
    "Niedersachsen",
    "Nordrhein-Westfalen",
    "Rheinland-Pfalz",
    "Saarland",
    "Sachsen",
    "Sachsen-Anhalt",
    "Schleswig-Holstein",
    "Thüringen",
)
SCHEMA = T.StructType(
    [
        T.StructField("article_id", T.StringType(), False),
        T.StructField("field", T.StringType(), False),
        T.StructField("value", T.StringType(), True),
        T.StructField("reason", T.StringType(), True),
        T.StructField("author", T.StringType(), True),
        T.StructField("corrected_at", T.TimestampType(), False),
        T.StructField("_source_file", T.StringType(), False),
        T.StructField("_source_row", T.IntegerType(), False),
    ]
)


@dataclass
class Loaded:
    rows: list[tuple]
    rejects: list[Reject]


def _timestamp(raw: str) -> dt.datetime:
    text = raw.strip().replace("Z", "+00:00")
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def check_value(field: str, value: str) -> str | None:
    """The reason a value is not valid for `field`, or None."""
    v = value.strip()
    if field in LIST_FIELDS:
        try:
            items = json.loads(v) if v else []
        except json.JSONDecodeError:
            return f"value for {field} is not a JSON list: {v[:60]!r}"
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            return f"value for {field} must be a JSON list of names"
        allowed = {"states": LANDS, "topics": TOPICS}.get(field)
        unknown = [i for i in items if allowed is not None and i not in allowed]
        if unknown:
            return f"unknown {field[:-1] if field != 'states' else 'Land'}: {', '.join(unknown)}"
        return None
    if field == "funding_eur":
        if v.lower() in ("", "null", "none"):
            return None
        try:
            amount = float(v)
        except ValueError:
            return f"funding_eur is not a number: {v[:40]!r}"
        return None if amount >= 0 else "funding_eur is negative"
    if field == "event_date":
        if v.lower() in ("", "null", "none"):
            return None
        try:
            dt.date.fromisoformat(v)
        except ValueError:
            return f"event_date is not an ISO date (YYYY-MM-DD): {v[:40]!r}"
        return None
    if field == "exclude":
        return (
            None
            if v.lower() in ("true", "false", "1", "0", "yes", "no", "ja", "nein")
            else f"exclude must be true or false: {v[:20]!r}"
        )
    return f"unknown field {field!r} (allowed: {', '.join(FIELDS)})"


def read_file(path: Path) -> Loaded:
    """Valid correction rows (SCHEMA order) and rejects of one CSV file; never raises."""
    rows: list[tuple] = []
    rejects: list[Reject] = []
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Loaded([], [Reject(str(path), None, f"cannot read file: {exc.strerror or exc}")])
    if b"\x00" in raw:
        return Loaded([], [Reject(str(path), None, "not a CSV file (binary content)")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if not header:
        return Loaded([], [Reject(str(path), None, "empty file")])
    if missing:
        return Loaded([], [Reject(str(path), None, f"missing columns: {', '.join(missing)}")])
    reader.fieldnames = header
    for i, rec in enumerate(reader, start=2):  # row 1 is the header
        try:
            get = {k: (rec.get(k) or "").strip() for k in COLUMNS}
        except AttributeError:
            rejects.append(Reject(str(path), i, "malformed row"))
            continue
        if None in rec:
            rejects.append(Reject(str(path), i, "more values than columns"))
            continue
        if not get["article_id"]:
            rejects.append(Reject(str(path), i, "article_id is empty"))
            continue
        reason = check_value(get["field"], get["value"])
        if reason:
            rejects.append(Reject(str(path), i, reason))
            continue
        try:
            at = _timestamp(get["corrected_at"])
        except ValueError:
            rejects.append(Reject(str(path), i, f"corrected_at is not an ISO timestamp: {get['corrected_at'][:40]!r}"))
            continue
        rows.append(
            (
                get["article_id"],
                get["field"],
                get["value"],
                get["reason"] or None,
                get["author"] or None,
                at,
                str(path),
                i,
            )
        )
    return Loaded(rows, rejects)


def read_folder(folder: Path) -> Loaded:
    """Every `*.csv` in the corrections folder (other files are rejects)."""
    out = Loaded([], [])
    if not folder.is_dir():
        return out
    for f in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        if f.suffix.lower() != ".csv":
            out.rejects.append(Reject(str(f), None, "unsupported file type (corrections are .csv)"))
            continue
        got = read_file(f)
        out.rows.extend(got.rows)
        out.rejects.extend(got.rejects)
    return out


def to_dataframe(spark: SparkSession, rows: list[tuple]) -> DataFrame:
    return spark.createDataFrame(rows, SCHEMA)


def effective(corrections: DataFrame) -> DataFrame:
    """One row per article with the latest correction of each field (`c_<field>` value,
    `has_<field>` flag)."""
    latest = Window.partitionBy("article_id", "field").orderBy(
        F.col("corrected_at").desc(), F.col("_source_file").desc(), F.col("_source_row").desc()
    )
    last = corrections.withColumn("_rn", F.row_number().over(latest)).where("_rn = 1")
    aggs = []
    for f in FIELDS:
        aggs.append(F.max(F.when(F.col("field") == f, F.coalesce(F.col("value"), F.lit("")))).alias(f"c_{f}"))
    return last.groupBy("article_id").agg(*aggs)


def _parsed(f: str) -> F.Column:
    c = F.col(f"c_{f}")
    blank = F.lower(F.trim(c)).isin("", "null", "none")
    if f in LIST_FIELDS:
        return F.when(blank, F.array().cast("array<string>")).otherwise(F.from_json(c, T.ArrayType(T.StringType())))
    if f == "funding_eur":
        return F.when(blank, F.lit(None).cast("double")).otherwise(c.cast("double"))
    if f == "event_date":
        return F.when(blank, F.lit(None).cast("date")).otherwise(F.to_date(c))
    return F.lower(F.trim(c)).isin("true", "1", "yes", "ja")


def apply(articles: DataFrame, corrections: DataFrame | None) -> DataFrame:
    """`silver/news_articles` with the corrections applied (pure DataFrame -> DataFrame).

    `articles` carries `<field>_extracted`, `month_extracted` and `org_details_extracted` (the
    extractor's values); every corrected column is recomputed from them, so applying twice, or
    after a correction was removed, gives the right result."""
    base = articles
    if corrections is None:
        eff = None
    else:
        eff = effective(corrections)
    if eff is None:
        out = base
        for f in CORRECTED:
            out = out.withColumn(f, F.col(f"{f}_extracted"))
        return (
            out.withColumn("month", F.col("month_extracted"))
            .withColumn("org_details", F.col("org_details_extracted"))
            .withColumn("excluded", F.lit(False))
            .withColumn("corrected_fields", F.array().cast("array<string>"))
        )
    joined = base.join(eff.withColumnRenamed("article_id", "_cid"), base.id == F.col("_cid"), "left")
    for f in CORRECTED:
        joined = joined.withColumn(
            f, F.when(F.col(f"c_{f}").isNotNull(), _parsed(f)).otherwise(F.col(f"{f}_extracted"))
        )
    org_from_list = F.transform(
        F.col("organizations"),
        lambda o: F.struct(
            o.alias("organization"), o.alias("organization_key"), F.lit(None).cast("string").alias("land")
        ),
    )
    joined = (
        joined.withColumn(
            "org_details",
            F.when(F.col("c_organizations").isNotNull(), org_from_list).otherwise(F.col("org_details_extracted")),
        )
        .withColumn(
            "month",
            F.when(
                F.col("c_event_date").isNotNull() & F.col("event_date").isNotNull(),
                F.trunc(F.col("event_date"), "month"),
            )
            .when(
                F.col("c_event_date").isNotNull(),
                F.coalesce(F.trunc(F.col("published_date"), "month"), F.col("month_extracted")),
            )
            .otherwise(F.col("month_extracted")),
        )
        .withColumn("excluded", F.coalesce(F.when(F.col("c_exclude").isNotNull(), _parsed("exclude")), F.lit(False)))
        .withColumn(
            "corrected_fields",
            F.filter(
                F.array(*[F.when(F.col(f"c_{f}").isNotNull(), F.lit(f)) for f in FIELDS]), lambda x: x.isNotNull()
            ),
        )
    )
    return joined.drop("_cid", *[f"c_{f}" for f in FIELDS])


def write(spark: SparkSession, config: LakeConfig, loaded: Loaded) -> int:
    """Rebuild `silver/news_corrections` from the rows of the files in the folder now."""
    delta_io.overwrite(to_dataframe(spark, loaded.rows), config.table_path(catalog.SILVER_NEWS_CORRECTIONS))
    return len(loaded.rows)


def read_table(spark: SparkSession, config: LakeConfig) -> DataFrame | None:
    path = config.table_path(catalog.SILVER_NEWS_CORRECTIONS)
    return delta_io.read(spark, path) if delta_io.exists(spark, path) else None
