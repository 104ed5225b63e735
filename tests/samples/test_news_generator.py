"""The seeded news generator: deterministic, realistic length, and its articles extract right."""

from __future__ import annotations

from samples.news_generator import generate, write_jsonl
from transforms.news.extract import extract_article
from transforms.news.orgs import canonical_key


def test_same_seed_same_articles(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert write_jsonl(a, 50, seed=3) == 50
    write_jsonl(b, 50, seed=3)
    assert a.read_bytes() == b.read_bytes()
    assert list(generate(5, seed=4)) != list(generate(5, seed=3))


def test_generated_articles_are_realistic_and_extractable():
    arts = list(generate(200, seed=11))
    lengths = sorted(len(a["text"]) for a in arts)
    assert 1500 <= lengths[len(lengths) // 2] <= 3500  # like the real press texts (2.4-3.2 kB)
    assert {a["expected"]["language"] for a in arts} == {"de", "en"}
    for a in arts:
        got = extract_article(a["text"], id=a["id"], title=a["title"], published=a["published"])
        exp = a["expected"]
        assert got["language"] == exp["language"]
        assert exp["land"] in got["states"], (a["title"], got["states"])
        assert got["funding_eur"] == exp["funding_eur"], (a["title"], got["funding_eur"])
        assert got["event_date"] == exp["event_date"]
        assert canonical_key(exp["organization"]) in {canonical_key(o) for o in got["organizations"]}
