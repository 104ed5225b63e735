"""Organisations named in a text: the gazetteer of known actors plus patterns for the rest.

Output keeps the surface form as written (contract), one per entity and inflection: both
"EuroHPC Joint Undertaking" and "EuroHPC JU" are reported when both are written, but
"KI-Hubs Sachsen-Thüringen" (genitive) is folded into "KI-Hub Sachsen-Thüringen".
"""
from __future__ import annotations

import re
from functools import lru_cache

from transforms.news.gazetteer import organizations, trie_pattern
from transforms.news.places import lookup as place_lookup

UP = r"[A-ZÄÖÜ]"
CAP = r"[A-ZÄÖÜ][\w&.'/-]*"
CAPW = r"[A-ZÄÖÜ][\w-]*"
# Words that may start a capitalised run without being part of a name.
STOP = set(
    "Der Die Das Dem Den Des Ein Eine Einem Einer Eines The A An Am Im Vom Beim Zum Zur Mit Von Bei "
    "Auch Nach Laut Seit In Für Auf Aus Durch Und Sowie Dazu Als Wie Über Unter An Partner Mit "
    "Neben Gemeinsam Together With From For By At On Of And Both Its Their This That Our Wir Sie Er "
    "Es Ziel Heute Today Minister Ministerin Prof Dr Professor Direktor Leiter Team Teams".split()
)

_MINISTRY_FIELDS = rf"{CAPW}(?:\s+{CAPW})?(?:(?:,\s+|\s+und\s+){CAPW}(?:\s+{CAPW})?)*"
PATTERNS = [
    # German ministries and state chancelleries, with an optional Land adjective in front
    rf"(?:{UP}\w*(?:ische[nrs]?|ische|er)\s+)?(?:Bundes|Staats|Landes)?[Mm]inisterium\s+(?:für|des|der)\s+{_MINISTRY_FIELDS}",
    rf"{UP}\w*(?:ische[nrs]?|ische|er)\s+Staatskanzlei",
    # English ministries / chancelleries
    rf"(?:{CAPW}\s+){{0,2}}Ministry\s+(?:of|for)\s+(?:the\s+)?{CAPW}(?:\s+{CAPW})*(?:(?:,\s+|\s+and\s+(?:the\s+)?){CAPW}(?:\s+{CAPW})*)*",
    rf"{CAPW}\s+State\s+Chancellery",
    # universities and hospitals
    rf"(?:(?:{CAPW}-)|(?:Technische|Freie|Leibniz|Medizinische)\s+)?(?:Universität|Universitätsklinikums?|Uniklinikums?|Hochschule|Fachhochschule|Klinikums?|TU|FH|HTW)\s+{CAP}(?:\s+{CAP}){{0,4}}",
    rf"(?:{CAPW}\s+){{0,2}}University(?:\s+Hospital)?(?:\s+(?:of|for)\s+(?:Applied\s+Sciences|Technology|{CAPW})(?:\s+{CAPW})?)?",
    # research institutes, centres, Fraunhofer / Max Planck / Leibniz / Helmholtz
    rf"Fraunhofer[- ](?:Institut(?:e)?\s+(?:für|for)\s+{CAPW}(?:\s+(?:und|and)?\s*{CAPW})*|[A-Z]{{2,6}}(?:-[A-Z][a-z]+)?)",
    rf"(?:Max-Planck|Leibniz|Helmholtz)-(?:Institut|Zentrum)\s+(?:für\s+)?{CAPW}(?:\s+(?:und|für|der)?\s*{CAPW})*",
    rf"(?:{CAPW}\s+){{0,3}}(?:Institut|Zentrum|Forschungszentrum)\s+für\s+{CAPW}(?:\s+(?:und|der|des)?\s*{CAPW})*",
    rf"(?:{CAPW}\s+){{1,3}}(?:Institute|Center|Centre)(?:\s+(?:for|of)\s+{CAPW}(?:\s+(?:and\s+)?{CAPW})*)?",
    # chambers, networks, programmes, public banks, city administrations
    rf"(?:IHK|Handwerkskammer|Industrie- und Handelskammer)(?:\s+{CAPW}){{1,2}}(?:\s+zu\s+{CAPW})?",
    rf"Mittelstand[- ]Digital[- ]Zentrum?s?\s+{CAPW}",
    rf"{UP}\w*(?:e|er|en)\s+Aufbaubank",
    rf"(?:Stadtverwaltung|Landeshauptstadt|Stadtrat|Stadt|City of)\s+{CAPW}",
    rf"(?:{UP}\w*-)+(?:Institut|Zentrum)(?![\w-])",
    # companies and associations
    rf"(?:[A-ZÄÖÜ0-9][\w&.+-]*\s+){{1,3}}(?:GmbH(?:\s*&\s*Co\.\s*KG)?|AG|SE|KGaA|e\.\s?V\.|Inc\.|Ltd\.?|LLC)(?!\w)",
]


