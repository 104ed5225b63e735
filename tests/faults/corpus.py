"""The bad-input manifest as Python values, and where each case's file is."""

from __future__ import annotations

import json
from pathlib import Path

from tests.faults.build_corpus import CORPUS, build_generated

MANIFEST = CORPUS / "manifest.json"


def cases(pipeline: str | None = None, *, files_only: bool = False) -> list[dict]:
    """Manifest entries, optionally of one pipeline (``survey`` / ``news``) and with a file only."""
    out = json.loads(MANIFEST.read_text(encoding="utf-8"))["cases"]
    if pipeline:
        out = [c for c in out if c["pipeline"] == pipeline]
    if files_only:
        out = [c for c in out if "file" in c]
    return out


def case_id(case: dict) -> str:
    return case.get("file") or f"url:{case['url']}"


def materialise(target: Path) -> Path:
    """Copy the committed corpus into ``target`` and add the generated workbooks; returns ``target``."""
    for case in cases(files_only=True):
        dest = target / case["file"]
        dest.parent.mkdir(parents=True, exist_ok=True)
        if not case.get("generated"):
            dest.write_bytes((CORPUS / case["file"]).read_bytes())
    build_generated(target)
    return target
