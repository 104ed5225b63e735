"""The extractor on the five real sample texts, field by field, and on the contract's formats."""

from __future__ import annotations

import json

import pytest

from tests.support.paths import REPO_ROOT
from transforms.news.extract import FIELDS, extract_article
from transforms.news.extract_cli import extract_jsonl
from transforms.news.money import funding_eur
from transforms.news.orgs import canonical_key


def org_keys(got: dict) -> set[str]:
    """Organisations by canonical key: v2 reports each organisation once (its long form as
    written), so a test names an organisation by any of its spellings."""
    return {canonical_key(o) for o in got["organizations"]}


def keys(*names: str) -> set[str]:
    return {canonical_key(n) for n in names}


SAMPLES = REPO_ROOT / "samples" / "news"


def sample(stem: str) -> dict:
    return extract_article((SAMPLES / f"{stem}.txt").read_text(encoding="utf-8"))


def test_every_contract_field_is_returned():
    got = sample("000_10ceabf4babd5edd")
    assert set(got) == set(FIELDS)
    assert isinstance(got["id"], str) and len(got["id"]) == 16


def test_000_scads_networking_event_dresden():
    got = sample("000_10ceabf4babd5edd")
    assert got["language"] == "en"
    assert got["states"] == ["Sachsen"]  # Dresden, "Saxon State Chancellery", "free state of Saxony"
    assert got["cities"][0] == "Dresden"
    assert keys("ScaDS.AI Dresden/Leipzig", "Saxon State Chancellery", "SMWK") <= org_keys(got)
    assert got["funding_eur"] is None
    assert got["event_date"] == "2024-05-30"
    assert {"event", "llm", "infrastructure_hpc"} <= set(got["topics"])
    assert "funding" not in got["topics"]


def test_001_ki_hub_meeting_chemnitz():
    got = sample("001_159c2ff2ba2f52c6")
    assert got["language"] == "de"
    assert got["states"] == ["Sachsen", "Thüringen"]
    assert set(got["cities"]) == {"Chemnitz", "Leipzig", "Ilmenau"}
    assert keys(
        "KI-Hub Sachsen-Thüringen", "TU Chemnitz", "InfAI", "TZLR", "Mittelstand-Digital Zentrum Chemnitz"
    ) <= org_keys(got)
    assert got["funding_eur"] is None
    assert got["event_date"] == "2022-11-24"
    assert {"event", "sme_adoption"} <= set(got["topics"])


def test_002_hzdr_talk_year_from_weekday():
    got = sample("002_da8f63f055e07bcb")
    assert got["language"] == "de"
    assert got["states"] == ["Sachsen"]
    assert got["cities"] == ["Dresden"]
    assert keys("HZDR", "TU Dresden") <= org_keys(got)
    assert got["funding_eur"] is None
    # "Dienstag, 30. September": the text's latest year is 2019; the next 30 September on a
    # Tuesday is in 2025 (2012 and 2019 are biography years).
    assert got["event_date"] == "2025-09-30"
    assert {"llm", "infrastructure_hpc"} <= set(got["topics"])


def test_003_hammerhai_stuttgart_85_million():
    got = sample("003_54033048fd7c0509")
    assert got["language"] == "de"
    assert got["funding_eur"] == 85_000_000
    # Bayern (LRZ) and Niedersachsen (GWDG) are partners named in passing, Berlin is the dateline
    assert got["states"] == ["Baden-Württemberg"]
    assert "Stuttgart" in got["cities"]
    assert keys("EuroHPC JU", "HLRS", "LRZ", "GWDG", "KIT", "SICOS BW") <= org_keys(got)
    # one entry per organisation: "EuroHPC Joint Undertaking (EuroHPC JU)" is reported once
    assert len([o for o in got["organizations"] if canonical_key(o) == canonical_key("EuroHPC JU")]) == 1
    assert got["event_date"] is None  # "Dezember 2024" names no day
    assert {"infrastructure_hpc", "funding"} <= set(got["topics"])
    # the unrelated trailing paragraph (L&D trends) must not add a topic
    assert "education_training" not in got["topics"]


def test_004_dfki_kaiserslautern_605000():
    got = sample("004_584778919d2c2b23")
    assert got["language"] == "en"
    assert got["funding_eur"] == 605_000
    assert got["states"] == ["Rheinland-Pfalz"]
    assert got["cities"] == ["Kaiserslautern"]
    assert canonical_key("DFKI") in org_keys(got)
    assert got["event_date"] is None
    assert {"funding", "infrastructure_hpc"} <= set(got["topics"])


