"""The fast scans of the extractor find exactly what the plain regexes they replace find.

Each fast path (start positions found with str.find or a cheaper regex, look-behinds moved
behind the first character) is compared with `finditer` of the original regex on random texts
built from the tokens that matter (keywords, legal forms, currency words, month names, dashes,
quotes, spaces and line breaks).
"""

from __future__ import annotations

import random
import re

import pytest

from transforms.news import dates, money, orgs
from transforms.news.gazetteer import trie_pattern, word_start_trie
from transforms.news.text import matches_at

TOKENS = [
    *("und", "Und", "bei", "Firma", "Start-up", "Softwarehersteller", "partner", "Grund", "center", "Datacenter"),
    *("RedZinc", "TeleskopEffekt", "Workbench32", "neurocat", "x+abc", "leap:up", "gGmbH", "GmbH", "AG", "SE", "UG"),
    *("Wissenschaftsministerium", "ministeriums", "Sachsen-", "KI-", "Staatskanzlei", "Landesregierung", "Bundes"),
    *("Stadt", "City of", "TU ", "Uni ", "Universität", "nstitut", "Park", "parkasse", "bank", "Rat", "Rathaus"),
    *("e.", "e. V.", "e.V.", "V.", "€", "EUR", "Euro", "euro", "EURO", "Mai", "mai", "jan", "Jan.", "sept."),
    *("1", "12", "2024", "30.05.2024", "Helmholtz-zentrum", "Wissen-schaft", "ä", "ß", "_", "„", "“", "."),
    *(":", ",", "-", " ", " ", " ", "\t", "\n", "x", "B"),
]


def _texts(n: int = 3000) -> list[str]:
    rng = random.Random(0)
    return ["".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 14))) for _ in range(n)]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    out = _texts()
    return out + [t.lower() for t in out]


def _spans(matches) -> list:
    return [(m.span(), m.groups()) for m in matches]


def test_org_start_finders(texts):
    for t in texts:
        assert _spans(matches_at(t, orgs._generic_starts(t), orgs._GENERIC)) == _spans(orgs._GENERIC.finditer(t))
        assert _spans(matches_at(t, orgs._lower_company_starts(t), orgs._LOWER_COMPANY)) == _spans(
            orgs._LOWER_COMPANY.finditer(t)
        )
        counted = [m for m in orgs._BRAND.finditer(t) if m.group("prev") in orgs._BRAND_PREV]
        fast = [m for m in matches_at(t, orgs._brand_starts(t), orgs._BRAND) if m.group("prev") in orgs._BRAND_PREV]
        assert _spans(fast) == _spans(counted)
        assert orgs._keyword_starts(t) == [m.start() for m in orgs._PATTERN_KEYWORDS.finditer(t)]


def test_moved_look_behinds(texts):
    lower_head = re.compile(r"(?<![\w-])([A-ZÄÖÜ][a-zäöü]+)-([a-zäöü])(?=[a-zäöü]{3})")
    soft_hyphen = re.compile(r"(?<=[a-zäöü])-(?=[a-zäöü]{2})")
    words = ["TU Dresden", "TU", "T", "Sachsen", "Sachsen-Anhalt", "ScaDS.AI", "e. V.", "Uni"]
    trie_old = re.compile(r"(?<![\w-])(?:" + trie_pattern(words) + r")(?![\w-])")
    trie_new = re.compile(word_start_trie(words, r"[\w-]") + r"(?![\w-])")
    for t in [*texts, "TU-Dresden", "Sachsen-Anhalts", "\nT", "T"]:
        assert _spans(orgs._LOWER_HEAD.finditer(t)) == _spans(lower_head.finditer(t))
        assert orgs._SOFT_HYPHEN.sub("", t) == soft_hyphen.sub("", t)
        assert _spans(trie_new.finditer(t)) == _spans(trie_old.finditer(t))


def test_money_and_date_scans(texts):
    for t in texts:
        assert money._currency_words(t) == [m.span() for m in money._HAS_CURRENCY.finditer(t)]
        low = t.lower()
        runs = list(dates._DIGIT_RUN.finditer(low))
        month_first = matches_at(low, dates._month_first_starts(low, runs), dates._MONTH_FIRST_RX)
        assert _spans(month_first) == _spans(dates._MONTH_FIRST_RX.finditer(low))


def _gated() -> list:
    from transforms.news import extract
    from transforms.news.text import CaseGated

    return [v for m in (money, dates, extract) for v in vars(m).values() if isinstance(v, CaseGated)]


