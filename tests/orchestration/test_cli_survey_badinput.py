"""`lakehouse survey ingest` in a subprocess on the bad input of issue 21: line endings, stray
quotes, names that are no Hadoop paths, personal data in malformed rows, an unreadable file, and
a first ingest whose rows are all rejected. No traceback; per file read = accepted + rejected."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.transforms.survey.lake_scan import find_clear_text

pytestmark = pytest.mark.slow

HEADER = "response_id;wave;submitted_at;ags;nace_section;employees;uses_ai;weight;contact_email;comment"


def _row(rid: str, email: str = "", comment: str = "ok", weight: str = "1") -> str:
    return f"{rid};2025-Q3;2025-08-14;14612;C;12;ja;{weight};{email};{comment}"


def _cli(args: list[str], tmp_path: Path, lake: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("lakehouse")
    env = {
        **os.environ,
        "LAKEHOUSE_ROOT": str(tmp_path / lake),
        "DAGSTER_HOME": str(tmp_path / f"dagster_{lake}"),
        "LAKEHOUSE_PII_SALT": "cli-badinput-salt",
    }
    return subprocess.run([str(exe), *args], env=env, capture_output=True, text=True, timeout=1500)


def _per_file(stdout: str) -> dict[str, tuple[int, int, int]]:
    return {
        m[0]: (int(m[1]), int(m[2]), int(m[3]))
        for m in re.findall(r"^  (.+?): read (\d+), accepted (\d+), rejected (\d+)", stdout, re.M)
    }


def test_cli_batch_of_bad_files_and_an_all_rejected_first_ingest(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    files = {
        "cr_only.csv": ("\r".join([HEADER, _row("c1"), _row("c2")]) + "\r", (2, 2, 0)),
        "mixed.csv": ("\r\n".join([HEADER, _row("m1")]) + "\n" + _row("m2") + "\r\n", (2, 2, 0)),
        "survey_2025-08-14T09:30:00.csv": ("\n".join([HEADER, _row("t1")]) + "\n", (1, 1, 0)),
        "wave [Q3].csv": ("\n".join([HEADER, _row("q1"), _row("q2")]) + "\n", (2, 2, 0)),
        "wave Q.csv": ("\n".join([HEADER, _row("w1")]) + "\n", (1, 1, 0)),
        "pii.csv": (
            "\n".join(
                [
                    HEADER,
                    _row("p1"),
                    _row("p2", email="shifted@kunde-sachsen.de", comment="Herr Fröhlich; bitte anrufen"),  # extra field
                    'p3;2025-Q3;2025-08-14;"14612;C;12;ja;1;quote@kunde-sachsen.de;Frau Wunderlich',  # stray quote
                    "p4;2025-Q3;2025-08-14;14612;C;12;ja;missing@kunde-sachsen.de;Kommentar Grünberg",  # field missing
                ]
            )
            + "\n",
            (4, 1, 3),
        ),
        "absurd.csv": ("\n".join([HEADER, _row("a1", weight="9" * 310), _row("a2")]) + "\n", (2, 1, 1)),
    }
    for name, (text, _) in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "utf16.csv").write_bytes((HEADER + "\n" + _row("u1") + "\n").encode("utf-16"))

    run = _cli(["survey", "ingest", str(folder)], tmp_path, "lake")
    console = run.stdout + run.stderr
    assert "Traceback" not in console, console[-4000:]
    assert run.returncode != 0 and "utf16.csv" in run.stderr and "UTF-16" in run.stderr
    got = _per_file(run.stdout)
    assert got == {name: counts for name, (_, counts) in files.items()}, run.stdout[-3000:]
    assert all(r == a + j for r, a, j in got.values())
    secrets = ["@kunde-sachsen.de", "Fröhlich", "Wunderlich", "Grünberg"]
    assert find_clear_text(tmp_path / "lake", secrets) == []

    # a first ingest into an empty lake whose every row is rejected: no silver table yet, no traceback
    bad = tmp_path / "all_bad.csv"
    bad.write_text("\n".join([HEADER, _row("b1", weight="0"), _row("b2", weight="abc")]) + "\n", encoding="utf-8")
    run = _cli(["survey", "ingest", str(bad)], tmp_path, "empty_lake")
    console = run.stdout + run.stderr
    assert "Traceback" not in console, console[-4000:]
    assert run.returncode == 0, console[-3000:]
    assert _per_file(run.stdout) == {"all_bad.csv": (2, 0, 2)}