@pytest.mark.parametrize(
    "text,language,expected",
    [
        ("Das Land fördert das Projekt mit 605.000 Euro.", "de", 605_000),
        ("The state funds the project with 605,000 euros.", "en", 605_000),
        ("Der Bund fördert das Zentrum mit 85 Millionen Euro.", "de", 85_000_000),
        ("Das Budget beträgt rund 85 Mio. €.", "de", 85_000_000),
        ("Insgesamt werden 1,2 Mrd. Euro investiert.", "de", 1_200_000_000),
        ("The EU contributes EUR 2.5 million to the project.", "en", 2_500_000),
        ("The ministry grants €3.2m over four years.", "en", 3_200_000),
        ("Gefördert mit 1,8 Millionen Euro.", "de", 1_800_000),
        ("The project receives 1.6 billion euros.", "en", 1_600_000_000),
        ("Das Land gibt 22 Millionen Euro, insgesamt werden 44 Millionen Euro investiert.", "de", 44_000_000),
    ],
)
def test_funding_formats(text, language, expected):
    assert funding_eur(text, language) == pytest.approx(expected)


def test_no_funding_for_prize_money_or_revenue():
    assert funding_eur("Das Siegerteam erhält ein Preisgeld von 5.000 Euro.", "de") is None
    assert funding_eur("The company had a turnover of EUR 20 million.", "en") is None


@pytest.mark.parametrize(
    "text,published,expected",
    [
        ("Am 24.11.2022 trafen sich die Partner.", None, "2022-11-24"),
        ("Die Veranstaltung fand am 12. März statt.", "2024-03-14", "2024-03-12"),
        ("The conference took place on 3 February 2025.", None, "2025-02-03"),
        ("The decision was announced on March 12, 2025.", None, "2025-03-12"),
        ("From 9 to 13 September 2024, students met in Dresden.", None, "2024-09-09"),
        ("Workshop am 7. November 2023. Anmeldung bis zum 31. Oktober.", None, "2023-11-07"),
        ("Am Dienstag, 5. Dezember, informierte die IHK.", "2023-12-07", "2023-12-05"),
        ("Start ist am 2024-06-01 in Jena.", None, "2024-06-01"),
        ("Seit Mai nutzt die Klinik das System.", "2024-05-08", None),
    ],
)
def test_event_date_formats(text, published, expected):
    assert extract_article(text, published=published)["event_date"] == expected


def test_city_only_mentions_give_the_land():
    assert extract_article("Das Treffen fand in Dresden statt.")["states"] == ["Sachsen"]
    assert extract_article("The meeting was held in Kaiserslautern.")["states"] == ["Rheinland-Pfalz"]
    assert extract_article("Neue KI-Fabrik in Stuttgart eröffnet.")["states"] == ["Baden-Württemberg"]
    assert extract_article("Ein Projekt im Ilm-Kreis startet.")["states"] == ["Thüringen"]
    assert extract_article("Bavarian researchers in Munich.")["cities"] == ["München"]


def test_given_id_and_stable_hash_id():
    assert extract_article("Text über KI in Jena.", id="x-1")["id"] == "x-1"
    a = extract_article("Text über  KI in Jena.\n")["id"]
    assert a == extract_article("text über KI in jena.")["id"]


def test_extract_jsonl_keeps_order_and_reports_bad_lines(tmp_path):
    src = tmp_path / "in.jsonl"
    lines = [
        {"id": "b", "text": "Am 24.11.2022 trafen sich in Chemnitz die Partner des KI-Hubs Sachsen-Thüringen."},
        {"id": "a", "text": "DFKI receives state funding of 605,000 euros in Kaiserslautern.", "title": "DFKI"},
    ]
    src.write_text(json.dumps(lines[0]) + "\nnot json\n" + json.dumps(lines[1]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    counts = extract_jsonl(src, out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert counts == {"lines": 3, "errors": 1}
    assert [r["id"] for r in rows] == ["b", None, "a"]
    assert "error" in rows[1]
    assert rows[0]["states"] == ["Sachsen", "Thüringen"] and rows[0]["event_date"] == "2022-11-24"
    assert rows[2]["funding_eur"] == 605_000 and rows[2]["states"] == ["Rheinland-Pfalz"]
    assert all(set(FIELDS) <= set(r) for r in rows)


def test_cli_extract(tmp_path):
    from click.testing import CliRunner

    from orchestration.cli import main

    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"text": "Fraunhofer IWU in Chemnitz erhält 1,2 Mio. Euro Förderung."}) + "\n", encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["news", "extract", "--in", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    row = json.loads(out.read_text(encoding="utf-8"))
    assert row["funding_eur"] == 1_200_000 and row["organizations"] == ["Fraunhofer IWU"]