def test_case_gated_regexes(texts):
    words = ["Förderung", "FUNDING", "ſince", "bıs", "İnvest", "Umsatz", "Montag", "DEADLINE", "KI", "ki", "am", "ΣΑ"]
    rng = random.Random(1)
    extra = [" ".join(rng.choice(words + ["x", "\n", "."]) for _ in range(rng.randint(1, 8))) for _ in range(500)]
    gated = _gated()
    assert gated
    for t in [*texts, *extra]:
        for g in gated:
            assert _spans([g.search(t)] if g.search(t) else []) == _spans([g.rx.search(t)] if g.rx.search(t) else [])
            assert bool(g.match(t, 2, 9)) == bool(g.rx.match(t, 2, 9))
            assert bool(g.search(t, -3, 7)) == bool(g.rx.search(t, -3, 7))


def test_fold_matches_ignorecase():
    """Every character `re.IGNORECASE` equates with a letter of a gate folds to the same."""
    from transforms.news.text import fold

    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    for letter in "abcdefghijklmnopqrstuvwxyzßäöüACHIKP":
        for m in re.finditer(re.escape(letter), every, re.IGNORECASE):
            assert fold(m.group()) == fold(letter)


def test_possessive_and_trie_name_patterns(texts):
    """The name patterns (possessive runs, the head nouns as a trie) match what they matched
    written plainly, at every position."""
    from transforms.news.gazetteer import trie_pattern

    heads = trie_pattern(orgs._GENDER)
    assert heads in orgs._HEAD_WORD
    plain = [p.replace("*+", "*").replace(heads, "|".join(orgs._GENDER)) for p in orgs.PATTERNS]
    old, new = re.compile("|".join(f"(?:{p})" for p in plain)), orgs._pattern_regex()
    rng = random.Random(2)
    words = ["Verein", "Vereinigung", "Vereins", "Vereines", "Institut", "Zentrums", "Hub", "Hubs", "KI-", "für"]
    words += ["Universität", "Sächsische", "Ministerium", "Hochschule", "Dresden", "ScaDS.AI", "und", "e.", "GmbH"]
    extra = [
        "".join(rng.choice([*words, " ", " ", "-", ".", "x"]) for _ in range(rng.randint(1, 12))) for _ in range(3000)
    ]
    for t in [*texts, *extra]:
        for pos in range(len(t)):
            a, b = old.match(t, pos), new.match(t, pos)
            assert (a and a.span()) == (b and b.span()), (t, pos)
    for rx in (orgs._NAMED_AFTER_ARTICLE, orgs._PLURAL_UNIS, orgs._ABBR_DASH, orgs._PART_BEFORE, orgs._FRAUNHOFER_AND):
        plain_rx = re.compile(rx.pattern.replace("*+", "*"), rx.flags)
        for t in [*texts, *extra]:
            assert _spans(rx.finditer(t)) == _spans(plain_rx.finditer(t))


def test_capitalised_place_scan(texts):
    from transforms.news import places

    fast, lower = places._capitalised_regex()
    rng = random.Random(3)
    words = ["Sachsen", "Sachsen-Anhalt", "Sachsens", "Dresden", "Dresdner", "Bayern", "Bayerische", "Thüringer"]
    words += [
        "Leipzig",
        "Berlin",
        "Berliner",
        "Land",
        "Freistaat",
        "Hessen",
        "Nordrhein-Westfalen",
        "Baden-Württemberg",
    ]
    extra = [
        "".join(rng.choice([*words, " ", " ", "-", ".", "x", "\n"]) for _ in range(rng.randint(1, 10)))
        for _ in range(3000)
    ]
    checked = 0
    for t in [*texts, *extra]:
        if not any(w in t for w in lower):
            checked += 1
            assert _spans(fast.finditer(t)) == _spans(places._regex().finditer(t))
    assert checked > 3000


def test_topic_candidate_starts(texts):
    """The word-by-word scan for keyword starts finds the starts the plain look-ahead finds."""
    from transforms.news import topics

    rng = random.Random(4)
    words = ["forschung", "ki-modell", "10:00 uhr", "9 uhr", "netzwerktreffen", "förderung", "_x", "llm", "gpu"]
    words += ["the", "und", "x", "supercomputer", "2024", "über", "Straße", "a.m."]
    extra = [
        "".join(rng.choice([*words, " ", " ", "-", ".", "\n", "(", "„"]) for _ in range(rng.randint(0, 12)))
        for _ in range(3000)
    ]
    trie, free = topics._fixed_and_free()
    plain = re.compile(r"(?<!\w)(?=\w)(?=" + "|".join([trie, *(alt for alt, _need in free)]) + ")")
    for t in [*texts, *extra, ""]:
        low = t.lower()
        assert list(topics._candidate_starts(low)) == [m.start() for m in plain.finditer(low)]
