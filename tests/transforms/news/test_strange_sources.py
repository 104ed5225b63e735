"""Every news source is a reject or an article, however deep, large or strange; only http(s) links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transforms.news.load import load_sources, web_url

GOOD = "Sachsen fördert KI-Projekte in Dresden mit 2 Millionen Euro.\nDas Ministerium gab die Förderung bekannt."
DEPTH = 10_000


def _strange_files(folder: Path) -> dict[str, str]:
    """name -> what it must become: 'reject' or 'article' (either is fine: 'any')."""
    folder.mkdir(parents=True, exist_ok=True)
    cases = {
        "deep_list.json": ("[" * DEPTH + "]" * DEPTH, "reject"),
        "deep_object.json": ('{"a":' * DEPTH + "1" + "}" * DEPTH, "reject"),
        "deep_in_article.json": (
            json.dumps({"text": GOOD})[:-1] + ', "extra": ' + "[" * DEPTH + "]" * DEPTH + "}",
            "reject",
        ),
        "deep_feed.xml": (
            "<?xml version='1.0'?><rss><channel><item><title>T</title><description>"
            + "&lt;div&gt;" * DEPTH
            + "KI in Leipzig"
            + "&lt;/div&gt;" * DEPTH
            + "</description></item></channel></rss>",
            "any",
        ),
        "deep_xml_elements.xml": (
            "<rss><channel><item><title>Tief</title>" + "<x>" * DEPTH + "</x>" * DEPTH + "</item></channel></rss>",
            "any",
        ),
        "deep.html": ("<html><body>" + "<div>" * DEPTH + "KI in Jena" + "</div>" * DEPTH + "</body></html>", "any"),
        "text_is_number.json": (json.dumps({"text": 42}), "reject"),
        "text_is_object.json": (json.dumps([{"text": {"nested": GOOD}}]), "reject"),
        "huge_line.json": (json.dumps({"text": GOOD + " " + "KI " * 300_000}), "article"),
        "nul_in_middle.txt": (GOOD + "\x00" * 5 + GOOD, "any"),
        "good.txt": (GOOD, "article"),
    }
    for name, (content, _) in cases.items():
        (folder / name).write_text(content, encoding="utf-8")
    lines = [
        json.dumps({"text": GOOD + " Zeile 1", "url": "https://ok.example/1"}),
        "[" * DEPTH + "]" * DEPTH,
        json.dumps({"text": GOOD + " Zeile 3", "url": "javascript:alert(1)"}),
    ]
    (folder / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {name: expect for name, (_, expect) in cases.items()}


def test_strange_sources_are_rejects_or_articles_and_the_batch_goes_on(tmp_path: Path) -> None:
    expected = _strange_files(tmp_path / "news")
    result = load_sources([str(tmp_path / "news")])
    rejected = {Path(r.source_file).name for r in result.rejects}
    articles = {Path(a.source_file).name for a in result.articles}
    for name, expect in expected.items():
        assert name in rejected | articles, name  # nothing vanishes
        if expect == "reject":
            assert name in rejected and name not in articles, name
        if expect == "article":
            assert name in articles and name not in rejected, name
    deep = {r.reason for r in result.rejects if Path(r.source_file).name in ("deep_list.json", "deep_object.json")}
    assert deep and all("deep" in reason or "JSON" in reason for reason in deep), deep
    # the JSON lines file: the deep line is a reject of its row, the others are articles
    jsonl = [a for a in result.articles if a.source_file.endswith("mixed.jsonl")]
    assert sorted(a.source_row for a in jsonl) == [1, 3]
    assert [r.source_row for r in result.rejects if r.source_file.endswith("mixed.jsonl")] == [2]
    assert {a.url for a in jsonl} == {"https://ok.example/1", None}


@pytest.mark.parametrize(
    "url,kept",
    [
        ("https://www.medienservice.sachsen.de/medien/news/1", True),
        ("http://example.org/a?b=1", True),
        ("HTTPS://EXAMPLE.ORG/x", True),
        ("javascript:alert(document.cookie)", False),
        ("JaVaScRiPt:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", False),
        ("vbscript:msgbox(1)", False),
        ("file:///etc/passwd", False),
        ("mailto:x@example.org", False),
        ("//evil.example/x", False),
        ("/relative/path", False),
        ("https:///no-host", False),
        ("https://ex ample.org/", False),
        ("https://[::1", False),
        ("https://example.org/" + "a" * 5000, False),
        ("", False),
    ],
)
def test_only_http_links_are_kept(tmp_path: Path, url: str, kept: bool) -> None:
    assert (web_url(url) is not None) == kept
    folder = tmp_path / "n"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps({"text": GOOD, "url": url}), encoding="utf-8")
    (folder / "b.html").write_text(
        f'<html><head><link rel="canonical" href="{url}"></head>'
        f"<body><article><h1>KI</h1><p>{GOOD} HTML</p></article></body></html>",
        encoding="utf-8",
    )
    (folder / "c.rss").write_text(
        f"<rss><channel><item><title>KI Feed</title><link>{url}</link>"
        f"<description>{GOOD} Feed</description></item></channel></rss>",
        encoding="utf-8",
    )
    result = load_sources([str(folder)])
    assert len(result.articles) + len(result.duplicates) == 3, result.rejects
    for article in result.articles:
        assert article.url == (url.strip() if kept else None), (article.source_file, article.url)


def test_news_ingest_of_a_batch_with_a_deep_file_keeps_the_good_files(spark, tmp_path: Path) -> None:
    from lake import catalog, delta_io
    from lake.config import LakeConfig
    from transforms.news import jobs

    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "deep.json").write_text("[" * DEPTH + "]" * DEPTH, encoding="utf-8")
    (folder / "good.json").write_text(
        json.dumps(
            [
                {"id": "a1", "text": GOOD, "url": "javascript:alert(1)"},
                {"id": "a2", "text": GOOD.replace("Dresden", "Erfurt"), "url": "https://ok.example/2"},
            ]
        ),
        encoding="utf-8",
    )
    config = LakeConfig.from_env(str(tmp_path / "lake"))
    summary = jobs.ingest(spark, config, [str(folder)])
    assert summary.articles_read == 2 and summary.rejects == 1
    silver = {
        r["id"]: r["url"]
        for r in delta_io.read(spark, config.table_path(catalog.SILVER_NEWS_ARTICLES)).select("id", "url").collect()
    }
    assert silver == {"a1": None, "a2": "https://ok.example/2"}
    rejects = delta_io.read(spark, config.table_path(catalog.SILVER_NEWS_REJECTS)).collect()
    assert [Path(r["_source_file"]).name for r in rejects] == ["deep.json"]
