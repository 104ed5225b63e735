"""Read one survey export into a DataFrame of raw text values with lineage (bronze shape).

Everything survey-export-v1 allows is detected per file by the CSV reader of record
(`csvfile.py`): UTF-8 (with or without BOM) or Windows-1252, `;` or `,` (or tab) delimiter, any
line endings, quoted fields with delimiters and line breaks, stray quotes, blank lines; `.xlsx`
goes through pandas (openpyxl), as Spark has no Excel reader. Only the file head and one streaming
pass over the bytes run in the driver; Spark parses the rows: line by line in parallel tasks
(`from_csv`), or as one stream when a quoted field spans lines.

`_source_row` is the 1-based number of the data record in the file: the header and blank lines
are not counted, a quoted field spanning several lines is still one record.
"""

from __future__ import annotations

import atexit
import functools
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import BooleanType, LongType, StringType, StructField, StructType
from pyspark.sql.window import Window

from transforms.survey import csvfile
from transforms.survey.csvfile import (
    CP1252_TO,
    LATIN1_FROM,
    CsvFormat,
    UnreadableExport,
    file_sha256,
    scan_bytes,
    sniff,
)
from transforms.survey.mapping import MappingError, SurveyMapping
from transforms.survey.schema import REQUIRED

__all__ = ["CsvFormat", "ExportFile", "UnreadableExport", "expand_paths", "inspect_export", "read_export"]

SURVEY_SUFFIXES = (".csv", ".xlsx")
_CORRUPT = "_corrupt_record"
_LINE = "_line"


@dataclass(frozen=True)
class ExportFile:
    """What the driver learnt about one file before Spark reads it."""

    path: Path
    kind: str  # "csv" | "xlsx"
    sha256: str
    size: int
    columns: tuple[str, ...]  # normalised header names in file order
    csv_format: CsvFormat | None = None
    decimal_comma: bool = False  # German locale file: '.' groups thousands, ',' is the decimal mark
    notes: tuple[str, ...] = field(default=())
    mapping: SurveyMapping | None = None  # survey-tool export read through a mapping (survey-mapping-v1)
    raw_header: tuple[str, ...] = field(default=())  # header names as written


def normalise_header(names: list[str]) -> list[str]:
    """Lower-case, BOM/space-stripped, Delta-safe (`[a-z0-9_]`) and unique column names."""
    out: list[str] = []
    for i, name in enumerate(names):
        n = (name or "").replace("\ufeff", "").strip().lower()
        n = re.sub(r"[^a-z0-9_]+", "_", n).strip("_") or f"column_{i + 1}"
        if n.startswith("_"):
            n = "x" + n
        base, k = n, 2
        while n in out:
            n, k = f"{base}_{k}", k + 1
        out.append(n)
    return out


def file_sha256_and_utf8(path: Path) -> tuple[str, int, bool]:
    """One streaming pass: SHA-256 of the bytes, size, and whether the bytes are valid UTF-8."""
    scan = scan_bytes(Path(path))
    return scan.sha256, scan.size, scan.utf8


def sniff_csv_format(path: Path, utf8: bool | None = None) -> CsvFormat:
    """Encoding, delimiter, line endings and quote behaviour (`csvfile.sniff`)."""
    return sniff(Path(path))[0]


def _check_required(path: Path, columns: list[str], mapping: SurveyMapping | None = None) -> None:
    if mapping is not None:
        try:
            mapping.check_header(path, columns)  # the mapping itself names every required column
        except MappingError as exc:
            raise UnreadableExport(path, f"survey mapping {exc.mapping} does not fit: {exc.problem}") from None
        return
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise UnreadableExport(
            path, f"header lacks required column(s) {', '.join(missing)}; found {', '.join(columns)}"
        )


