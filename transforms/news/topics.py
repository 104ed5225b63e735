"""Topics from the contract's fixed list, by weighted keywords (headline counts double).

A topic is reported when its keyword weight reaches its threshold; `funding` is also reported
whenever the article states an amount granted or invested.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from transforms.news.gazetteer import trie_pattern

TOPICS = (
    "llm",
    "infrastructure_hpc",
    "funding",
    "sme_adoption",
    "research",
    "education_training",
    "event",
    "policy",
    "industry_application",
    "health",
    "mobility",
)
# topic -> (threshold, [(regex, weight), ...]); regexes are case-insensitive word starts. Thresholds were
# fitted per topic on the tune split of eval/news/corpus.jsonl plus the seed texts (never on test).
KEYWORDS: dict[str, tuple[float, list[tuple[str, float]]]] = {
    "llm": (
        2,
        [
            (r"sprachmodell\w*|chatgpt|foundation models?|grundlagenmodell\w*|lokale[ns]? sprachmodell\w*", 2),
            (
                r"large language models?|llms?\b|sprachmodell\w*|language models?|chatgpt|gpt-?\d?\b|foundation models?|"
                r"basismodell\w*|große[nr]? (?:ki-)?modell\w*|llama|transformer-?modell\w*|prompts?\b",
                2,
            ),
            (
                r"chatbots?|generative[nrs]? (?:ki|ai)|generative artificial|genai\b|ki-modell\w*|(?:ai|large ai) models?",
                1,
            ),
        ],
    ),
    "infrastructure_hpc": (
        1.05,
        [
            (
                r"superrechner\w*|großrechner\w*|hochleistungsrechenzentr\w*|rechenzentr\w*|supercomputing\w*|"
                r"neuromorph\w*|hardware\w*|gpu-architektur|prozessor\w*|speicher\b|ki-rechner\w*|ai factor\w*|"
                r"forschungsinfrastruktur\w*|research infrastructure|dateninfrastruktur\w*|data infrastructure\w*|"
                r"geräteinfrastruktur|neubau\w*",
                1,
            ),
            (
                r"supercomput\w*|hochleistungsrechn\w*|höchstleistungsrechn\w*|hpc\b|exascale|gpus?\b|gpu-\w*|"
                r"rechenzentr\w*|rechenleistung|rechenpower|rechenkapazität\w*|rechenzeit|computing power|"
                r"computing infrastructure|compute\b|data cent(?:er|re)s?|ai factor(?:y|ies)|ki-fabrik\w*|"
                r"giga ?factor\w*|high-performance comput\w*|high performance comput\w*|high-performance computers?|"
                r"server\w*|infrastruktur\w*|infrastructures?\b|rechner\b|rechners|cloud\b",
                1,
            ),
        ],
    ),
    "funding": (
        1.2,
        [
            (
                r"förder\w*|funding|funds?\b|funded|grants?\b|zuschuss\w*|zuwendung\w*|fördermittel\w*|"
                r"förderbescheid\w*|förderprogramm\w*|investi\w*|budget\w*|finanzier\w*|financ\w*",
                1,
            ),
        ],
    ),
    "sme_adoption": (
        1.2,
        [
            (
                r"start-?up-?\w*|gründ\w*|ausgründ\w*|founders?|spin-?offs?|accelerator\w*|akzelerator\w*|"
                r"kleine[nr]? und mittelständische\w*|mittelständische[nr]?|innovative[nr]? (?:unternehmen|firmen)|"
                r"kmu-?\w*|transfer in die (?:breite )?unternehmerschaft|unternehmerschaft",
                1,
            ),
            (
                r"kmus?\b|mittelstand\w*|mittelständ\w*|smes?\b|small and medium|kleine[nr]? und mittlere[nr]?|"
                r"start-?ups?\b|handwerk\w*|betriebe\w*|unternehmerinnen|unternehmer\b|family-owned|"
                r"firmen\b|small companies|small firms|companies adopt\w*|unternehmen\b|"
                r"mittelständler\w*|inkubator\w*|incubator\w*|gründerszene|gründerzentr\w*|existenzgründ\w*|"
                r"jungunternehm\w*|entrepreneur\w*|digitalisierungsberatung|innovationsgutschein\w*|"
                r"handwerksbetrieb\w*|familienunternehm\w*|small businesses|mid-sized",
                1,
            ),
        ],
    ),
    "research": (
        1.75,
        [
            (
                r"forschungszentr\w*|research cent\w*|wissenschaft\w*|science\b|sciences\b|universit\w*|hochschul\w*|"
                r"exzellenzcluster\w*|algorithm\w*|methoden\w*|methods\b|erforsch\w*|investigat\w*|entwickl\w*|develop\w*|"
                r"kompetenzzentr\w*|innovationslabor\w*|lehrstühl\w*|lehrstuhl\w*|professuren|professorships?",
                1,
            ),
            (
                r"forschung\w*|forscher\w*|forschende\w*|research\w*|wissenschaftler\w*|scientists?\b|"
                r"studie\b|study\b|studies\b|publikation\w*|paper\b|institut\w*|labor\b|laboratory|"
                r"professur\w*|promo\w*|doctoral|exzellenz\w*|excellence|kompetenzzent\w*|competence cent\w*|"
                r"forschungsprojekt\w*|research project|pilotprojekt\w*|verbundprojekt\w*|"
                r"forschungsvorhaben|grundlagenforschung|experimente\b|experiments?\b|experimentell\w*|prototyp\w*|prototypes?\b|"
                r"machbarkeitsstudie\w*|feasibility study|researchers?\b|forschungsgruppe\w*|research group\w*|"
                r"nachwuchsgruppe\w*|fachzeitschrift\w*|journal\b|peer-review\w*",
                1,
            ),
        ],
    ),
    "education_training": (
        1.8,
        [
            (
                r"nachwuchs\w*|doktorand\w*|doctoral|phd|graduate school|graduiertenschul\w*|stipendi\w*|scholarships?|"
                r"studienpl\w*|studium\w*|studier\w*|talente?n?\b|talents?\b|know-how|knowhow|specialists|qualified|"
                r"kinder\w*|jugendlich\w*|young scientists|junge[nr]? forsch\w*|learners?|professur\w*|lehrende\w*",
                1,
            ),
            (
                r"weiterbildung\w*|qualifizier\w*|schulung\w*|studierende\w*|students?\b|summer school|"
                r"sommerschule|lehre\b|teaching|curricul\w*|studiengang\w*|studiengäng\w*|kurs\w*|courses?\b|"
                r"ausbildung\w*|lernumgebung|lehrkräfte|training programme|training program|skills?\b|"
                r"fachkräfte\w*|kompetenzen|bildungs\w*|education\w*|schüler\w*|azubis?|lectur\w*|dozent\w*|"
                r"lernten|lernen\b|learned how|teachers?|lehrer\w*|classroom|unterricht\w*|weiterbildungsoffensive|"
                r"seminar\w*|lehrgang\w*|lehrgäng\w*|zertifikatskurs\w*|bootcamp\w*|masterstudiengang\w*|"
                r"bachelor\w*|master's|graduiertenkolleg\w*|e-learning|lernplattform\w*|lernangebot\w*|"
                r"schools?\b|schule\b|schulen\b|tutorial\w*|upskilling|reskilling|train(?:s|ed|ing)? (?:employees|staff|workers|students)|"
                r"mitarbeitende[nr]? schulen|trainees?|auszubildende\w*|lehrveranstaltung\w*|hörsaal",
                1,
            ),
        ],
    ),
    "event": (
        1.0,
        [
            (
                r"besuch\w*|visit\w*|eröffnung\w*|inaugurat\w*|kongress\w*|congress|kick-?off\w*|feier\w*|celebrat\w*|"
                r"vernetzungs\w*|netzwerktreffen|konsortialtreffen|meeting\w*|met\b|trafen|fand\b|findet\b|statt\b|took place|"
                r"gäste\w*|auftakt\w*|veranstaltungsreihe|impulsvortr\w*|präsentiert\w*|presented|begrüß\w*|welcomed|"
                r"unterzeichn\w*|signed|übergab|übergeben|handed over|ceremon\w*|festakt|demonstrat\w*|besichtig\w*",
                1,
            ),
            (
                r"\d{1,2}[:.]\d{2}\s*(?:-|–|bis)\s*\d{1,2}[:.]\d{2}\s*uhr|\d{1,2}(?:[:.]\d{2})?\s*(?:uhr\b|a\.m\.|p\.m\.)",
                2,
            ),
            (
                r"veranstaltung\w*|konferenz\w*|conference\w*|workshops?\b|tagung\w*|vernetzungstreffen|"
                r"networking\w*|vortr(?:a|ä)g\w*|keynotes?\b|messe\b|summer school|sprechstunde|hackathon|"
                r"teilnehmende\w*|teilnehmer\w*|participants?\b|attendees?|speakers?\b|talks?\b|panel\w*|"
                r"world caf[eé]|meetup|treffen\b|anmeldung|registration|lädt\w*|lud\b|invited|invitation|"
                r"podium\w*|fachtag\w*|symposi\w*|forum\b|get together|eröffn\w*|opening ceremony|opened|"
                r"gipfel\w*|summit|werkstatt\b|ki-werkstatt|teilnahme|gäste|guests|[a-z]+-?treffen|"
                r"webinar\w*|barcamp\w*|roadshow\w*|ausstellung\w*|exhibition\w*|jahrestagung\w*|fachkonferenz\w*|"
                r"preisverleihung\w*|award ceremony|podiumsdiskussion\w*|diskussionsrunde\w*|einweihung\w*|"
                r"spatenstich\w*|grundsteinlegung\w*|richtfest\w*|tag der offenen tür|open day|livestream\w*|"
                r"vor ort\b|on site\b|on-site|organi[sz]ed|organisiert\w*|veranstaltet\w*|hosted|ausgerichtet\w*|"
                r"guests?\b|the event\b|das event\b|zu gast|eingeladen\w*|infoveranstaltung\w*|informationsveranstaltung\w*|fachforum|expo\b|trade fair|fair\b",
                1,
            ),
        ],
    ),
    "policy": (
        3.4,
        [
            (
                r"ki-strategie\w*|ai strategy|minister\w*|staatskanzlei|state chancellery|freistaat\w*|free state|"
                r"regierungserklärung|kabinett\w*|richtlinie\w*|förderrichtlinie\w*|programm\w*|initiative\w*|"
                r"standort\w*|wettbewerbsfähig\w*|competitive\w*|ecosystem|ökosystem\w*|rahmenbedingung\w*",
                1,
            ),
            (
                r"strategie\w*|strateg(?:y|ies)|ai act|ki-verordnung|gesetz\w*|regulier\w*|regulation\w*|"
                r"aktionsplan\w*|action plan|verwaltung\w*|administration\b|government\w*|landesregierung|"
                r"bundesregierung|koalition\w*|datenschutz\w*|data protection|souveränität|sovereignty|"
                r"politik\w*|polic(?:y|ies)|public sector|öffentliche[nr]? (?:sektor|verwaltung|hand)|"
                r"staatssekretär\w*|landtag|bundestag|parliament|leitlinien|guidelines|kommun\w*|"
                r"rathaus|bürger\w*|citizens?|staatsregierung|state government|federal government|"
                r"ministerpräsident\w*|prime minister|rules\b|regeln\b|"
                r"digitalstrategie\w*|hightech[- ]agenda|förderaufruf\w*|koalitionsvertrag\w*|gesetzentwurf\w*|"
                r"verordnung\w*|regulatory|landeshaushalt\w*|doppelhaushalt\w*|fraktion\w*|partei\w*|"
                r"europäische kommission|eu-kommission|european commission|eu-parlament|european parliament|"
                r"ministerrat|bundesrat|landespolitik\w*|wirtschaftspolitik\w*|forschungspolitik\w*|"
                r"wahlprogramm\w*|opposition\w*",
                1,
            ),
        ],
    ),
    "industry_application": (
        4.25,
        [
            (
                r"industrie\w*|industry|industries|wirtschaft\b|wirtschaftspartner\w*|business\w*|unternehmen\w*|companies|"
                r"produktions\w*|produkte?\b|products?\b|anwendung\w*|applications?\b|praxis\w*|practice\b|transfer\w*|"
                r"fertigungsverfahren|automatisier\w*|automation|robotik|robotics|industrie 4\.0|industry 4\.0|wertschöpfung\w*|"
                r"anlagen\w*|demonstrator\w*|retrofit|smart city|pilotunternehmen|pilotpartner\w*",
                1,
            ),
            (
                r"produktion\w*|production\b|industrial\w*|industrieunternehmen|industriebetrieb\w*|fertigung\w*|"
                r"fertigungs\w*|manufactur\w*|qualitätsprüf\w*|quality inspection|inspection|logistik\w*|logistics|"
                r"anwendungsf(?:a|ä)ll\w*|zuliefer\w*|suppliers?\b|customers?\b|kunden\w*|predictive maintenance|"
                r"wartung|maschinenbau\w*|maschinen\b|machines\b|factories\b|fabriken\b|werkstätten|automotive|"
                r"auftr(?:a|ä)g\w*|lieferzeit\w*|scrap|ausschuss|farms?\b|farmers?\b|landwirt\w*|agricultur\w*|"
                r"häfen|hafen\w*|ports?\b|containerumschlag|deployed|in production|im einsatz|sensor\w*|"
                r"aufmaße?|angebote\b|"
                r"praxiseinsatz|use cases?\b|anwendungsszenari\w*|serienreif\w*|marktreif\w*|"
                r"kommerzialis\w*|commerciali[sz]\w*|geschäftsmodell\w*|business models?|industriepartner\w*|"
                r"industrial partners?|industriekunden|produktionsprozess\w*|prozessoptimierung|"
                r"digitaler? zwilling\w*|digital twins?|qualitätskontrolle|quality control",
                1,
            ),
        ],
    ),
    "health": (
        1.2,
        [
            (
                r"medizintechn\w*|medizin\w*|krebsforschung|gesundheitswesen|life sciences?|lebenswissenschaft\w*|"
                r"biotech\w*|pharma\w*|chirurg\w*|surg\w*|healthcare",
                1,
            ),
            (
                r"klinik\w*|klinikum\w*|krankenh\w*|hospital\w*|patient\w*|medizin\w*|medical|medicine|"
                r"gesundheit\w*|health\w*|patholog\w*|diagnos\w*|ärzt\w*|arzt\b|doctors?\b|pflege\w*|"
                r"clinical|therap\w*|notaufnahme|radiolog\w*|tumor\w*|krebs\w*|cancer|erkrankung\w*|disease\w*|"
                r"befund\w*",
                1,
            ),
        ],
    ),
    "mobility": (
        2.4,
        [
            (
                r"mobilkommunikation|e-mobilität|autonomen fahren\w*|autonomous driving|wasserstoffantrieb\w*|automobil\w*",
                1,
            ),
            (
                r"verkehr\w*|traffic|autonom\w* fahr\w*|autonomous (?:driving|vehicles?)|fahrzeug\w*|vehicles?\b|"
                r"\bbus\w*|bahn\b|railway|züge|mobilität\w*|mobility|automotive|autos?\b|cars?\b|"
                r"car body|lkw\w*|trucks?|transport\w*|straße\w*|roads?\b|fahrer\w*|drivers?\b|logistik\w*|logistics",
                1,
            ),
        ],
    ),
}


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern, dict[str, tuple[str, float]], dict[str, list[tuple[str, str, float, re.Pattern]]]]:
    """One regex over the lower-cased text (a named group per keyword list) to find candidate
    words fast, plus each list alone to credit every topic a word belongs to ("automotive")."""
    parts: list[str] = []
    groups: dict[str, tuple[str, float]] = {}
    each: list[tuple[str, str, float, re.Pattern]] = []
    for topic, (_th, kws) in KEYWORDS.items():
        for i, (rx, w) in enumerate(kws):
            name = f"{topic}__{i}"
            groups[name] = (topic, w)
            parts.append(f"(?P<{name}>{rx})")
            each.append((name, topic, w, re.compile(rx)))
    by_char: dict[str, list[tuple[str, str, float, re.Pattern]]] = {}
    for item in each:
        firsts = _first_chars(item[3].pattern)
        for ch in firsts if firsts is not None else ["*"]:
            by_char.setdefault(ch, []).append(item)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")"), groups, by_char


def _class_chars(items) -> set[str] | None:
    """The characters of a parsed character class (`[...]`: literals and small ranges), None when
    it holds anything else (a category such as `\\w`, a negation, a large range)."""
    from re import _constants as c  # type: ignore[attr-defined]  # Python 3.11+: the regex parser's internals

    chars: set[str] = set()
    for kind, val in items:
        if kind is c.LITERAL:
            chars.add(chr(val))
        elif kind is c.RANGE and val[1] - val[0] < 300:
            chars |= {chr(x) for x in range(val[0], val[1] + 1)}
        else:
            return None
    return chars


def _first_chars(pattern: str) -> set[str] | None:
    """Characters a match of `pattern` can start with (lower-case letters), None if unknown."""
    from re import _constants as c  # type: ignore[attr-defined]  # Python 3.11+: the regex parser's internals
    from re import _parser as sre_parse  # type: ignore[attr-defined]

    def first(items) -> set[str] | None:
        if not items:
            return None
        op, av = items[0]
        if op is c.LITERAL:
            return {chr(av)}
        if op is c.SUBPATTERN:
            return first(list(av[-1]))
        if op is c.BRANCH:
            out: set[str] = set()
            for branch in av[1]:
                f = first(list(branch))
                if f is None:
                    return None
                out |= f
            return out
        if op is c.IN:
            return _class_chars(av)
        return None

    return first(list(sre_parse.parse(pattern)))


def _top_level(rx: str) -> list[str]:
    """The top-level alternatives of a regex ('a|b(?:c|d)' -> ['a', 'b(?:c|d)'])."""
    out, depth, cur, i, in_class = [], 0, [], 0, False
    while i < len(rx):
        ch = rx[i]
        if ch == "\\" and i + 1 < len(rx):
            cur.append(rx[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append("".join(cur))
            cur = []
            i += 1
            continue
        cur.append(ch)
        i += 1
    out.append("".join(cur))
    return out


@lru_cache(maxsize=1)
def _by_first_char() -> dict[str, tuple[re.Pattern, list[tuple[str, float, re.Pattern]]]]:
    """First character -> (one regex of every alternative starting with it, [(topic, weight,
    that list's alternatives)]): at a word start one regex is tried; which lists match there
    (a word can count for two topics, "automotive") is worked out once per text snippet."""
    per_char: dict[str, list[tuple[str, float, list[str]]]] = {}
    for topic, (_th, kws) in KEYWORDS.items():
        for rx, w in kws:
            by_char: dict[str, list[str]] = {}
            for alt in _top_level(rx):
                firsts = _first_chars(alt)
                for ch in firsts if firsts is not None else ["*"]:
                    by_char.setdefault(ch, []).append(alt)
            for ch, alts in by_char.items():
                per_char.setdefault(ch, []).append((topic, w, alts))
    anywhere = per_char.pop("*", [])
    out = {}
    for ch, lists in per_char.items():
        lists = lists + anywhere
        combined = re.compile("|".join("(?:" + "|".join(alts) + ")" for _t, _w, alts in lists))
        out[ch] = (combined, [(t, w, re.compile("(?:" + "|".join(alts) + ")")) for t, w, alts in lists])
    if anywhere:
        out["*"] = (
            re.compile("|".join("(?:" + "|".join(a) + ")" for _t, _w, a in anywhere)),
            [(t, w, re.compile("(?:" + "|".join(a) + ")")) for t, w, a in anywhere],
        )
    return out


def _prefixes(pattern: str, n: int) -> set[str] | None:
    """Every string of length `n` a match of `pattern` can start with (shorter strings: the match
    may go on with anything after them); None when the first characters cannot be enumerated.
    A superset is fine: it only selects the positions where the keyword regexes are tried."""
    from re import _constants as c  # type: ignore[attr-defined]  # Python 3.11+: the regex parser's internals
    from re import _parser as sre_parse  # type: ignore[attr-defined]

    unknown: tuple[set[str], bool] = ({""}, False)

    def one(op, av) -> tuple[set[str], bool]:  # (strings, True if they are the whole match of op)
        if op is c.LITERAL:
            return {chr(av)}, True
        if op is c.IN:
            chars = _class_chars(av)
            return unknown if chars is None else (chars, True)
        if op is c.SUBPATTERN:
            return seq(list(av[-1]))
        if op is c.BRANCH:
            out: set[str] = set()
            exact = True
            for branch in av[1]:
                got, ex = seq(list(branch))
                out |= got
                exact = exact and ex
            return out, exact
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            if av[0] == 0:
                return unknown
            return seq(list(av[2]))[0], False
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            return {""}, True  # zero width: ignoring the condition keeps a superset
        return unknown

    def seq(items) -> tuple[set[str], bool]:
        cur: set[str] = {""}
        done: set[str] = set()
        for op, av in items:
            if not cur:
                break
            strings, exact = one(op, av)
            nxt: set[str] = set()
            for s in cur:
                for t in strings:
                    u = (s + t)[:n]
                    (done if len(u) == n or not exact else nxt).add(u)
            cur = nxt
        return done | cur, not done

    got = seq(list(sre_parse.parse(pattern)))[0]
    return None if any(len(s) < 2 for s in got) else got


def _required_literal(pattern: str) -> str:
    """The longest run of plain characters every match of `pattern` contains ("treffen" in
    "[a-z]+-?treffen"), "" if none: a text without it cannot match there."""
    from re import _constants as c  # type: ignore[attr-defined]  # Python 3.11+: the regex parser's internals
    from re import _parser as sre_parse  # type: ignore[attr-defined]

    best, cur = "", ""
    for op, av in sre_parse.parse(pattern):
        cur = cur + chr(av) if op is c.LITERAL else ""
        best = max(best, cur, key=len)
    return best


@lru_cache(maxsize=1)
def _fixed_and_free() -> tuple[str, list[tuple[str, str]]]:
    """The trie of every keyword's first five characters, and the few keywords without a fixed
    start ("\\d{1,2} uhr", "[a-z]+-?treffen") with the text they require."""
    fixed: set[str] = set()
    free: list[tuple[str, str]] = []
    for _th, kws in KEYWORDS.values():
        for rx, _w in kws:
            for alt in _top_level(rx):
                got = _prefixes(alt, 5)
                if got is None:
                    free.append((alt, _required_literal(alt)))
                else:
                    fixed |= got
    return trie_pattern(fixed), free


@lru_cache(maxsize=8)
def _candidate_regexes(free: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    """(a candidate at this word start, the words up to the next candidate's start): the second
    runs over whole words inside `re` (possessive, so linear) instead of trying every character."""
    here = "(?=" + "|".join([_fixed_and_free()[0], *free]) + ")"
    return re.compile(r"\b(?=\w)" + here), re.compile(r"(?:\w*+\W++(?!" + here + r"))*+\w*+\W++")


def _candidate_starts(low: str) -> Iterator[int]:
    """Word starts where some keyword can match: its first five characters are a keyword's
    (a trie), or one of the keywords without a fixed start matches there. Those are left out
    when the text lacks what they require: "[a-z]+-?treffen" tried at every word is slow."""
    here, to_next = _candidate_regexes(tuple(alt for alt, need in _fixed_and_free()[1] if need in low))
    if here.match(low):
        yield 0
    m = to_next.match(low)
    while m:
        yield m.end()
        m = to_next.match(low, m.end() + 1)  # inside that word or after it: never a word start


_WINDOW = 48  # longer than any keyword (plus the character after it)
# text from a keyword start -> ([(topic, weight)] of the keyword lists matching there, longest match)
_CREDITS: dict[str, tuple[list[tuple[str, float]], int]] = {}


def scores(text: str, title_end: int) -> dict[str, float]:
    """Keyword weight per topic; a match in the headline counts double. Only the candidate word
    starts are visited; what matches there is worked out once per window of text (no keyword
    list matching: no credits)."""
    by_char = _by_first_char()
    anywhere = by_char.get("*")
    low = text.lower()
    out: dict[str, float] = {}
    skip_to = -1
    for pos in _candidate_starts(low):
        if pos < skip_to:
            continue
        key = low[pos : pos + _WINDOW]
        cached = _CREDITS.get(key)
        if cached is None:
            entry = by_char.get(low[pos]) or anywhere
            credits = []
            longest = 0
            for topic, w, rx in entry[1] if entry is not None else ():
                m = rx.match(low, pos)
                if m:
                    credits.append((topic, w))
                    longest = max(longest, m.end() - pos)
            if len(_CREDITS) > 50_000:
                _CREDITS.clear()
            cached = _CREDITS[key] = (credits, longest)
        credits, longest = cached
        if not credits:
            continue
        factor = 2 if pos < title_end else 1
        for topic, w in credits:
            out[topic] = out.get(topic, 0.0) + w * factor
        skip_to = pos + longest
    return out


def topics(text: str, title_end: int, funding_eur: float | None) -> list[str]:
    # long texts mention everything a little: thresholds grow with the square root of the length
    scale = max(1.0, (len(text.split()) / 100) ** 0.5)
    got = scores(text, title_end)
    return [t for t in KEYWORDS if got.get(t, 0.0) >= KEYWORDS[t][0] * scale or (t == "funding" and funding_eur)]