@lru_cache(maxsize=1)
def _gazetteer_regex() -> re.Pattern:
    known, _ = organizations()
    return re.compile(r"(?<!\w)(?:" + trie_pattern(known) + r")(?![\w-])")


# every pattern contains one of these words; texts without any skip the patterns
_PATTERN_KEYWORDS = re.compile(
    r"Stadt|City of|inisteri|Ministry|Staatskanzlei|Chancellery|Universit|Uniklinik|Hochschule|Klinikum|TU |FH |HTW |"
    r"Fraunhofer|Institut|Zentrum|zentrum|Center|Centre|IHK|Handwerkskammer|Handelskammer|Mittelstand|"
    r"Aufbaubank|Stadtverwaltung|Landeshauptstadt|Stadtrat|GmbH|AG\b|SE\b|KGaA|e\.\s?V\.|Inc\.|Ltd|LLC"
)


@lru_cache(maxsize=1)
def _pattern_regex() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in PATTERNS))


_WORD_START = re.compile(r"(?<![\w])[\wÄÖÜ]")
_PATTERN_FIRSTS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ0123456789m")
_WINDOW = 120  # a pattern starts at most this far before its keyword


def _pattern_matches(text: str):
    """Pattern matches, tried only at word starts shortly before a keyword (every pattern has
    one), left to right and non-overlapping — the same matches as trying every word start."""
    starts: set[int] = set()
    for k in _PATTERN_KEYWORDS.finditer(text):
        for ws in _WORD_START.finditer(text, max(0, k.start() - _WINDOW), k.start() + 1):
            starts.add(ws.start())
    rx = _pattern_regex()
    last_end = 0
    for pos in sorted(starts):
        if pos < last_end or text[pos] not in _PATTERN_FIRSTS:
            continue
        m = rx.match(text, pos)
        if m:
            last_end = m.end()
            yield m


def _trim(surface: str) -> str:
    """Drop leading stop words and trailing words after the last place in a university-like name."""
    words = surface.split()
    while words and (words[0] in STOP or words[0].rstrip(".") in STOP):
        words.pop(0)
    # "Universität Leipzig Forschende ..." -> cut after the last place word, if any place is named
    head = {"Universität", "Universitätsklinikum", "Uniklinikum", "Hochschule", "Fachhochschule", "Klinikum", "TU", "FH", "HTW"}
    if len(words) > 2 and any(w.split("-")[-1] in head or w in head for w in words[:2]):
        places_at = [i for i, w in enumerate(words) if place_lookup(w.strip(".,")) is not None]
        keep = (places_at[-1] + 1) if places_at else 2
        words = words[:keep]
    return " ".join(words).rstrip(".,;:")


def _inflection_key(surface: str) -> str:
    """Key that folds German case endings: 'KI-Hubs Sachsen-Thüringen' == 'KI-Hub Sachsen-Thüringen'."""
    out = []
    for w in re.findall(r"[\w.]+", surface.lower()):
        for suffix in ("en", "es", "er", "em", "s", "e", "n"):
            if len(w) - len(suffix) >= 3 and w.endswith(suffix):
                w = w[: -len(suffix)]
                break
        out.append(w)
    return " ".join(out)


