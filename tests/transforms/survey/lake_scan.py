"""Scan every file under a lake root for clear-text strings (parquet values and raw bytes)."""

from __future__ import annotations

from pathlib import Path


def _parquet_text(path: Path) -> str:
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    return repr(table.to_pylist())


def find_clear_text(root: Path, needles: list[str]) -> list[tuple[str, str]]:
    """(file, needle) for every needle found in any file under ``root``.

    Parquet files (data files and Delta checkpoints) are read with pyarrow, every value of every
    column; every file (JSON commits, CRC, logs, parquet too) is also searched as raw bytes,
    case-insensitively.
    """
    hits: list[tuple[str, str]] = []
    lowered = [(n, n.lower().encode("utf-8")) for n in needles]
    for f in sorted(p for p in Path(root).rglob("*") if p.is_file()):
        raw = f.read_bytes().lower()
        text = _parquet_text(f).lower() if f.suffix == ".parquet" else ""
        for needle, low in lowered:
            if low in raw or needle.lower() in text:
                hits.append((str(f.relative_to(root)), needle))
    return hits


def files_scanned(root: Path) -> dict[str, int]:
    """How many files of each kind lie under ``root`` (so a test can show that it scanned some)."""
    kinds: dict[str, int] = {}
    for f in Path(root).rglob("*"):
        if f.is_file():
            kinds[f.suffix or f.name] = kinds.get(f.suffix or f.name, 0) + 1
    return kinds
