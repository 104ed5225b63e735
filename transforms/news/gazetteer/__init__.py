"""Gazetteers for the news extractor: Länder, places (cities and districts) and organisations.

Data lives next to this module as JSON (maintained by hand) plus the district reference data
`lake/reference/districts.csv`; everything is loaded once per process and compiled to regexes.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

HERE = Path(__file__).parent

# Districts whose name is also a town (so the name also counts as a city).
TOWN_NAMED_DISTRICTS = {
    "Zwickau",
    "Bautzen",
    "Görlitz",
    "Meißen",
    "Nordhausen",
    "Gotha",
    "Sömmerda",
    "Hildburghausen",
    "Sonneberg",
    "Greiz",
}
# Irregular city adjectives ("Dresdner Unternehmen"); regular ones are city + "er".
CITY_ADJECTIVES = {
    "Dresdner": "Dresden",
    "Münchner": "München",
    "Münchener": "München",
    "Bremer": "Bremen",
    "Kölner": "Köln",
    "Hannoversche": "Hannover",
    "Hannoverschen": "Hannover",
    "Karlsruher": "Karlsruhe",
    "Ilmenauer": "Ilmenau",
    "Hallenser": "Halle (Saale)",
    "Frankfurter": "Frankfurt am Main",
    "Kaiserslauterer": "Kaiserslautern",
}


@dataclass(frozen=True)
class Place:
    kind: str  # land | city | district | city_adj
    canonical: str  # German canonical name (Land name for kind land)
    land: str | None


def _load_json(name: str) -> dict:
    return json.loads((HERE / name).read_text(encoding="utf-8"))


def districts_csv_path() -> Path:
    """The district reference data shipped with the lake package."""
    try:
        return Path(str(resources.files("lake") / "reference" / "districts.csv"))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - running from a bare checkout
        return HERE.parents[2] / "lake" / "reference" / "districts.csv"


@lru_cache(maxsize=1)
def lands() -> dict:
    return {k: v for k, v in _load_json("lands.json").items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def places() -> tuple[dict[str, Place], list[tuple[str, str]], set[str]]:
    """(exact surface -> Place, [(adjective stem, Land)], surfaces needing a preposition)."""
    exact: dict[str, Place] = {}
    stems: list[tuple[str, str]] = []
    for land, spec in lands().items():
        for name in spec["names"]:
            exact[name] = Place("land", land, land)
        for stem in spec["stems"]:
            stems.append((stem, land))
    data = _load_json("cities.json")
    need_context = set(data["need_context"])
    with open(districts_csv_path(), encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            name, land = row["name"], row["land"]
            if row["kind"] == "Kreisfreie Stadt":
                exact.setdefault(name, Place("city", name, land))
            elif name.endswith("(Landkreis)"):
                base = name.split(" (")[0]
                exact[f"Landkreis {base}"] = Place("district", name, land)
                exact[f"{base}er Land"] = Place("district", name, land)
            else:
                kind = "city" if name in TOWN_NAMED_DISTRICTS else "district"
                exact.setdefault(name, Place(kind, name, land))
                exact[f"Landkreis {name}"] = Place("district", name, land)
                exact[f"Landkreises {name}"] = Place("district", name, land)
    for city, spec in data["cities"].items():
        land, *others = spec
        for surface in [city, *others]:
            if surface in exact and exact[surface].kind == "land":
                # city states: the name is both the Land and its city
                exact[surface] = Place("city", city, land)
                continue
            exact.setdefault(surface, Place("city", city, land))
    for adj, city in CITY_ADJECTIVES.items():
        exact.setdefault(adj, Place("city_adj", city, exact[city].land if city in exact else None))
    for surface, place in list(exact.items()):
        if place.kind == "city" and surface == place.canonical and re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]+[^e\W]", surface):
            adj = surface + "er"
            if surface not in need_context:
                exact.setdefault(adj, Place("city_adj", place.canonical, place.land))
    return exact, stems, need_context


@dataclass(frozen=True)
class Org:
    canonical: str
    land: str | None
    weighs: bool = True  # a mention adds weight to its Land (AI actors yes, public bodies no)


@lru_cache(maxsize=1)
def organizations() -> tuple[dict[str, Org], dict[str, str | None]]:
    """(surface -> Org, Fraunhofer institute acronym -> Land).

    Two data files: `organizations.json` (the region's AI actors) and `public_bodies.json`
    (ministries of the federation and the Länder, universities, research institutes, parties and
    EU bodies from public lists; Fraunhofer institutes with their German names)."""
    data = _load_json("organizations.json")
    public = _load_json("public_bodies.json")
    out: dict[str, Org] = {}
    for entry in [*data["organizations"], *public["organizations"]]:
        org = Org(entry["name"], entry["land"], entry in data["organizations"])
        for surface in [entry["name"], *entry["aliases"]]:
            out.setdefault(surface, org)
    for entry in public["organizations"]:  # a public body's own name wins over an alias elsewhere
        if out[entry["name"]].canonical != entry["name"]:
            org = Org(entry["name"], entry["land"], False)
            for surface in [entry["name"], *entry["aliases"]]:
                out[surface] = org
    fraunhofer = dict(data["fraunhofer_institutes"])
    for acronym, (long_name, land) in public["fraunhofer"].items():
        fraunhofer.setdefault(acronym, land)
        org = out.get(f"Fraunhofer {acronym}") or Org(f"Fraunhofer {acronym}", land, True)
        for surface in (
            f"Fraunhofer {acronym}",
            f"Fraunhofer-{acronym}",
            f"Fraunhofer-Institut {acronym}",
            f"Fraunhofer-Institut für {long_name} {acronym}",
            f"Fraunhofer-Institut für {long_name}",
        ):
            out.setdefault(surface, org)
    return out, fraunhofer


@lru_cache(maxsize=1)
def fraunhofer_names() -> dict[str, str]:
    """Lower-cased German institute name ('werkzeugmaschinen und umformtechnik') -> acronym."""
    public = _load_json("public_bodies.json")
    return {long_name.lower(): acronym for acronym, (long_name, _land) in public["fraunhofer"].items()}


@lru_cache(maxsize=1)
def generic_bodies() -> dict[str, dict[str, str]]:
    """Land (or 'Bund') -> generic noun ('Wissenschaftsministerium') -> canonical body."""
    return _load_json("public_bodies.json")["generic"]


def alternation(surfaces) -> str:
    """Regex alternation, longest first so that 'Sachsen-Anhalt' wins over 'Sachsen'."""
    return "|".join(re.escape(s) for s in sorted(set(surfaces), key=lambda s: (-len(s), s)))


class WordStartMatcher:
    """Longest-first matching of many alternatives, tried only where a word starts.

    Python's `re` tries every alternative at every character of a big alternation; grouping the
    alternatives by their first character and trying only the group of the character at a word
    start makes the gazetteer lookups ~5-10x faster (extraction throughput matters in Spark).
    `alternatives` are (regex, first character) pairs.
    """

    _WORD_START = re.compile(r"(?<![\w])[\w€]")

    def __init__(self, alternatives: list[tuple[str, str]], end_guard: str = r"(?![\w])"):
        groups: dict[str, list[str]] = {}
        for rx, first in alternatives:
            groups.setdefault(first, []).append(rx)
        self._by_char = {ch: re.compile("(?:" + "|".join(rxs) + ")" + end_guard) for ch, rxs in groups.items()}

    def finditer(self, text: str):
        last_end = 0
        by_char = self._by_char
        for ws in self._WORD_START.finditer(text):
            pos = ws.start()
            if pos < last_end:
                continue
            rx = by_char.get(text[pos])
            if rx is None:
                continue
            m = rx.match(text, pos)
            if m:
                last_end = m.end()
                yield m


def literal_alternatives(surfaces) -> list[tuple[str, str]]:
    """(escaped regex, first char) for literal surfaces, longest first."""
    return [(re.escape(s), s[0]) for s in sorted(set(surfaces), key=lambda s: (-len(s), s)) if s]


def trie_pattern(words) -> str:
    """A regex matching any of `words`, structured as a trie so Python's `re` checks one
    character per branch instead of trying every word (~2x faster than WordStartMatcher on the
    gazetteers); longer words win over their prefixes ("Sachsen-Anhalt" over "Sachsen")."""
    trie: dict = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        kids = sorted((ch, sub) for ch, sub in node.items() if ch != "")
        if not kids:
            return ""
        alts = [re.escape(ch) + build(sub) for ch, sub in kids]
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


def word_start_trie(words, not_before: str) -> str:
    """`(?<!not_before)(?:trie_pattern(words))` with the look-behind moved behind the first
    character (`not_before`: a one-character class). Python's `re` then skips to the characters a
    word can start with instead of trying the look-behind at every position (~2x faster on the
    organisation gazetteer). Same matches: only the branch of the text's character can match."""
    return (
        "(?:"
        + "|".join(
            f"{re.escape(ch)}(?<!{not_before}[\\s\\S]){rest}" for ch, rest in sorted(first_char_tries(words).items())
        )
        + ")"
    )


def first_char_tries(words) -> dict[str, str]:
    """First character -> `trie_pattern` of the rest of the words starting with it (optional when
    the character alone is a word): the branches of `trie_pattern(words)`."""
    rests: dict[str, set[str]] = {}
    for w in words:
        if w:
            rests.setdefault(w[0], set()).add(w[1:])
    out = {}
    for ch, rs in rests.items():
        body = trie_pattern(rs)
        out[ch] = f"(?:{body})?" if "" in rs and body else body
    return out
