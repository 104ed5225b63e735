"""Read one survey export into a DataFrame of raw text values with lineage (bronze shape).

Thin first version (walking skeleton): UTF-8 / Windows-1252 and `;` / `,` are sniffed from the
first bytes; Spark's CSV reader does the parsing so large files never pass through the driver.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import LongType, StringType, StructField, StructType


class UnreadableExport(ValueError):
    """The file cannot be read as a survey export at all; the message names file and reason."""


@dataclass(frozen=True)
class CsvFormat:
    encoding: str
    delimiter: str


def sniff_csv_format(path: Path, sample_bytes: int = 64 * 1024) -> CsvFormat:
    """Guess encoding (UTF-8, else Windows-1252) and delimiter (`;` or `,`) from the file head."""
    head = path.read_bytes()[:sample_bytes]
    if not head.strip():
        raise UnreadableExport(f"{path}: file is empty")
    try:
        text = head.decode("utf-8-sig")
        encoding = "UTF-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a multi-byte character cut by the sample boundary
            text, encoding = head[: exc.start].decode("utf-8-sig"), "UTF-8"
        else:
            text, encoding = head.decode("cp1252", errors="replace"), "windows-1252"
    header = text.splitlines()[0] if text.splitlines() else ""
    try:
        delimiter = csv.Sniffer().sniff(header, delimiters=";,").delimiter
    except csv.Error:
        delimiter = ";" if header.count(";") >= header.count(",") else ","
    return CsvFormat(encoding=encoding, delimiter=delimiter)


def read_csv_export(spark: SparkSession, path: Path) -> DataFrame:
    """All columns as text, header names lower-cased, plus `_source_file` and `_source_row`."""
    fmt = sniff_csv_format(path)
    raw = (
        spark.read.option("header", "true")
        .option("sep", fmt.delimiter)
        .option("encoding", fmt.encoding)
        .option("multiLine", "true")
        .option("quote", '"')
        .option("escape", '"')
        .option("inferSchema", "false")
        .csv(str(path))
    )
    columns = [c.strip().lstrip("\ufeff").lower() for c in raw.columns]
    raw = raw.toDF(*columns)
    # Row numbers in file order: zipWithIndex keeps the reader's partition order.
    schema = StructType(raw.schema.fields + [StructField("_source_row", LongType(), False)])
    numbered = raw.rdd.zipWithIndex().map(lambda pair: (*pair[0], pair[1] + 1)).toDF(schema)
    return numbered.withColumn("_source_file", F.lit(str(path)).cast(StringType()))
