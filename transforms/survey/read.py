"""Read one survey export into a DataFrame of raw text values with lineage (bronze shape).

Everything survey-export-v1 allows is detected here, per file: UTF-8 (with or without BOM) or
Windows-1252, `;` or `,` (or tab) delimiter, `.xlsx` (first sheet), case-insensitive headers,
extra columns, quoted fields with delimiters and line breaks, blank lines. Only the file head
and one streaming pass over the bytes (SHA-256 + UTF-8 validation) run in the driver; CSV
parsing is Spark's, so large files never pass through Python row by row. Only `.xlsx` goes
through pandas (openpyxl), as Spark has no Excel reader.

`_source_row` is the 1-based number of the data record in the file: the header and blank lines
are not counted, a quoted field spanning several lines is still one record.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import BooleanType, LongType, StringType, StructField, StructType
from pyspark.sql.window import Window

from transforms.survey.mapping import MappingError, SurveyMapping
from transforms.survey.schema import CONTRACT_COLUMNS, REQUIRED

SURVEY_SUFFIXES = (".csv", ".xlsx")
_CORRUPT = "_corrupt_record"
# Windows-1252 differs from ISO-8859-1 only in 0x80-0x9F: Spark reads ISO-8859-1 (the JVM charsets
# Spark 4 accepts by default do not include windows-1252) and these characters are mapped back.
_CP1252_BYTES = bytes(b for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D))
LATIN1_FROM = _CP1252_BYTES.decode("latin-1")
CP1252_TO = _CP1252_BYTES.decode("cp1252")


class UnreadableExport(ValueError):
    """The file cannot be read as a survey export at all; the message names file and reason."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True)
class CsvFormat:
    encoding: str  # "UTF-8" or "windows-1252"
    delimiter: str
    bom: bool = False


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
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, size = True, 0
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            digest.update(block)
            size += len(block)
            if utf8:
                try:
                    decoder.decode(block)
                except UnicodeDecodeError:
                    utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    return digest.hexdigest(), size, utf8


def sniff_csv_format(path: Path, sample_bytes: int = 64 * 1024, utf8: bool | None = None) -> CsvFormat:
    """Encoding (UTF-8 unless the bytes are not UTF-8, then Windows-1252) and delimiter."""
    with path.open("rb") as fh:
        head = fh.read(sample_bytes)
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise UnreadableExport(path, "file is empty")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableExport(path, "UTF-16 text; the survey contract allows UTF-8 or Windows-1252")
    if b"\x00" in head:
        raise UnreadableExport(path, "binary content, not a CSV text file (an Excel file with a .csv name?)")
    if utf8 is None:
        utf8 = file_sha256_and_utf8(path)[2]
    bom = head.startswith(b"\xef\xbb\xbf")
    text = head.decode("utf-8-sig", errors="ignore") if utf8 else head.decode("cp1252", errors="replace")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    header = lines[0] if lines else ""
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    delimiter = max(counts, key=lambda d: counts[d])
    if counts[delimiter] == 0:
        raise UnreadableExport(path, "no delimiter (';', ',' or tab) in the first line: not a survey CSV")
    return CsvFormat(encoding="UTF-8" if utf8 else "windows-1252", delimiter=delimiter, bom=bom)


def _header_of(path: Path, fmt: CsvFormat) -> list[str]:
    enc = "utf-8-sig" if fmt.encoding == "UTF-8" else "cp1252"
    with path.open("r", encoding=enc, errors="replace", newline="") as fh:
        for record in csv.reader(fh, delimiter=fmt.delimiter):
            if any(v.strip() for v in record):
                return record
    raise UnreadableExport(path, "file has no header row")


def _check_required(path: Path, columns: list[str], mapping: SurveyMapping | None = None) -> None:
    if mapping is not None:
        try:
            mapping.check_header(path, columns)  # the mapping itself names every required column
        except MappingError as exc:
            raise UnreadableExport(path, f"survey mapping {exc.mapping} does not fit: {exc.problem}") from None
        return
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise UnreadableExport(path, f"header lacks required column(s) {', '.join(missing)}; found {', '.join(columns)}")


def inspect_export(path: Path | str, mapping: SurveyMapping | None = None) -> ExportFile:
    """Detect format, encoding, delimiter and header of a file; raise `UnreadableExport` if hopeless.

    With a ``mapping`` the header is checked against the export columns it names instead of the
    contract's (a mismatch is a `MappingError`, an `UnreadableExport` naming mapping and file).
    """
    path = Path(path)
    if not path.is_file():
        raise UnreadableExport(path, "no such file")
    suffix = path.suffix.lower()
    sha, size, utf8 = file_sha256_and_utf8(path)
    if size == 0:
        raise UnreadableExport(path, "file is empty")
    if suffix == ".xlsx":
        if not zipfile.is_zipfile(path):
            raise UnreadableExport(path, "not an Excel .xlsx workbook (no zip container)")
        pdf = _read_xlsx(path, nrows=0)
        columns = normalise_header([str(c) for c in pdf.columns])
        _check_required(path, columns, mapping)
        return ExportFile(path, "xlsx", sha, size, tuple(columns), mapping=mapping)
    if suffix not in (".csv", ".txt"):
        raise UnreadableExport(path, f"unsupported file type {suffix!r}: expected .csv or .xlsx")
    fmt = sniff_csv_format(path, utf8=utf8)
    columns = normalise_header(_header_of(path, fmt))
    _check_required(path, columns, mapping)
    return ExportFile(path, "csv", sha, size, tuple(columns), fmt, decimal_comma=fmt.delimiter == ";", mapping=mapping)


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


def read_csv_export(spark: SparkSession, path: Path | str, info: ExportFile | None = None) -> DataFrame:
    """All columns as text (normalised names), `_malformed`, `_source_row`, `_source_file`."""
    info = info or inspect_export(path)
    assert info.csv_format is not None
    fmt = info.csv_format
    schema = StructType([StructField(c, StringType()) for c in info.columns] + [StructField(_CORRUPT, StringType())])
    raw = (
        spark.read.schema(schema)
        .option("header", "true")
        .option("enforceSchema", "true")
        .option("sep", fmt.delimiter)
        .option("encoding", "UTF-8" if fmt.encoding == "UTF-8" else "ISO-8859-1")
        .option("multiLine", "true")
        .option("quote", '"')
        .option("escape", '"')
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", _CORRUPT)
        .option("ignoreLeadingWhiteSpace", "false")
        .option("ignoreTrailingWhiteSpace", "false")
        .csv(str(info.path))
    )
    cols = []
    for c in info.columns:
        col = F.col(c)
        if fmt.encoding != "UTF-8":
            col = F.translate(col, LATIN1_FROM, CP1252_TO)
        cols.append(col.alias(c))
    df = raw.select(*cols, F.col(_CORRUPT).isNotNull().alias("_malformed"))
    # multiLine: Spark reads the file as one partition (not splittable)
    return _number_rows(df, one_partition=True).withColumn("_source_file", F.lit(str(info.path)))


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
    return df.withColumn("_source_file", F.lit(str(info.path)))


def read_export(spark: SparkSession, path: Path | str, info: ExportFile | None = None) -> DataFrame:
    """Read a CSV or XLSX export (format detected by `inspect_export`), renamed by its mapping if any."""
    info = info or inspect_export(path)
    df = read_xlsx_export(spark, info.path, info) if info.kind == "xlsx" else read_csv_export(spark, info.path, info)
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
