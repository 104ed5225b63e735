"""Write eval/news/labelled.jsonl from holdout.py, tune.py and the five real texts in samples/news/.

Run: .venv/bin/python eval/news/build.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from holdout import HOLDOUT  # noqa: E402
from tune import REAL, TUNE  # noqa: E402

SAMPLES = HERE.parents[1] / "samples" / "news"


def rows():
    for stem, labels in REAL.items():
        text = (SAMPLES / f"{stem}.txt").read_text(encoding="utf-8")
        yield {"id": stem, "split": "tune", "source": f"samples/news/{stem}.txt", "text": text, "labels": labels}
    for item in TUNE:
        yield {"split": "tune", "source": "written", **item}
    for item in HOLDOUT:
        yield {"split": "holdout", "source": "written", **item}


if __name__ == "__main__":
    out = HERE / "labelled.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for row in rows():
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {out}")
