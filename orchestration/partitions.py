"""Partitions of the lake's assets: survey by wave (calendar quarter), news by landing day.

Survey waves are static quarter keys `YYYY-Qn` (the contract's wave format) from
`FIRST_WAVE_YEAR` up to the end of next year, so that partition ranges (`--partition-range
2024-Q1...2025-Q4`) are ordered like time and a backfill of a range is one run.

News partitions are days (UTC): the day a news file arrived in the landing folder (its
modification time). Both are cheap to derive from a file, which is what the landing sensor does.
"""

import datetime as dt
from pathlib import Path

import dagster as dg

from lake import waves

FIRST_WAVE_YEAR = waves.FIRST_WAVE_YEAR
NEWS_START_DATE = "2024-01-01"
quarter_keys = waves.year_keys


survey_waves = dg.StaticPartitionsDefinition(quarter_keys())
news_days = dg.DailyPartitionsDefinition(start_date=NEWS_START_DATE, end_offset=1)

# The partitioned assets declare a single-run backfill policy (a range of partitions is one run);
# Dagster marks that parameter as beta and warns on every such decorator. The modules defining
# those assets silence exactly this warning, by its message, before their decorators run.
BACKFILL_POLICY_BETA_WARNING = r"Parameter `backfill_policy` of function `asset` is currently in beta"

# Decorator arguments of the partitioned assets: survey tables by wave (calendar quarter), news
# tables by landing day; a backfill of a range of partitions is one run.
BY_WAVE = dict(partitions_def=survey_waves, backfill_policy=dg.BackfillPolicy.single_run())
BY_LANDING_DAY = dict(partitions_def=news_days, backfill_policy=dg.BackfillPolicy.single_run())


# The wave calendar lives in lake.waves; these names stay for the callers in orchestration.
wave_of = waves.of_date
previous_wave = waves.last_completed
normalise_wave = waves.normalise


class WaveScanError(ValueError):
    """A survey file whose waves cannot be read (not CSV/XLSX, no `wave` column, no valid wave)."""


def _csv_rows(path: Path):
    """Records of a CSV export through the ingester's own reader (`transforms.survey.csvfile`)."""
    from transforms.survey import csvfile

    try:
        fmt, _ = csvfile.sniff(path)
    except csvfile.UnreadableExport as exc:
        raise WaveScanError(f"{path.name}: {exc.reason}") from exc
    return (row for row, malformed in csvfile.records(path, fmt) if not malformed)


def _xlsx_rows(path: Path):
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zip/xml errors of a broken workbook
        raise WaveScanError(f"{path.name}: not a readable XLSX workbook ({exc})") from exc
    try:
        for row in book.worksheets[0].iter_rows(values_only=True):
            yield ["" if v is None else str(v) for v in row]
    finally:
        book.close()


def survey_file_waves(path: Path, mapping=None) -> list[str]:
    """The valid waves of a survey export, read without Spark by the ingester's CSV reader.

    Reads just the `wave` column (a survey-tool export: the column its mapping names, or the
    mapping's constant wave); rows with an invalid wave are left to the pipeline (they become
    reject rows), but a file without any valid wave cannot be assigned to a partition.
    """
    from transforms.survey.mapping import header_key

    path = Path(path)
    if mapping is not None and "wave" in mapping.constants:
        constant = normalise_wave(mapping.constants["wave"])
        if not constant:
            raise WaveScanError(
                f"{path.name}: mapping {mapping.name} sets the invalid wave {mapping.constants['wave']!r}"
            )
        return [constant]
    wave_column = mapping.columns.get("wave", "wave") if mapping is not None else "wave"
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        rows = _csv_rows(path)
    elif suffix == ".xlsx":
        rows = _xlsx_rows(path)
    else:
        raise WaveScanError(f"{path.name}: not a survey export (.csv or .xlsx)")
    waves: set[str] = set()
    column = None
    for row in rows:
        if column is None:
            header = [header_key(c) for c in row]
            if not any(header):
                continue
            if wave_column not in header:
                raise WaveScanError(f"{path.name}: no {wave_column!r} column in the header {row!r}")
            column = header.index(wave_column)
            continue
        if column < len(row):
            wave = normalise_wave(row[column])
            if wave:
                waves.add(wave)
    if not waves:
        raise WaveScanError(f"{path.name}: no row with a valid wave (YYYY-Qn)")
    return sorted(waves)


def file_day(path: Path) -> str:
    """The news partition of a landing file: the UTC day of its modification time."""
    return dt.datetime.fromtimestamp(Path(path).stat().st_mtime, tz=dt.UTC).strftime("%Y-%m-%d")
