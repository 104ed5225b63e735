"""`silver/official_benchmarks`: published shares of enterprises using AI (lake-tables-v2).

Two inputs: the figures shipped in `lake/reference/official_benchmarks.csv` (Destatis and
Eurostat releases, each row with source, table code, definition and retrieval date), and,
optionally, Eurostat's own download of dataset `isoc_eb_ai` in SDMX-CSV or TSV format, so an
online deployment refreshes the Eurostat rows (a downloaded figure replaces the shipped one of
the same source, table, geo, year and size class). Every figure is for enterprises with 10 or
more employees (`10+`) or one of the official size classes `10-49`, `50-249`, `250+`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import types as T

from lake import catalog, delta_io
from lake.config import LakeConfig

EUROSTAT_DATASET = "isoc_eb_ai"
EUROSTAT_URL = (
    "https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1/data/isoc_eb_ai/"
    "A.10_M+10_49+50_249+GE250.C10-S951_X_K.E_AI_TANY.PC_ENT.DE+EU27_2020?format=SDMX-CSV"
)
# Eurostat's size_emp codes -> the size classes of the lake.
EUROSTAT_SIZES = {"10_M": "10+", "10_49": "10-49", "50_249": "50-249", "GE250": "250+"}
EUROSTAT_INDICATOR = "E_AI_TANY"  # enterprises use at least one AI technology
EUROSTAT_UNIT = "PC_ENT"  # percentage of enterprises
EUROSTAT_GEOS = ("DE", "EU27_2020")
EUROSTAT_DEFINITION = (
    "E_AI_TANY: enterprises with 10 or more employees using at least one AI technology (% of enterprises)"
)
SIZE_CLASSES = ("10+", "10-49", "50-249", "250+")
KEY = ("source", "table_code", "geo", "year", "size_class")

SCHEMA = T.StructType(
    [
        T.StructField("source", T.StringType(), False),
        T.StructField("table_code", T.StringType(), False),
        T.StructField("geo", T.StringType(), False),
        T.StructField("year", T.IntegerType(), False),
        T.StructField("size_class", T.StringType(), False),
        T.StructField("nace_scope", T.StringType(), True),
        T.StructField("share", T.DoubleType(), False),
        T.StructField("definition", T.StringType(), True),
        T.StructField("retrieved", T.DateType(), True),
    ]
)


class BenchmarkFileError(ValueError):
    """A figures file or download that cannot be read: names the file and the reason."""


@dataclass(frozen=True)
class Benchmark:
    source: str
    table_code: str
    geo: str
    year: int
    size_class: str
    nace_scope: str
    share: float
    definition: str
    retrieved: dt.date

    def key(self) -> tuple:
        return (self.source, self.table_code, self.geo, self.year, self.size_class)


def _check(b: Benchmark, where: str) -> Benchmark:
    if b.size_class not in SIZE_CLASSES:
        raise BenchmarkFileError(f"{where}: size_class {b.size_class!r} is not one of {', '.join(SIZE_CLASSES)}")
    if not 0.0 <= b.share <= 1.0:
        raise BenchmarkFileError(f"{where}: share {b.share} is not between 0 and 1")
    return b


def parse_figures(text: str, name: str = "official_benchmarks.csv") -> list[Benchmark]:
    """Rows of the shipped figures file (shares 0-1, retrieved as YYYY-MM-DD)."""
    out = []
    for i, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        where = f"{name}, line {i}"
        try:
            b = Benchmark(
                row["source"],
                row["table_code"],
                row["geo"],
                int(row["year"]),
                row["size_class"],
                row.get("nace_scope") or "",
                float(row["share"]),
                row.get("definition") or "",
                dt.date.fromisoformat(row["retrieved"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise BenchmarkFileError(f"{where}: {exc}") from None
        out.append(_check(b, where))
    return out


def shipped_figures() -> list[Benchmark]:
    text = resources.files("lake").joinpath("reference/official_benchmarks.csv").read_text(encoding="utf-8")
    return parse_figures(text)


def _number(text: str) -> float | None:
    """A Eurostat value: '13.5', '13.5 e' (flag after a blank) or ':' (not available)."""
    value = text.strip().split(" ")[0].strip()
    if value in ("", ":"):
        return None
    return float(value)


def parse_eurostat(text: str, retrieved: dt.date, name: str = EUROSTAT_DATASET) -> list[Benchmark]:
    """The AI-use figures of an `isoc_eb_ai` download, SDMX-CSV or TSV (format told by its header).

    Kept: indicator E_AI_TANY in % of enterprises for DE and EU27_2020, size classes 10+ / 10-49 /
    50-249 / 250+, all activities without the financial sector (C10-S951_X_K). Other rows of a
    full-dataset download are left out.
    """
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    rows = _sdmx_csv(text, name) if "OBS_VALUE" in first else _tsv(text, name)
    out = []
    for dims, year, value in rows:
        if (
            dims.get("indic_is") != EUROSTAT_INDICATOR
            or dims.get("unit") != EUROSTAT_UNIT
            or dims.get("geo") not in EUROSTAT_GEOS
            or dims.get("size_emp") not in EUROSTAT_SIZES
            or dims.get("nace_r2", "C10-S951_X_K") != "C10-S951_X_K"
            or dims.get("freq", "A") != "A"
        ):
            continue
        if value is None:
            continue
        b = Benchmark(
            "Eurostat",
            EUROSTAT_DATASET,
            dims["geo"],
            year,
            EUROSTAT_SIZES[dims["size_emp"]],
            "C10-S951_X_K: all activities without financial sector",
            round(value / 100.0, 6),
            EUROSTAT_DEFINITION,
            retrieved,
        )
        out.append(_check(b, name))
    return out


def _sdmx_csv(text: str, name: str) -> Iterable[tuple[dict, int, float | None]]:
    reader = csv.DictReader(io.StringIO(text))
    for i, row in enumerate(reader, start=2):
        try:
            year = int(str(row["TIME_PERIOD"]).strip()[:4])
            value = _number(row.get("OBS_VALUE") or "")
        except (KeyError, ValueError) as exc:
            raise BenchmarkFileError(f"{name}, line {i}: not an SDMX-CSV observation ({exc})") from None
        yield {k.strip(): (v or "").strip() for k, v in row.items() if k}, year, value


def _tsv(text: str, name: str) -> Iterable[tuple[dict, int, float | None]]:
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or "\t" not in lines[0] or "\\" not in lines[0].split("\t")[0]:
        raise BenchmarkFileError(f"{name}: neither SDMX-CSV (OBS_VALUE column) nor Eurostat TSV (dim,...\\time header)")
    head = lines[0].split("\t")
    dim_names = head[0].split("\\")[0].split(",")
    try:
        years = [int(h.strip()[:4]) for h in head[1:]]
    except ValueError as exc:
        raise BenchmarkFileError(f"{name}, line 1: time columns are not years ({exc})") from None
    for i, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        codes = cells[0].split(",")
        if len(codes) != len(dim_names):
            raise BenchmarkFileError(f"{name}, line {i}: {len(codes)} dimension codes, header names {len(dim_names)}")
        dims = dict(zip(dim_names, (c.strip() for c in codes)))
        for year, cell in zip(years, cells[1:]):
            try:
                yield dims, year, _number(cell)
            except ValueError:
                raise BenchmarkFileError(f"{name}, line {i}: value {cell!r} is not a number") from None


def download_eurostat(url: str = EUROSTAT_URL, timeout: float = 60.0, today: dt.date | None = None) -> list[Benchmark]:
    """Fetch and parse an `isoc_eb_ai` download (SDMX-CSV or TSV; gzip-compressed TSV too)."""
    import gzip

    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (configured URL)
        body = response.read()
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    return parse_eurostat(body.decode("utf-8"), today or dt.date.today(), name=url)


def combine(shipped: list[Benchmark], downloaded: list[Benchmark]) -> list[Benchmark]:
    """Shipped figures, each replaced by a downloaded one of the same key; new keys added."""
    by_key = {b.key(): b for b in shipped}
    by_key.update({b.key(): b for b in downloaded})
    return sorted(by_key.values(), key=lambda b: b.key())


def benchmarks_frame(spark: SparkSession, rows: list[Benchmark]) -> DataFrame:
    return spark.createDataFrame([tuple(getattr(b, f.name) for f in SCHEMA.fields) for b in rows], SCHEMA)


def write_benchmarks(spark: SparkSession, config: LakeConfig, eurostat_url: str | None = None) -> dict:
    """Upsert the figures into `silver/official_benchmarks` (no new version when nothing changed).

    With ``eurostat_url`` the Eurostat rows come from that download as well (a failed download
    is an error naming the URL: the shipped figures stay as they are).
    """
    downloaded = download_eurostat(eurostat_url) if eurostat_url else []
    rows = combine(shipped_figures(), downloaded)
    df = benchmarks_frame(spark, rows)
    path = config.table_path(catalog.SILVER_OFFICIAL_BENCHMARKS)
    compared = [f.name for f in SCHEMA.fields if f.name != "retrieved"]
    if delta_io.exists(spark, path):
        have = {tuple(r) for r in delta_io.read(spark, path).select(*compared).collect()}
        if have == {tuple(getattr(b, c) for c in compared) for b in rows}:  # same figures: no new version
            return {"rows": len(rows), "downloaded": len(downloaded)}
    cols = [f.name for f in SCHEMA.fields if f.name not in KEY and f.name != "retrieved"]
    changed = " OR ".join(f"NOT (t.`{c}` <=> s.`{c}`)" for c in cols)
    delta_io.merge(spark, df, path, list(KEY), update_condition=changed)
    return {"rows": len(rows), "downloaded": len(downloaded)}