def inspect_export(path: Path | str, mapping: SurveyMapping | None = None) -> ExportFile:
    """Detect format, encoding, delimiter and header of a file; raise `UnreadableExport` if hopeless.

    With a ``mapping`` the header is checked against the export columns it names instead of the
    contract's (a mismatch is a `MappingError`, an `UnreadableExport` naming mapping and file).
    """
    path = Path(path)
    if not path.is_file():
        raise UnreadableExport(path, "no such file")
    suffix = path.suffix.lower()
    if path.stat().st_size == 0:
        raise UnreadableExport(path, "file is empty")
    if suffix == ".xlsx":
        sha, size = file_sha256(path), path.stat().st_size
        if not zipfile.is_zipfile(path):
            raise UnreadableExport(path, "not an Excel .xlsx workbook (no zip container)")
        raw = _unmangle([str(c) for c in _read_xlsx(path, nrows=0).columns])
        columns = normalise_header(raw)
        _check_required(path, columns, mapping)
        return ExportFile(path, "xlsx", sha, size, tuple(columns), mapping=mapping, raw_header=tuple(raw))
    if suffix not in (".csv", ".txt"):
        raise UnreadableExport(path, f"unsupported file type {suffix!r}: expected .csv or .xlsx")
    fmt, scan = sniff(path)
    raw = csvfile.header(path, fmt)
    columns = normalise_header(raw)
    _check_required(path, columns, mapping)
    notes = (f"stray quote: {fmt.stray_quote}; file read line by line",) if fmt.stray_quote else ()
    return ExportFile(
        path,
        "csv",
        scan.sha256,
        scan.size,
        tuple(columns),
        fmt,
        decimal_comma=fmt.delimiter == ";",
        notes=notes,
        raw_header=tuple(raw),
        mapping=mapping,
    )


def _unmangle(names: list[str]) -> list[str]:
    """pandas renames a repeated header `ags` to `ags.1`: the names as written in the sheet."""
    out: list[str] = []
    for name in names:
        m = re.fullmatch(r"(.*)\.(\d+)", name)
        out.append(m.group(1) if m and m.group(1) in out else name)
    return out


def duplicated_columns(info: ExportFile) -> list[tuple[str, str]]:
    """(first, repeated) column names of a header that names a column twice (`ags;...;ags`)."""
    first: dict[str, str] = {}
    pairs = []
    for raw, name in zip(info.raw_header, info.columns):
        key = normalise_header([raw])[0]
        if key in first:
            pairs.append((first[key], name))
        else:
            first[key] = name
    return pairs


def _conflicts(df: DataFrame, info: ExportFile) -> DataFrame:
    """`_conflicts`: the columns given twice whose values differ in this row (null: none)."""
    names = [
        F.when(~F.coalesce(F.trim(F.col(a)), F.lit("")).eqNullSafe(F.coalesce(F.trim(F.col(b)), F.lit(""))), F.lit(a))
        for a, b in duplicated_columns(info)
    ]
    text = F.concat_ws(", ", *names) if names else F.lit("")
    return df.withColumn("_conflicts", F.when(text != "", text))


