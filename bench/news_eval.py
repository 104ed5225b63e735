"""Score the news extractor against the labelled set: precision, recall and F1 per field.

    .venv/bin/python bench/news_eval.py [--split holdout|tune|all] [--labelled eval/news/labelled.jsonl]
        [--errors] [--markdown]

List fields are scored as sets per article (micro-averaged); organisations are compared through
the gazetteer (an acronym and the long name are the same organisation) and otherwise by their
words with German case endings folded. Scalar fields (language, funding_eur, event_date) count a
true positive when prediction and label agree (amounts within 1 %), a false positive for a wrong
or spurious prediction, and a false negative for a missed or wrong label.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from transforms.news.extract import extract_article
from transforms.news.orgs import canonical_key

LIST_FIELDS = ("states", "cities", "organizations", "topics")
SCALAR_FIELDS = ("language", "funding_eur", "event_date")
EVAL = Path(__file__).resolve().parents[1] / "eval" / "news"
DEFAULT = EVAL / "labelled.jsonl"
CORPUS = EVAL / "corpus.jsonl"
SEED_IDS = (
    "000_10ceabf4babd5edd",
    "001_159c2ff2ba2f52c6",
    "002_da8f63f055e07bcb",
    "003_54033048fd7c0509",
    "004_584778919d2c2b23",
)


def _org_match(pred: str, gold: str) -> bool:
    a, b = canonical_key(pred), canonical_key(gold)
    if a == b:
        return True
    if a.startswith("gaz:") or b.startswith("gaz:"):
        return False
    short, long_ = sorted((a, b), key=len)
    return short in long_ and len(short) >= 0.6 * len(long_)


def _score_list(field: str, pred: list, gold: list) -> tuple[int, int, int]:
    if field != "organizations":
        p, g = set(pred), set(gold)
        return len(p & g), len(p - g), len(g - p)

    # collapse spellings of the same organisation first, then match greedily
    def collapse(items):
        groups: list[str] = []
        for it in items:
            if not any(_org_match(it, g) for g in groups):
                groups.append(it)
        return groups

    p, g = collapse(pred), collapse(gold)
    unmatched = list(g)
    tp = 0
    for item in p:
        hit = next((x for x in unmatched if _org_match(item, x)), None)
        if hit is not None:
            unmatched.remove(hit)
            tp += 1
    return tp, len(p) - tp, len(unmatched)


def _score_scalar(field: str, pred, gold) -> tuple[int, int, int]:
    if field == "funding_eur" and pred is not None and gold is not None:
        same = abs(float(pred) - float(gold)) <= 0.01 * float(gold)
    else:
        same = pred == gold
    if same:
        return (1 if gold is not None else 0), 0, 0
    return (1 if pred is not None else 0), 0, (1 if gold is not None else 0)


def score(rows: list[dict]) -> tuple[dict, list]:
    counts = {f: [0, 0, 0] for f in (*SCALAR_FIELDS, *LIST_FIELDS)}
    errors = []
    for row in rows:
        got = extract_article(row["text"], id=row.get("id"), title=row.get("title"), published=row.get("published"))
        for field in counts:
            gold = row["labels"][field]
            fn = _score_list if field in LIST_FIELDS else _score_scalar
            tp, fp, fneg = fn(field, got[field], gold)
            if field in SCALAR_FIELDS and not (fp == 0 and fneg == 0):
                fp, fneg = (1 if got[field] is not None else 0), (1 if gold is not None else 0)
                tp = 0
            c = counts[field]
            c[0] += tp
            c[1] += fp
            c[2] += fneg
            if fp or fneg:
                errors.append((row["id"], field, got[field], gold))
    result = {}
    for field, (tp, fp, fneg) in counts.items():
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fneg) if tp + fneg else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        result[field] = {"precision": p, "recall": r, "f1": f1, "tp": tp, "fp": fp, "fn": fneg}
    return result, errors


def load(path: Path, split: str) -> list[dict]:
    """Rows of one split: `tune` / `test` of the real corpus (eval/news/corpus.jsonl), `seed` (the
    five seed texts), or `holdout` / `legacy-tune` / `all` of the older written set (labelled.jsonl)."""
    if split in ("tune", "test") and path == DEFAULT:
        path = CORPUS
    if split == "seed":
        rows = [json.loads(line) for line in DEFAULT.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [r for r in rows if r["id"] in SEED_IDS]
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if split == "legacy-tune":
        return [r for r in rows if r["split"] == "tune"]
    return [r for r in rows if split == "all" or r["split"] == split]


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labelled", type=Path, default=DEFAULT)
    ap.add_argument("--split", choices=["test", "tune", "seed", "holdout", "legacy-tune", "all"], default="test")
    ap.add_argument("--errors", action="store_true", help="print every disagreement")
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = ap.parse_args(argv)
    rows = load(args.labelled, args.split)
    result, errors = score(rows)
    if args.markdown:
        print(f"| field ({args.split}, {len(rows)} articles) | precision | recall | F1 |")
        print("|---|---|---|---|")
        for field, r in result.items():
            print(f"| {field} | {r['precision']:.2f} | {r['recall']:.2f} | {r['f1']:.2f} |")
    else:
        print(f"split={args.split} articles={len(rows)}")
        print(f"{'field':<15}{'precision':>10}{'recall':>10}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}")
        for field, r in result.items():
            print(
                f"{field:<15}{r['precision']:>10.2f}{r['recall']:>10.2f}{r['f1']:>8.2f}{r['tp']:>6}{r['fp']:>6}{r['fn']:>6}"
            )
    if args.errors:
        for e in errors:
            print(*e, sep=" | ")
    return result


if __name__ == "__main__":
    main()
