"""The CSV reader of record (transforms/survey/csvfile.py) and the partition planner that uses it:
every line ending, huge and unterminated quoted fields, stray quotes (no Spark here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.partitions import WaveScanError, survey_file_waves
from transforms.survey import csvfile

HEADER = "response_id;wave;submitted_at;ags;nace_section;employees;uses_ai;comment"
ROWS = [
    "r1;2025-Q1;2025-02-01;14612;C;12;ja;eins",
    "r2;2025-Q2;2025-05-01;14612;C;12;ja;zwei",
    "r3;2025-Q3;2025-08-01;14612;C;12;ja;drei",
]
ENDINGS = {
    "lf": ["\n"] * 4,
    "crlf": ["\r\n"] * 4,
    "cr": ["\r"] * 4,
    "mixed_crlf_lf": ["\r\n", "\n", "\r\n", "\n"],
    "mixed_all": ["\n", "\r", "\r\n", "\r"],
}


def _write(path: Path, lines: list[str], ends: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes("".join(line + end for line, end in zip(lines, ends)).encode(encoding))
    return path


@pytest.mark.parametrize("kind", sorted(ENDINGS))
def test_every_line_ending_gives_the_same_records_and_waves(tmp_path: Path, kind: str) -> None:
    path = _write(tmp_path / f"{kind}.csv", [HEADER, *ROWS], ENDINGS[kind])
    fmt, scan = csvfile.sniff(path)
    assert fmt.delimiter == ";" and not fmt.multiline and fmt.stray_quote is None
    assert set(fmt.line_endings) == {
        {"lf": "LF", "crlf": "CRLF", "cr": "CR"}.get(k, k)
        for k in (
            {
                "lf": ["LF"],
                "crlf": ["CRLF"],
                "cr": ["CR"],
                "mixed_crlf_lf": ["CRLF", "LF"],
                "mixed_all": ["LF", "CR", "CRLF"],
            }[kind]
        )
    }
    rows = [r for r, _ in csvfile.records(path, fmt)]
    assert rows == [line.split(";") for line in [HEADER, *ROWS]]
    assert survey_file_waves(path) == ["2025-Q1", "2025-Q2", "2025-Q3"]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_quoted_field_across_lines_is_one_record(tmp_path: Path, ending: str) -> None:
    lines = [HEADER, ROWS[0], 'r2;2025-Q2;2025-05-01;14612;C;12;ja;"erste Zeile', 'zweite; Zeile"', ROWS[2]]
    path = _write(tmp_path / "ml.csv", lines, [ending] * len(lines))
    fmt, _ = csvfile.sniff(path)
    assert fmt.multiline and fmt.stray_quote is None
    rows = [r for r, _ in csvfile.records(path, fmt)]
    assert len(rows) == 4 and rows[2][-1].replace("\r\n", "\n").replace("\r", "\n") == "erste Zeile\nzweite; Zeile"
    assert survey_file_waves(path) == ["2025-Q1", "2025-Q2", "2025-Q3"]


@pytest.mark.parametrize(
    "bad_line",
    [
        'r2;2025-Q2;2025-05-01;"14612;C;12;ja;zwei',  # quote opened early, never closed
        'r2;2025-Q2;2025-05-01;14612;C;12;ja;5" Bildschirm',  # a literal inch mark
    ],
)
def test_stray_quote_is_one_malformed_line_not_a_swallowed_file(tmp_path: Path, bad_line: str) -> None:
    path = _write(tmp_path / "stray.csv", [HEADER, ROWS[0], bad_line, ROWS[2]], ["\n"] * 4)
    fmt, _ = csvfile.sniff(path)
    assert not fmt.multiline and fmt.stray_quote
    got = list(csvfile.records(path, fmt))
    assert [m for _, m in got] == [False, False, True, False]
    assert got[3][0][0] == "r3"  # the row after the stray quote is still its own record
    assert survey_file_waves(path) == ["2025-Q1", "2025-Q3"]


def test_two_stray_quotes_that_would_swallow_records_are_not_a_field(tmp_path: Path) -> None:
    lines = [
        HEADER,
        'r1;2025-Q1;2025-02-01;14612;C;12;ja;er sagte "hallo',
        ROWS[1],
        'r3;2025-Q3;2025-08-01;14612;C;12;ja;"tschüss',
    ]
    path = _write(tmp_path / "two.csv", lines, ["\n"] * 4)
    fmt, _ = csvfile.sniff(path)
    assert fmt.stray_quote == "a quoted field would swallow whole records" and not fmt.multiline
    assert [m for _, m in csvfile.records(path, fmt)] == [False, True, False, True]


def test_50_mb_unterminated_quote_is_read_without_a_field_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    filler = ("x" * 99 + "\n") * (50 * 1024 * 1024 // 100)
    path.write_text("\n".join([HEADER, ROWS[0], 'r2;2025-Q2;2025-05-01;14612;C;12;ja;"' + filler]), encoding="utf-8")
    fmt, scan = csvfile.sniff(path)
    assert scan.size > 50 * 1024 * 1024 and scan.unterminated and fmt.stray_quote == "a quote is never closed"
    assert survey_file_waves(path) == ["2025-Q1"]
    # the same file as one stream (as a caller that trusts the quotes would read it): no field limit
    one_stream = csvfile.CsvFormat("UTF-8", ";", multiline=True)
    rows = [r for r, _ in csvfile.records(path, one_stream)]
    assert len(rows) == 3 and len(rows[2][-1]) > 50_000_000


def test_windows_1252_file_keeps_its_characters(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "cp.csv",
        [HEADER, "r1;2025-Q1;2025-02-01;14612;C;12;ja;Größe „gut“ – 5 €"],
        ["\r\n", "\r\n"],
        encoding="cp1252",
    )
    fmt, _ = csvfile.sniff(path)
    assert fmt.encoding == "windows-1252"
    assert [r for r, _ in csvfile.records(path, fmt)][1][-1] == "Größe „gut“ – 5 €"


def test_planner_errors_name_the_file(tmp_path: Path) -> None:
    empty = tmp_path / "leer.csv"
    empty.write_bytes(b"")
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes((HEADER + "\n").encode("utf-16"))
    for path in (empty, utf16):
        with pytest.raises(WaveScanError, match=path.name):
            survey_file_waves(path)


def test_sha256_is_one_function_for_ingester_and_sensor(tmp_path: Path) -> None:
    import hashlib

    from orchestration.sensors import file_sha256

    path = _write(tmp_path / "a.csv", [HEADER, ROWS[0]], ["\n", "\n"])
    expected = hashlib.sha256(path.read_bytes()).hexdigest()
    assert file_sha256(path) == csvfile.file_sha256(path) == csvfile.scan_bytes(path).sha256 == expected