def _read_xlsx(path: Path, nrows: int | None = None):
    import pandas as pd

    try:
        return pd.read_excel(path, sheet_name=0, dtype=str, keep_default_na=False, nrows=nrows, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for broken workbooks
        raise UnreadableExport(path, f"cannot open the workbook: {type(exc).__name__}: {exc}") from exc


def _number_rows(df: DataFrame, one_partition: bool) -> DataFrame:
    """Add `_source_row` (1-based, file order) without Python per row.

    A multi-line CSV file is read as one partition (``one_partition``; said by the caller, as a
    Spark Connect client has no RDD to ask), where `monotonically_increasing_id` counts
    0, 1, 2 ... in file order; otherwise per-partition offsets are added (zipWithIndex in the JVM).
    """
    if one_partition:
        return df.withColumn("_source_row", (F.monotonically_increasing_id() + 1).cast("long"))
    df = df.withColumn("_mid", F.monotonically_increasing_id()).withColumn("_pid", F.spark_partition_id())
    counts = df.groupBy("_pid").agg(F.count(F.lit(1)).alias("_n"), F.min("_mid").alias("_first"))
    w = Window.orderBy("_pid").rowsBetween(Window.unboundedPreceding, -1)
    offsets = counts.withColumn("_offset", F.coalesce(F.sum("_n").over(w), F.lit(0)))
    return (
        df.join(F.broadcast(offsets.select("_pid", "_first", "_offset")), "_pid")
        .withColumn("_source_row", (F.col("_mid") - F.col("_first") + F.col("_offset") + 1).cast("long"))
        .drop("_mid", "_pid", "_first", "_offset")
    )


def _csv_options(fmt: CsvFormat) -> dict[str, str]:
    return {
        "sep": fmt.delimiter,
        "quote": '"',
        "escape": '"',
        "mode": "PERMISSIVE",
        "columnNameOfCorruptRecord": _CORRUPT,
        "ignoreLeadingWhiteSpace": "false",
        "ignoreTrailingWhiteSpace": "false",
    }


def _read_multiline(spark: SparkSession, source: str, info: ExportFile, schema: StructType) -> DataFrame:
    """A file with quoted fields across lines: Spark parses it as one stream (one task)."""
    fmt = info.csv_format
    assert fmt is not None
    return (
        spark.read.schema(schema)
        .options(**_csv_options(fmt))
        .option("header", "true")
        .option("enforceSchema", "true")
        .option("encoding", "UTF-8" if fmt.encoding == "UTF-8" else "ISO-8859-1")
        .option("multiLine", "true")
        .option("lineSep", "\n")  # staged copies of CR/CRLF files are normalised to LF (`stage_for_spark`)
        .csv(source)
    )


def _read_lines(spark: SparkSession, source: str, info: ExportFile, schema: StructType) -> DataFrame:
    """A file whose records are lines: Spark splits it into parallel tasks, then parses each line.

    Lines end at LF, CRLF or CR; blank lines are skipped; the header line is the first line. With
    untrusted quotes (`stray_quote`), a line with an odd number of quotes is malformed.
    """
    fmt = info.csv_format
    assert fmt is not None
    never = "\u0001"  # a raw line is one field: no delimiter, no quotes
    lines = (
        spark.read.schema(StructType([StructField(_LINE, StringType()), StructField(_CORRUPT, StringType())]))
        .option("header", "false")
        .option("sep", never)
        .option("quote", "\u0000")
        .option("escape", "\u0000")
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", _CORRUPT)
        .option("ignoreLeadingWhiteSpace", "false")
        .option("ignoreTrailingWhiteSpace", "false")
        .option("encoding", "UTF-8" if fmt.encoding == "UTF-8" else "ISO-8859-1")
        .csv(source)
        .select(F.coalesce(F.col(_CORRUPT), F.col(_LINE)).alias(_LINE))
    )
    numbered = _number_rows(lines, one_partition=False).where(F.col("_source_row") > 1)  # row 1 is the header line
    ddl = ", ".join(f"`{f.name}` STRING" for f in schema.fields)
    parsed = F.from_csv(F.col(_LINE), ddl, _csv_options(fmt)).alias("_r")
    df = numbered.select(parsed, F.col(_LINE), (F.col("_source_row") - 1).alias("_source_row"))
    odd_quotes = (F.length(F.col(_LINE)) - F.length(F.replace(F.col(_LINE), F.lit('"'), F.lit("")))) % 2 == 1
    corrupt = F.col(f"_r.{_CORRUPT}").isNotNull()
    if fmt.stray_quote:
        corrupt = corrupt | odd_quotes
    return df.select(*[F.col(f"_r.{c}").alias(c) for c in info.columns], corrupt.alias("_malformed"), "_source_row")


def read_csv_export(
    spark: SparkSession, path: Path | str, info: ExportFile | None = None, source: Path | str | None = None
) -> DataFrame:
    """All columns as text (normalised names), `_malformed`, `_source_row`, `_source_file`.

    ``source``: where Spark reads the bytes (a safe-named copy or link, `stage_for_spark`);
    `_source_file` is always the file's own path.
    """
    info = info or inspect_export(path)
    assert info.csv_format is not None
    fmt = info.csv_format
    source = str(source or stage_for_spark(info, _default_staging()))
    schema = StructType([StructField(c, StringType()) for c in info.columns] + [StructField(_CORRUPT, StringType())])
    if fmt.multiline:
        stream = _read_multiline(spark, source, info, schema)
        # multiLine: Spark reads the file as one partition (not splittable)
        raw = _number_rows(
            stream.withColumn("_malformed", F.col(_CORRUPT).isNotNull()).drop(_CORRUPT), one_partition=True
        )
    else:
        raw = _read_lines(spark, source, info, schema)
    cols = []
    for c in info.columns:
        col = F.col(c)
        if fmt.encoding != "UTF-8":
            col = F.translate(col, LATIN1_FROM, CP1252_TO)
        cols.append(col.alias(c))
    df = raw.select(*cols, "_malformed", "_source_row")
    return _conflicts(df, info).withColumn("_source_file", F.lit(str(info.path)))


_HADOOP_SAFE = re.compile(r"[A-Za-z0-9/._+\- ]+")


def spark_safe(path: Path) -> bool:
    """True when Spark can read ``path`` as it is: no glob characters (`[]{}*?`), no colon, no
    non-ASCII, and not hidden from Hadoop (a name starting with `_` or `.`)."""
    text = str(path.absolute())
    return bool(_HADOOP_SAFE.fullmatch(text)) and not path.name.startswith(("_", "."))


@functools.cache
def _default_staging() -> Path:
    """A staging folder for callers that read a file without one (library use): the process's own,
    removed at exit (the DataFrame is lazy, so the copy must outlive this call)."""
    folder = Path(tempfile.mkdtemp(prefix="lakehouse-staging-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


def stage_for_spark(info: ExportFile, staging: Path) -> Path:
    """Where Spark reads the file: itself, or a link/copy named by its SHA-256 in ``staging``.

    File names are data, never patterns: a name Spark would misread (brackets as a glob, a colon
    as a URI scheme, a leading `_` as hidden) is linked (copied across file systems) under a safe
    name. A multi-line file with CR or CRLF line ends is copied with LF line ends, so that Spark's
    one-stream parser sees one kind of line end (a CR inside a quoted field becomes LF).
    """
    fmt = info.csv_format
    target = staging / f"{info.sha256}{info.path.suffix.lower()}"
    if fmt is not None and fmt.multiline and fmt.line_endings != ("LF",):
        _copy_with_lf(info.path, target)
        return target
    if spark_safe(info.path):
        return info.path
    if not target.exists():
        try:
            os.link(info.path, target)
        except OSError:
            shutil.copyfile(info.path, target)
    return target


def _copy_with_lf(source: Path, target: Path) -> None:
    with source.open("rb") as src, target.open("wb") as dst:
        carry = b""
        for block in iter(lambda: src.read(csvfile.BLOCK), b""):
            data = carry + block
            carry = b"\r" if data.endswith(b"\r") else b""
            if carry:
                data = data[:-1]
            dst.write(data.replace(b"\r\n", b"\n").replace(b"\r", b"\n"))
        dst.write(carry.replace(b"\r", b"\n"))


def read_xlsx_export(spark: SparkSession, path: Path | str, info: ExportFile | None = None) -> DataFrame:
    """First sheet of a workbook, every cell as text; fully blank rows are skipped like blank lines."""
    info = info or inspect_export(path)
    pdf = _read_xlsx(info.path)
    pdf.columns = list(info.columns)
    pdf = pdf.astype(str)
    blank = (pdf.apply(lambda s: s.str.strip()) == "").all(axis=1)
    pdf = pdf[~blank].reset_index(drop=True)
    pdf["_malformed"] = False
    pdf["_source_row"] = range(1, len(pdf) + 1)
    schema = StructType(
        [StructField(c, StringType()) for c in info.columns]
        + [StructField("_malformed", BooleanType()), StructField("_source_row", LongType())]
    )
    df = spark.createDataFrame(pdf, schema=schema) if len(pdf) else spark.createDataFrame([], schema)
    return _conflicts(df, info).withColumn("_source_file", F.lit(str(info.path)))


def read_export(
    spark: SparkSession, path: Path | str, info: ExportFile | None = None, source: Path | str | None = None
) -> DataFrame:
    """Read a CSV or XLSX export (format detected by `inspect_export`), renamed by its mapping if any.

    ``source``: where Spark reads a CSV's bytes (see `read_csv_export`).
    """
    info = info or inspect_export(path)
    if info.kind == "xlsx":
        df = read_xlsx_export(spark, info.path, info)
    else:
        df = read_csv_export(spark, info.path, info, source)
    return info.mapping.rename(df, info.columns) if info.mapping is not None else df


def expand_paths(paths: list[str | Path] | tuple[str | Path, ...]) -> list[Path]:
    """Files as given, folders expanded to their survey files (sorted, so runs are repeatable)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in SURVEY_SUFFIXES)
        else:
            out.append(p)
    return out
