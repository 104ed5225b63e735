"""The news loader: file formats, encodings, feeds (also over HTTP), rejects and duplicates."""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path

import pytest

from transforms.news.load import load_sources, normalise_url

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>KI-News</title><link>https://example.org/</link><description>x</description>
<item><title>KI-Hub trifft sich in Chemnitz</title><link>https://example.org/a?utm_source=rss</link>
<pubDate>Thu, 24 Nov 2022 10:00:00 +0100</pubDate>
<description>&lt;p&gt;Am 24.11.2022 trafen sich die Partner des KI-Hubs Sachsen-Thüringen an der TU Chemnitz.&lt;/p&gt;</description></item>
<item><title>DFKI erhält Förderung</title><link>https://example.org/b</link>
<pubDate>Mon, 01 Jul 2024 09:00:00 +0000</pubDate>
<content:encoded><![CDATA[<p>Das DFKI in Kaiserslautern erhält 605.000 Euro.</p><script>alert(1)</script>]]></content:encoded></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>AI news</title><id>urn:x</id><updated>2024-01-01T00:00:00Z</updated>
<entry><title>AI Factory in Stuttgart</title><id>urn:1</id><link rel="alternate" href="https://example.com/ai-factory/"/>
<published>2024-12-10T08:00:00Z</published><summary>The HLRS in Stuttgart gets an AI Factory with 85 million euros.</summary></entry>
</feed>"""

HTML = """<!doctype html><html lang="de"><head><title>Seite</title>
<meta property="article:published_time" content="2024-05-30T10:00:00Z"><link rel="canonical" href="https://scads.ai/news/x"></head>
<body><nav>Startseite | Über uns | Kontakt</nav><div class="cookie-banner">Wir verwenden Cookies</div>
<article><h1>KI-Vernetzung in Dresden</h1><p>ScaDS.AI Dresden/Leipzig lud am 30.05.2024 nach Dresden ein.</p></article>
<script>var tracking = "Bayern";</script><footer>Impressum</footer></body></html>"""


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_folder_of_every_format(tmp_path):
    d = tmp_path / "in"
    write(d / "a.txt", "KI in Jena\n\nDie Universität Jena startet ein Projekt.")
    write(d / "b.md", "# Hackathon in Leipzig\n\nMehr beim [Blog](https://x.org).")
    write(d / "c.html", HTML)
    write(
        d / "d.json",
        json.dumps(
            [
                {"id": "j1", "text": "Text eins über Erfurt", "url": "https://e.org/1"},
                {"id": "j2", "text": "Text zwei über Gera"},
            ]
        ),
    )
    write(
        d / "e.jsonl",
        json.dumps({"text": "Zeile eins über Suhl"})
        + "\n"
        + json.dumps({"text": "Zeile zwei über Weimar", "language": "de"})
        + "\n",
    )
    write(d / "f.xml", RSS)
    write(d / "g.atom", ATOM)
    got = load_sources([d])
    assert got.rejects == []
    by_type = {}
    for a in got.articles:
        by_type.setdefault(a.source_type, []).append(a)
    assert len(got.articles) == 10
    assert by_type["txt"][0].title == "KI in Jena"
    assert by_type["md"][0].title == "Hackathon in Leipzig" and "[Blog]" not in by_type["md"][0].text
    html = by_type["html"][0]
    assert html.title == "KI-Vernetzung in Dresden" and html.url == "https://scads.ai/news/x"
    assert "Cookies" not in html.text and "tracking" not in html.text and "Startseite" not in html.text
    assert html.published.startswith("2024-05-30")
    assert [a.id for a in by_type["json"]] == ["j1", "j2"]
    assert [a.source_row for a in by_type["jsonl"]] == [1, 2]
    rss = by_type["rss"]
    assert [a.title for a in rss] == ["KI-Hub trifft sich in Chemnitz", "DFKI erhält Förderung"]
    assert "alert" not in rss[1].text and "605.000 Euro" in rss[1].text
    assert by_type["atom"][0].url == "https://example.com/ai-factory/"


def test_windows_1252_and_utf8_bom(tmp_path):
    write(tmp_path / "cp.txt", "Förderung für Thüringen: 1,2 Mio. € – Jena".encode("cp1252"))
    write(tmp_path / "bom.txt", "\ufeffSächsische KI-Strategie".encode())
    got = load_sources([tmp_path])
    texts = sorted(a.text for a in got.articles)
    assert texts == ["Förderung für Thüringen: 1,2 Mio. € – Jena", "Sächsische KI-Strategie"]


def test_bad_files_are_rejected_without_stopping_the_batch(tmp_path):
    write(tmp_path / "0_good.txt", "KI in Dresden\nEin guter Artikel.")
    write(tmp_path / "1_empty.txt", b"")
    write(tmp_path / "2_blank.md", b"  \n\n ")
    write(tmp_path / "3_binary.txt", bytes(range(256)) * 8)
    write(tmp_path / "4_broken.xml", "<?xml version='1.0'?><rss><channel><item><title>kaputt</channel>")
    write(tmp_path / "5_bad.json", "{not json")
    write(tmp_path / "6_lines.jsonl", '{"text": "gut in Jena"}\n{kaputt\n{"title": "ohne Text"}\n')
    write(tmp_path / "7_image.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(tmp_path / "8_bomb.xml", '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss>&a;</rss>')
    write(tmp_path / "9_good.txt", "KI in Leipzig\nNoch ein guter Artikel.")
    got = load_sources([tmp_path, tmp_path / "missing.txt"])
    reasons = {(Path(r.source_file).name, r.source_row): r.reason for r in got.rejects}
    assert sorted(a.title for a in got.articles if a.title) == ["KI in Dresden", "KI in Leipzig"]
    assert any(a.text == "gut in Jena" for a in got.articles)
    assert reasons[("1_empty.txt", None)] == "empty file"
    assert reasons[("2_blank.md", None)] == "empty file"
    assert reasons[("3_binary.txt", None)].startswith("binary file")
    assert reasons[("4_broken.xml", None)].startswith("malformed feed")
    assert reasons[("5_bad.json", None)].startswith("malformed JSON")
    assert reasons[("6_lines.jsonl", 2)].startswith("malformed JSON line")
    assert reasons[("6_lines.jsonl", 3)] == "object has no non-empty 'text'"
    assert reasons[("7_image.png", None)].startswith("unsupported file type")
    assert reasons[("8_bomb.xml", None)].startswith("malformed feed")  # entities refused (defusedxml)
    assert reasons[("missing.txt", None)] == "no such file, folder or URL"


def test_duplicates_collapse_by_normalised_url_and_text(tmp_path):
    rows = [
        {"id": "1", "text": "Erster Text über Dresden.", "url": "https://www.Example.org/a/?utm_source=x#top"},
        {"id": "2", "text": "Anderer Text, gleiche Seite.", "url": "http://example.org/a"},
        {"id": "3", "text": "  ERSTER text über   Dresden. "},
        {"id": "4", "text": "Ganz neuer Text über Jena."},
    ]
    write(tmp_path / "a.jsonl", "\n".join(json.dumps(r) for r in rows))
    write(tmp_path / "b.txt", "Ganz neuer Text über Jena.")
    got = load_sources([tmp_path])
    assert [a.id for a in got.articles] == ["1", "4"]
    assert sorted((a.id or a.source_type, first) for a, first in got.duplicates) == [
        ("2", "1"),
        ("3", "1"),
        ("txt", "4"),
    ]
    assert normalise_url("HTTPS://WWW.example.org/a/?b=2&a=1&utm_medium=x#f") == "https://example.org/a?a=1&b=2"


class _Handler(http.server.BaseHTTPRequestHandler):
    fails_left = 1

    def do_GET(self):  # noqa: N802 - http.server API
        if self.path == "/flaky.xml" and _Handler.fails_left > 0:
            _Handler.fails_left -= 1
            self.send_response(503)
            self.end_headers()
            return
        body, ctype, status = {
            "/feed.xml": (RSS.encode(), "application/rss+xml; charset=utf-8", 200),
            "/flaky.xml": (ATOM.encode(), "application/atom+xml", 200),
            "/broken.xml": (b"<rss><channel><item>", "application/rss+xml", 200),
            "/page.html": (HTML.encode(), "text/html; charset=utf-8", 200),
        }.get(self.path, (b"not found", "text/plain", 404))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture()
def feed_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.mark.slow
def test_feeds_over_http_with_retry_and_clear_errors(feed_server):
    _Handler.fails_left = 1
    got = load_sources(
        [
            f"{feed_server}/feed.xml",
            f"{feed_server}/flaky.xml",
            f"{feed_server}/broken.xml",
            f"{feed_server}/missing.xml",
            f"{feed_server}/page.html",
            "http://127.0.0.1:9/closed.xml",
        ],
        timeout=2,
        retries=2,
    )
    titles = [a.title for a in got.articles]
    assert titles == [
        "KI-Hub trifft sich in Chemnitz",
        "DFKI erhält Förderung",
        "AI Factory in Stuttgart",
        "KI-Vernetzung in Dresden",
    ]
    assert got.articles[0].url == "https://example.org/a?utm_source=rss"
    assert got.articles[0].published.startswith("Thu, 24 Nov 2022")
    reasons = {r.source_file.rsplit("/", 1)[-1]: r.reason for r in got.rejects}
    assert reasons["broken.xml"].startswith("malformed feed")
    assert reasons["missing.xml"].endswith("HTTP 404")
    assert "after 2 attempts" in reasons["closed.xml"] and "connection failed" in reasons["closed.xml"]
