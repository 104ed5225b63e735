"""Build eval/news/corpus.jsonl from the real articles in eval/news/corpus/*.txt.

Each file: header lines `url:`, `retrieved:`, optional `published:`, `labels:` (JSON, the fields
of news-extract-v1 labelled by the conventions in docs/news-pipeline.md), a `---` line, then the
text as retrieved (excerpt as stored by the public page corpus, boilerplate included).

The split is fixed by a hash of the URL (one in three to `test`), so that adding articles never
moves an existing one between splits. Never tune on `test`.

Run: python eval/news/corpus.py
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

HERE = Path(__file__).parent
SOURCE = HERE / "corpus"
OUT = HERE / "corpus.jsonl"


def split_of(url: str) -> str:
    return "test" if int(hashlib.sha1(url.encode("utf-8")).hexdigest(), 16) % 3 == 0 else "tune"


def parse(path: Path) -> dict:
    raw = path.read_text(encoding="utf-8")
    head, _, text = raw.partition("\n---\n")
    meta: dict[str, str] = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    labels = json.loads(meta["labels"])
    row = {
        "id": path.stem,
        "split": split_of(meta["url"]),
        "url": meta["url"],
        "retrieved": meta["retrieved"],
        "text": text.rstrip("\n"),
        "labels": labels,
    }
    if meta.get("published"):
        row["published"] = meta["published"]
    return row


def rows() -> list[dict]:
    return [parse(p) for p in sorted(SOURCE.glob("*.txt"))]


if __name__ == "__main__":
    items = rows()
    with OUT.open("w", encoding="utf-8") as fh:
        for row in items:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    n_test = sum(r["split"] == "test" for r in items)
    print(f"wrote {OUT}: {len(items)} articles, {n_test} test, {len(items) - n_test} tune")
