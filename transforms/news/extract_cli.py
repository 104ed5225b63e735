"""`lakehouse news extract --in articles.jsonl --out extracted.jsonl` (news-extract-v1).

One output line per input line, in input order, with exactly the contract's fields. A line that
is not a JSON object with a `text` gets an output line with `"error"` (and null fields) so the
line numbers still match and the batch goes on.
"""

from __future__ import annotations

import json
from pathlib import Path

from transforms.news.extract import FIELDS, extract_article


def extract_line(line: str) -> dict:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return {**{f: None for f in FIELDS}, "error": f"malformed JSON: {exc.msg}"}
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return {
            **{f: None for f in FIELDS},
            "id": obj.get("id") if isinstance(obj, dict) else None,
            "error": "line has no 'text'",
        }

    def s(key):
        v = obj.get(key)
        return str(v) if v not in (None, "") else None

    return extract_article(obj["text"], id=s("id"), title=s("title"), published=s("published"), language=s("language"))


def extract_jsonl(in_path: str | Path, out_path: str | Path) -> dict:
    """Extract every line of `in_path` into `out_path`; returns counts (lines, errors)."""
    lines = errors = 0
    with open(in_path, encoding="utf-8-sig") as src, open(out_path, "w", encoding="utf-8") as dst:
        for line in src:
            if not line.strip():
                continue
            result = extract_line(line)
            errors += "error" in result
            lines += 1
            dst.write(json.dumps(result, ensure_ascii=False) + "\n")
    return {"lines": lines, "errors": errors}