def find(text: str, gazetteer_matches=None) -> list[tuple[int, str, str, str | None]]:
    """(position, surface as written, canonical key, Land) per distinct organisation surface."""
    known, fraunhofer = organizations()
    spans: list[tuple[int, int, str, str, str | None]] = []
    for m in gazetteer_matches if gazetteer_matches is not None else _gazetteer_regex().finditer(text):
        org = known[m.group(0)]
        surface = m.group(0)
        if _inflection_key(surface) == _inflection_key(org.canonical):
            surface = org.canonical  # "KI-Hubs Sachsen-Thüringen" (genitive) -> "KI-Hub Sachsen-Thüringen"
        spans.append((m.start(), m.end(), surface, org.canonical, org.land))
    taken = [(s, e) for s, e, *_ in spans]
    for m in _pattern_matches(text):
        raw = m.group(0)
        surface = re.sub(r"\b(Zentrum|Universitätsklinikum|Uniklinikum|Klinikum)s\b", r"\1", _trim(raw))
        if re.match(r"(?:Stadt|City of) ", surface) and place_lookup(surface.split()[-1]) is None:
            continue
        if len(surface) < 4 or " " not in surface and "-" not in surface:
            continue
        start = m.start() + raw.find(surface.split()[0]) if surface else m.start()
        end = start + len(surface)
        overlapping = [i for i, (s, e, *_r) in enumerate(spans) if start < e and s < end]
        if overlapping:
            # a pattern match that only repeats or cuts a known name is dropped; one that extends
            # known names on a side ("Mittelstand-Digital Zentrum Chemnitz") replaces them
            if any(not (start <= spans[i][0] and spans[i][1] <= end) or spans[i][1] - spans[i][0] >= len(surface) - 2 for i in overlapping):
                continue
            spans = [sp for i, sp in enumerate(spans) if i not in overlapping]
            taken = [(s, e) for s, e, *_r in spans]
        land = None
        fr = re.match(r"Fraunhofer[- ]([A-Z]{2,6})", surface)
        if fr:
            land = fraunhofer.get(fr.group(1))
        else:
            for w in reversed(surface.split()):
                p = place_lookup(w.strip(".,"))
                if p is not None and p.land:
                    land = p.land
                    break
        spans.append((start, end, surface, surface, land))
        taken.append((start, end))
    spans.sort()
    out: list[tuple[int, str, str, str | None]] = []
    seen: dict[tuple[str, str], int] = {}
    for start, _end, surface, canonical, land in spans:
        key = (canonical, _inflection_key(surface))
        if key in seen:
            idx = seen[key]
            if surface == canonical and out[idx][1] != canonical:  # prefer the uninflected name
                out[idx] = (out[idx][0], surface, canonical, land)
            continue
        seen[key] = len(out)
        out.append((start, surface, canonical, land))
    return out


def all_mentions(text: str) -> list[tuple[int, str | None]]:
    """(position, Land) of every mention of a known organisation, for the Land weighting."""
    known, _ = organizations()
    return [(m.start(), known[m.group(0)].land) for m in _gazetteer_regex().finditer(text)]


def find_with_mentions(text: str):
    """`find(text)` and `all_mentions(text)` with one scan of the gazetteer."""
    known, _ = organizations()
    gaz = list(_gazetteer_regex().finditer(text))
    return find(text, gaz), [(m.start(), known[m.group(0)].land) for m in gaz]


@lru_cache(maxsize=1)
def _known_by_inflection() -> dict[str, str]:
    known, _ = organizations()
    return {_inflection_key(surface): org.canonical for surface, org in known.items()}


def canonical_key(surface: str) -> str:
    """Key to compare organisations across spellings and German cases (used by the scorer)."""
    known, _ = organizations()
    if surface in known:
        return "gaz:" + known[surface].canonical
    key = _inflection_key(surface)
    if key in _known_by_inflection():
        return "gaz:" + _known_by_inflection()[key]
    return key
