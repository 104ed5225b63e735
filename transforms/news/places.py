"""Länder and cities named in a text, through the gazetteer.

A Land is reported when the article is about it: every mention (Land name or adjective, city,
district, or an organisation that sits in the Land) adds weight, mentions in the headline count
double, a press dateline ("Berlin, Dezember 2024 –") counts little, and Länder far behind the
main one (< 35 % of its weight) are incidental and dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from transforms.news.gazetteer import Place, first_char_tries, places, trie_pattern

RELATIVE_THRESHOLD = 0.35
_CONTEXT_PREPS = re.compile(r"(?:\b(?:in|aus|nach|bei|von|vom|from|near|at|of|to)\s+)$", re.IGNORECASE)
_DATELINE_AFTER = re.compile(
    r"\s*(?:\([^)]{1,20}\)\s*)?(?:,\s*(?:\d|Jan|Feb|Mär|Mar|Apr|Mai|May|Jun|Jul|Aug|Sep|Okt|Oct|Nov|Dez|Dec|im\b|den\b|am\b))|\s+[–—-]\s"
)


@lru_cache(maxsize=1)
def _regex() -> re.Pattern:
    exact, stems, _ = places()
    return re.compile(
        r"(?<!\w)(?:(?:" + trie_pattern(exact) + r")(?!\w)|(?:" + trie_pattern(s for s, _ in stems) + r")[\w-]*)"
    )


@lru_cache(maxsize=1)
def _capitalised_regex() -> tuple[re.Pattern, tuple[str, ...]]:
    """`_regex` without the names and stems that start with a lower-case letter ("sächsisch"),
    its look-behind behind the first character: `re` then skips to the capitals, instead of
    trying the look-behind at every character. Same matches in a text without those (returned
    second), which most texts are."""
    exact, stems, _ = places()
    stem_words = [s for s, _ in stems]
    lower = tuple(sorted({w for w in [*exact, *stem_words] if w[:1].islower()}))
    names, parts = first_char_tries(exact), first_char_tries(stem_words)
    branches = []
    for ch in sorted((set(names) | set(parts)) - {w[0] for w in lower}):
        alts = ([names[ch] + r"(?!\w)"] if ch in names else []) + ([parts[ch] + r"[\w-]*"] if ch in parts else [])
        branches.append(f"{re.escape(ch)}(?<!\\w[\\s\\S])(?:{'|'.join(alts)})")
    return re.compile("(?:" + "|".join(branches) + ")"), lower


@lru_cache(maxsize=1)
def _stem_lookup() -> list[tuple[str, str]]:
    _, stems, _ = places()
    return sorted(stems, key=lambda x: -len(x[0]))


@lru_cache(maxsize=20000)  # pure (the gazetteer is loaded once); called for every mention
def lookup(surface: str) -> Place | None:
    exact, _, _ = places()
    if surface in exact:
        return exact[surface]
    for stem, land in _stem_lookup():
        if surface.startswith(stem):
            return Place("land", land, land)
    return None


def mentions(text: str) -> list[tuple[int, int, Place]]:
    """(start, end, place) for every place mention, left to right."""
    _, _, need_context = places()
    out = []
    fast, lower = _capitalised_regex()
    rx = _regex() if any(w in text for w in lower) else fast
    for m in rx.finditer(text):
        surface = m.group(0)
        place = lookup(surface)
        if place is None:
            continue
        if surface in need_context and not _CONTEXT_PREPS.search(text[max(0, m.start() - 8) : m.start()]):
            continue
        out.append((m.start(), m.end(), place))
    return out


def is_dateline(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip() and bool(_DATELINE_AFTER.match(text, end))


_SEGMENT_END = re.compile(r"(?<=[.!?;])\s+|\n(?![ \t]*[-•*–][ \t])")


def _enumerations(text: str, found: list[tuple[int, int, Place]]) -> list[tuple[int, int]]:
    """Spans of sentences (a run of list items counts as one) that name places in three or more
    Länder or countries: a list of sites ("neben Dresden auch in München und Darmstadt", the
    seven EU sites), where no single place is what the article is about."""
    regions = {pl.land or pl.canonical for _s, _e, pl in found}
    if len(regions) < 3:
        return []
    out = []
    start = 0
    bounds = [m.start() for m in _SEGMENT_END.finditer(text)] + [len(text)]
    i = 0
    for end in bounds:
        seen = set()
        while i < len(found) and found[i][0] < end:
            if found[i][0] >= start:
                pl = found[i][2]
                seen.add(pl.land or pl.canonical)
            i += 1
        if len(seen) >= 3:
            out.append((start, end))
        start = end
    return out


def cities_and_states(text: str, title_end: int, org_lands: list[tuple[int, str]]) -> tuple[list[str], list[str]]:
    """Cities named (canonical, first mention order) and the Länder the text is about."""
    cities: list[str] = []
    weight: dict[str, float] = {}
    first: dict[str, int] = {}

    def add(land: str | None, w: float, pos: int) -> None:
        if land:
            weight[land] = weight.get(land, 0.0) + w
            first.setdefault(land, pos)

    found = mentions(text)
    enum = _enumerations(text, found)
    outside: set[str] = set()  # Länder with a mention outside every list of sites

    def listed(pos: int) -> bool:
        """In a list of sites (a headline is never one)."""
        return pos >= title_end and any(lo <= pos < hi for lo, hi in enum)

    for start, end, place in found:
        if place.land and not listed(start):
            outside.add(place.land)
        w = 2.0 if start < title_end else 1.0
        if is_dateline(text, start, end):
            w = 0.2
        if place.kind == "city" and place.canonical not in cities:
            cities.append(place.canonical)
        add(place.land, w, start)
    for pos, land in org_lands:
        if land and not listed(pos):
            outside.add(land)
        add(land, 1.0 if pos < title_end else 0.5, pos)
    if enum:
        for land in [ln for ln in weight if ln not in outside]:
            del weight[land]
    if not weight:
        return cities, []
    top = max(weight.values())
    states = [
        ln
        for ln in sorted(weight, key=lambda ln: first[ln])
        if weight[ln] >= RELATIVE_THRESHOLD * top and weight[ln] >= 0.5  # noqa: E501
    ]
    return cities, states
