"""Organisations named in a text (extraction v2): gazetteer + noun-phrase recogniser.

What is recognised, in this order:
- the gazetteers (`gazetteer/organizations.json`, `gazetteer/public_bodies.json`): exact spellings;
- noun phrases around a head noun (Universität, Hochschule, Institut, Zentrum, Ministerium,
  Stiftung, Klinikum, Verband, Cluster, Agentur, Gesellschaft, University, Institute, Center …),
  with Land adjectives in front ("Sächsisches Staatsministerium für …") and a "für/for/of"
  complement; Fraunhofer / Max Planck / Leibniz / Helmholtz institutes and their parts; legal
  forms (GmbH, AG, e. V., Inc., Ltd); companies introduced as "Firma/Unternehmen „X“";
- "Long name (ABBR)" definitions: the abbreviation is an alias of the long name for the rest of
  the article, so later "ABBR" mentions are the same organisation;
- state bodies named generically or by adjective ("Staatskanzlei", "sächsisches
  Wissenschaftsministerium", "Staatsregierung"), resolved to the Land's body when a Land
  adjective precedes them or the article is about one Land only (`resolve_generic`);
- political parties (CDU, SPD, "(Grüne)", …) and EU bodies (gazetteer).

German case endings are normalised to the base form: "des Sächsischen Textilforschungsinstituts"
→ "Sächsisches Textilforschungsinstitut". Nothing is added that the text does not name (no
organisation is inferred from a city or a person). One entry per organisation: spellings that are
the same organisation (abbreviation, long form, gazetteer alias) share one canonical key, and the
reported surface is the long form as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

from transforms.news.gazetteer import (
    first_char_tries,
    fraunhofer_names,
    generic_bodies,
    organizations,
    trie_pattern,
    word_start_trie,
)
from transforms.news.places import lookup as place_lookup
from transforms.news.text import matches_at

UP = "A-ZÄÖÜ"
# a capitalised word; a dot only inside (ScaDS.AI), never at its end
CAPW = rf"[{UP}0-9][\w&/'’+-]*+(?:\.[\w][\w&/'’+-]*+)*"
# complement item: optional lower-case adjective, then capitalised words
_ITEM = rf"(?:[a-zäöü][\w-]*+[ ])?{CAPW}(?:[ ]{CAPW}){{0,3}}"
_COMPL = rf"{_ITEM}(?:(?:,[ ]{_ITEM})*[ ](?:und|and|&|sowie)[ ]{_ITEM})?"
_LINK = r"(?:für|for|of|For|Of)"

HEADS_N = (
    "institut",
    "zentrum",
    "center",
    "centre",
    "ministerium",
    "klinikum",
    "netzwerk",
    "amt",
    "kolleg",
    "forum",
    "büro",
    "konsortium",
    "bündnis",
    "werk",
    "haus",
)
HEADS_F = (
    "universität",
    "hochschule",
    "stiftung",
    "gesellschaft",
    "agentur",
    "akademie",
    "allianz",
    "kommission",
    "staatskanzlei",
    "regierung",
    "bank",
    "kammer",
    "gemeinschaft",
    "fakultät",
    "initiative",
    "konferenz",
    "vereinigung",
    "behörde",
    "school",
    "schule",
    "anstalt",
)
HEADS_M = ("verband", "cluster", "fonds", "verein", "rat", "campus", "hub", "park", "betrieb")
_GENDER = {**{h: "n" for h in HEADS_N}, **{h: "f" for h in HEADS_F}, **{h: "m" for h in HEADS_M}}
_HEAD_ALT = "|".join(
    sorted(
        {h.capitalize() for h in _GENDER}
        | {
            "Universitätsklinikum",
            "Uniklinikum",
            "Fachhochschule",
            "Kompetenzzentrum",
            "Forschungszentrum",
            "Staatsministerium",
        },
        key=len,
        reverse=True,
    )
)
# head as its own word, or as the end of a compound ("Textilforschungsinstitut", "KI-Zentrum")
_HEAD_WORD = rf"(?:[{UP}][\w]*+-)*(?:[{UP}][a-zäöüß]*(?:{trie_pattern(_GENDER)})|{_HEAD_ALT})(?:es|s)?(?![\w])"
_ADJ = rf"[{UP}][a-zäöüß]+(?:e|en|er|es|em)"

_STOP_ALT = "Der|Die|Das|Dem|Den|Des|Ein|Eine|Für|Und|Mit|Von|Bei|In|Im|Am|Auf|Aus|The|For|Of|And|KI|AI"
_EN_HEAD_ALT = "Institute|Center|Centre|Foundation|Agency|Council|Association"  # English heads after the name
_BANK_ALT = "Volksbank|Sparkasse|Kreissparkasse|Stadtsparkasse|Raiffeisenbank"  # banks named by their place

PATTERNS = [
    # Fraunhofer / Max-Planck / Leibniz / Helmholtz and their parts
    rf"(?:Institutsteil[ ]{CAPW}(?:[ ]{CAPW})?[ ]des[ ])?Fraunhofer-(?:Instituts?|Institute|Center|[A-Z]?[a-zäöü]*[Zz]entrums?)"
    rf"(?:[ ](?:Sachsen|Thüringen|Bayern|Hessen|Berlin|Brandenburg|Dresden|Leipzig|Chemnitz|Jena|Ilmenau|Erfurt))?"
    rf"[ ](?:für|for)[ ](?:die[ ]|den[ ]|das[ ])?{_COMPL}(?:[ ][A-Z]{{2,6}})?",
    r"Fraunhofer[- ](?:[A-Z]{2,6}(?:-[A-Z][a-z]+)?)(?![\w])",
    rf"(?:Max-Planck|Leibniz|Helmholtz)-(?:Instituts?|Zentrums?|Center)[ ](?:(?:für|for|of)[ ])?{_COMPL}",
    # ministries and governments (German: with Land adjective; English)
    rf"(?:{_ADJ}[ ])?(?:Bundes|Staats|Landes)?[Mm]inisteriums?[ ](?:für|des|der)[ ]{_COMPL}(?:[ ]des[ ]Landes[ ]{CAPW})?",
    rf"(?:(?:Federal|State|Saxon|Thuringian|Bavarian|Hessian|Hesse)[ ])*Ministry[ ](?:of|for)[ ](?:the[ ])?{_COMPL}",
    rf"{_ADJ}[ ](?:Staatskanzlei|Staatsregierung|Landesregierung)",
    r"(?:Saxon|Thuringian|Bavarian)[ ]State[ ](?:Chancellery|Government)",
    # universities and hospitals named by their place
    rf"(?:(?:Technische|Freie|Medizinische)n?[ ])?(?:Universität|Universitätsklinikum|Uniklinikum|Hochschule|Fachhochschule|Klinikum|TU|FH|HTW|Uni)(?:[ ]in)?[ ](?!für[ ]){CAPW}(?:[ ]{CAPW}){{0,3}}",
    # savings and cooperative banks named by their place ("Volksbank Mittweida")
    rf"(?:{_BANK_ALT})[ ]{CAPW}",
    # head noun first, then the name ("Stiftung Innovation und Technik", "Verband Sächsischer
    # Softwarehersteller", "Cluster Silicon Saxony")
    rf"(?:(?:Die|Der|Das|Den|Dem|Des|Vom|Beim|Zum|Zur)[ ])?(?:Stiftung|Verband|Verein|Cluster|Netzwerk|Bündnis|Bundesverband|Landesverband|Fachbereich)[ ](?!(?:{_STOP_ALT})[ ])"
    rf"(?:{_ADJ}[ ])?{CAPW}(?:[ ](?:und|&)[ ]{CAPW}|[ ](?!(?:{_STOP_ALT})(?![\w]))[{UP}][a-zäöü]+){{0,2}}",
    # head-noun phrases: adjectives + head (+ complement)
    rf"(?:(?:{_ADJ}|[{UP}][\w-]*er)[ ]){{0,2}}(?:[{UP}][\w]*-(?:,[ ][{UP}][\w]*-)*[ ](?:und|and|oder)[ ])?{_HEAD_WORD}(?:[ ]{_LINK}[ ]{_COMPL})?(?:[ ](?:des|der)[ ](?:{_ADJ}[ ])?{_HEAD_WORD}(?:[ ]{_LINK}[ ]{_COMPL})?)?",
    # English institutions
    rf"(?:{CAPW}[ ]){{0,3}}University(?:[ ]Hospital)?(?:[ ](?:of|for)[ ](?:Applied[ ]Sciences|Technology|{CAPW})(?:[ ]{CAPW})?)?",
    rf"(?:{CAPW}[ ]){{0,3}}(?:{_EN_HEAD_ALT})(?:[ ](?:for|of|on|For|Of)[ ](?:the[ ])?{_COMPL})?",
    # chambers, networks, banks, city administrations
    rf"(?:IHK|Handwerkskammer|Industrie-[ ]und[ ]Handelskammer)(?:[ ]{CAPW}){{1,2}}(?:[ ]zu[ ]{CAPW})?",
    rf"Mittelstand[- ]Digital[- ]Zentrum?s?[ ]{CAPW}",
    rf"(?:Stadtverwaltung|Landeshauptstadt|Stadt|City[ ]of)[ ]{CAPW}",
    # companies and associations with a legal form; companies introduced by a noun
    rf"(?:[{UP}0-9][\w&.+:-]*[ ]){{1,3}}(?:GmbH(?:[ ]?&[ ]?Co\.[ ]?KG)?|AG|SE|KGaA|e\.[ ]?V\.|gGmbH|Inc\.|Ltd\.?|LLC)(?![\w])",
    rf"Firma[ ][„\"“]?[{UP}][\w.&-]+[“\"”]?|(?:Unternehmen|Start-up|Startup|company|start-up|firm)[ ][„\"“][{UP}][\w.&-]+(?:[ ][{UP}][\w.&-]+)?[“\"”]",
]

PARTY = re.compile(
    r"(?<![\w-])(CDU|CSU|SPD|FDP|AfD|BSW)(?![\w])|\((Grüne|Grünen|Linke|Freie Wähler)\)|\b[Dd]ie (Grünen|Linke)\b"
)
_FACTION = re.compile(
    r"(?<![\w-])(?:CDU|CSU|SPD|FDP|AfD|BSW|Grünen|Linken)-(?:Landtags|Bundestags|Stadtrats|Kreistags|Europa)?[Ff]raktion(?![\w])"
)
_PARTY_NAME = {"Grüne": "Bündnis 90/Die Grünen", "Grünen": "Bündnis 90/Die Grünen", "Linke": "Die Linke"}

# a word that never starts a name, and ends it when it follows the head
STOP = set(
    "Der Die Das Dem Den Des Ein Eine Einem Einer Eines The A An Am Im Vom Beim Zum Zur Mit Von Bei "
    "Auch Nach Laut Seit In Für Auf Aus Durch Und Sowie Dazu Als Wie Über Unter An Partner Neben Gemeinsam "
    "Together With From For By At On Of And Both Its Their This That Our Wir Sie Er Es Ziel Heute Today "
    "Minister Ministerin Prof Prof. Dr Dr. Professor Direktor Leiter Team Teams Rektorin Rektor Präsident "
    "Präsidentin Staatssekretär Staatsminister Wissenschaftsminister Sprecher Projekt Projekte Foto Bild "
    "Hier Dort Damit Daher Dabei Zudem Außerdem Bereits Jetzt Nun So Diese Dieser Dieses Mehr Weitere "
    "Share Contact Telefon Fax Copyright Titelfoto Quelle Lesen Zurück Merken Teilen Folgen Beitragsbild "
    # roles: a person's name after them is not part of the organisation's name
    "Leiterin Direktorin Professorin Sprecherin Ministerpräsidentin Ministerpräsident Staatsministerin "
    "Staatssekretärin Geschäftsführer Geschäftsführerin Vorstand Vorständin Vorsitzender Vorsitzende "
    "Gründer Gründerin Mitgründer Mitgründerin Chef Chefin Koordinator Koordinatorin Projektleiter "
    "Projektleiterin Institutsleiter Institutsleiterin Kanzler Kanzlerin Bürgermeister Bürgermeisterin "
    "Oberbürgermeister Oberbürgermeisterin Dekan Dekanin Vizepräsident Vizepräsidentin Rektorat CEO CTO "
    "Director President Head Chair Dean Spokesperson Founder Coordinator Mayor Herr Frau Mr Mrs Ms".split()
)
_GENERIC_PREFIX = {
    "ki",
    "ai",
    "it",
    "daten",
    "digital",
    "innovations",
    "forschungs",
    "kompetenz",
    "technologie",
    "transfer",
    "spitzen",
    "ki-spitzen",
    "hochleistungs",
    "rechen",
    "gründer",
    "nachwuchs",
    "bundes",
    "landes",
    "netzwerk",
    "partner",
    "kooperations",
    "projekt",
    "verbund",
}
_NOT_NAME_BEFORE = {
    "ein",
    "eine",
    "einen",
    "einem",
    "eines",
    "einer",
    "a",
    "unser",
    "unsere",
    "unserem",
    "unseren",
    "unserer",
    "unseres",
    "ihr",
    "ihre",
    "ihrem",
    "ihren",
    "sein",
    "seine",
    "seinem",
    "neues",
    "neuen",
    "neue",
    "neuer",
    "new",
    "our",
    "its",
    "their",
    "jedes",
    "jede",
    "any",
}
_LEGAL_TAIL = re.compile(r"[ ]+(?:e\.[ ]?V\.?|gGmbH)$")
_ABBR_DEF = re.compile(r"[ ]?\((?P<abbr>[A-ZÄÖÜ][\w.&-]{1,11}(?:[ ][A-Z]{2,5})?)\)")
_ABBR_OK = re.compile(r"(?=.*[A-ZÄÖÜ].*[A-ZÄÖÜ0-9])[\w.&-]+(?:[ ][A-Z]{2,5})?")
_NOT_ABBR = {
    "KI",
    "AI",
    "EU",
    "IT",
    "CEO",
    "FuE",
    "MINT",
    "HPC",
    "KMU",
    "SME",
    "SMEs",
    "TU",
    "VR",
    "AR",
    "DNN",
    "IoT",
    "KIS",
    "SOPs",
    "MoU",
    "TUD",
    "SZ",
}

_GENERIC = re.compile(
    r"(?<![\w-])(?P<adj>)(?P<pre>[A-ZÄÖÜ][\w]*-)?"
    r"(?P<bund>Bundes)?(?P<noun>[Ww]issenschafts|[Ww]irtschafts|[Kk]ultus|[Ss]ozial|[Ii]nnen|[Ff]inanz|[Dd]igital|"
    r"[Bb]ildungs|[Ff]orschungs|[Gg]esundheits)ministerium(?:s)?(?![\w-])|(?<![\w-])(?P<adj2>)"
    r"(?P<noun2>Staatskanzlei|Staatsregierung|Landesregierung)(?![\w-])"
)
_LAND_GENITIVE = re.compile(r"([A-ZÄÖÜ][\w-]+s)[ ]$")
_ADJ_BEFORE = re.compile(r"([A-Za-zÄÖÜäöü]+(?:ische[nmrs]?|er|isches))[ ]$")
_LAND_ADJ = {
    "sächsisch": "Sachsen",
    "thüringer": "Thüringen",
    "thüringisch": "Thüringen",
    "bayerisch": "Bayern",
    "niedersächsisch": "Niedersachsen",
    "hessisch": "Hessen",
    "saarländisch": "Saarland",
    "brandenburgisch": "Brandenburg",
    "berliner": "Berlin",
    "hamburger": "Hamburg",
    "bremer": "Bremen",
}


def _variants(surface: str) -> set[str]:
    """Inflected spellings of a gazetteer name: adjective endings agree (-e/-en/-em/-er/-es),
    the head may take a genitive -s/-es; "TU X" is also written "TU-X"."""
    out = {surface}
    words = surface.split(" ")
    adj_at = [i for i, w in enumerate(words) if _ADJ_STEM.match(w)]
    if adj_at:
        for ending in ("e", "en", "em", "er", "es"):
            w2 = list(words)
            for i in adj_at:
                stem = _ADJ_STEM.match(words[i])
                w2[i] = (stem.group(1) if stem else words[i]) + ending
            out.add(" ".join(w2))
    head_i = next((i for i, w in enumerate(words) if _is_head(w)), None)
    if head_i is not None and _head_gender(words[head_i]) in ("n", "m"):
        for v in list(out):
            w2 = v.split(" ")
            if not w2[head_i].endswith("s"):
                for suffix in ("s", "es"):
                    w3 = list(w2)
                    w3[head_i] = w2[head_i] + suffix
                    out.add(" ".join(w3))
    if surface.startswith("TU "):
        out.add("TU-" + surface[3:])
    return out


@lru_cache(maxsize=1)
def _known_surfaces() -> dict:
    """Gazetteer surface (exact and inflected) -> Org."""
    known, _ = organizations()
    out = dict(known)
    for surface, org in known.items():
        if " " in surface or _is_head(surface):
            for v in _variants(surface):
                if v not in out:
                    out[v] = org
                    _VARIANT_BASE[v] = surface
    return out


_VARIANT_BASE: dict[str, str] = {}  # inflected spelling -> the gazetteer's base spelling


@lru_cache(maxsize=1)
def _gazetteer_regex() -> re.Pattern:
    # = (?<![\w-])(?:trie_pattern(surfaces))(?![\w-]|/[A-Z]), look-behind behind the first character
    return re.compile(word_start_trie(_known_surfaces(), r"[\w-]") + r"(?![\w-]|/[A-Z])")


# words near which a pattern can match; plain strings go into one trie (one character check per
# position instead of one per keyword), the few with regex syntax stay alternatives
_KEYWORD_STRINGS = (
    "Stadt|City of|inisteri|Ministry|Staatskanzlei|Chancellery|Regierung|Government|Universit|Uniklinik|"
    "ochschule|linikum|parkasse|TU |FH |HTW |Uni |Unis |Fachbereich|Fraunhofer|nstitut|entrum|Center|Centre|Foundation|Agency|Council|"
    "Association|IHK|kammer|Mittelstand|stiftung|Stiftung|esellschaft|gentur|kademie|llianz|ommission|"
    "bank|emeinschaft|akultät|nitiative|erband|luster|onds|erein|etzwerk|Hub|GmbH|KGaA|Inc.|"
    "Ltd|LLC|Firma|Unternehmen|Start-up|Startup|company|firm|Campus|School|chule|onsortium|ehörde|Labor|Park"
).split("|")
# the keywords with regex syntax: AG/SE/Rat (capitals) and "e. V." (no two start alike)
_UPPER_KEYWORD_RXS = (r"AG\b", r"SE\b", r"Rat\b")
_E_V = re.compile(r"e\.\s?V\.")
_PATTERN_KEYWORDS = re.compile(
    "(?:" + trie_pattern(_KEYWORD_STRINGS) + ")|" + "|".join((*_UPPER_KEYWORD_RXS, _E_V.pattern))
)


_LOWER_KEYS = tuple(k for k in _KEYWORD_STRINGS if not k[0].isupper())
# the keywords that start with a capital, and AG/SE/Rat: one regex whose branches start with a
# capital letter, so `re` skips to the capitals; no other keyword starts with one, and none can
# start inside a lower-case keyword, so its non-overlapping matches are those that are kept
_UPPER_KEYWORDS = re.compile(
    "(?:"
    + "|".join(
        [
            re.escape(ch) + rest
            for ch, rest in sorted(first_char_tries(k for k in _KEYWORD_STRINGS if k[0].isupper()).items())
        ]
        + list(_UPPER_KEYWORD_RXS)
    )
    + ")"
)


def _keyword_starts(text: str) -> list[int]:
    """Starts of `_PATTERN_KEYWORDS.finditer(text)` (non-overlapping, longest at a position):
    the capitalised keywords with one regex, the others with str.find per keyword (both faster
    than `_PATTERN_KEYWORDS`, which is tried at nearly every character)."""
    hits = [(m.start(), m.start() - m.end()) for m in _UPPER_KEYWORDS.finditer(text)]
    for k in _LOWER_KEYS:
        i = text.find(k)
        while i >= 0:
            hits.append((i, -len(k)))
            i = text.find(k, i + 1)
    i = text.find("e.")
    while i >= 0:
        m = _E_V.match(text, i)
        if m:
            hits.append((i, i - m.end()))
        i = text.find("e.", i + 1)
    hits.sort()
    out = []
    last = 0
    for start, neg_len in hits:
        if start >= last:
            out.append(start)
            last = start - neg_len
    return out


@lru_cache(maxsize=1)
def _pattern_regex() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in PATTERNS))


# a word start that can be a capital or a digit (the common lower-case letters are left out,
# and the look-behind sits behind the first character, so `re` skips to the candidates)
_WORD_START = re.compile(r"[^\W_a-zäöüß](?<![\w-][\s\S])")
_WINDOW = 90


def _pattern_matches(text: str):
    """Pattern matches, tried only at word starts shortly before a keyword, left to right."""
    # the windows before the keywords, merged (they overlap a lot), then the word starts in them
    windows: list[list[int]] = []
    for ks in _keyword_starts(text):
        lo = max(0, ks - _WINDOW, text.rfind("\n", 0, ks) + 1)
        if windows and lo <= windows[-1][1]:
            if ks + 1 > windows[-1][1]:
                windows[-1][1] = ks + 1
        else:
            windows.append([lo, ks + 1])
    rx = _pattern_regex()
    last_end = 0
    word_start = _WORD_START
    for lo, hi in windows:
        for ws in word_start.finditer(text, max(lo, last_end), hi):
            pos = ws.start()
            if pos < last_end or not (text[pos].isupper() or text[pos].isdigit()):
                continue
            m = rx.match(text, pos)
            if m:
                last_end = m.end()
                yield m


@lru_cache(maxsize=20000)
def _head_gender(word: str) -> str | None:
    w = word.lower().split("-")[-1]
    for suffix in ("es", "s", ""):
        stem = w[: len(w) - len(suffix)] if suffix and w.endswith(suffix) else (w if not suffix else None)
        if stem is None:
            continue
        for head, gender in _GENDER.items():
            if stem.endswith(head):
                return gender
    return None


_ADJ_STEM = re.compile(r"^([A-ZÄÖÜ]\w*(?:isch|lich|al|ig|iv|ell|är|eutsch|Frei|Neu|Hoh))(e|en|em|es|er)$")
_STRONG = {"n": "es", "f": "e", "m": "er"}


def _is_head(word: str) -> bool:
    return _head_gender(word) is not None and word[:1].isupper()


@lru_cache(maxsize=20000)
def base_form(surface: str) -> str:
    """Nominative base form of an organisation noun phrase: adjectives before the head take the
    strong ending of the head's gender, a genitive -s/-es of the head is dropped
    ('Sächsischen Textilforschungsinstituts' -> 'Sächsisches Textilforschungsinstitut')."""
    words = surface.split(" ")
    head_i = next((i for i, w in enumerate(words) if _is_head(w)), None)
    if head_i is None:
        return surface
    head = words[head_i]
    gender = _head_gender(head)
    low = head.lower()
    if gender in ("n", "m") and not low.endswith(("fonds", "campus", "ss")):
        for suffix in ("es", "s"):
            if (
                low.endswith(suffix)
                and _head_gender(head[: -len(suffix)]) == gender
                and not low.endswith(("gesellschaftes",))
            ):
                stripped = head[: -len(suffix)]
                if any(stripped.lower().endswith(h) for h, g in _GENDER.items() if g == gender):
                    head = stripped
                    break
    words[head_i] = head
    for i in range(head_i):
        m = _ADJ_STEM.match(words[i])
        if m and gender in _STRONG:
            words[i] = m.group(1) + _STRONG[gender]
    return " ".join(words)


def _trim(surface: str) -> str:
    """Drop leading stop words; cut at a stop word after the head; cut a university-like name
    after its last place word."""
    words = surface.split(" ")
    while words and (words[0] in STOP or words[0].rstrip(".,") in STOP or words[0][:1].islower()):
        words.pop(0)
    for i, w in enumerate(words[1:], start=1):
        if w in STOP and w not in ("Of", "For", "And") and words[i - 1] not in ("für", "for", "of"):
            words = words[:i]
            break
    head = {
        "Universität",
        "Universitätsklinikum",
        "Uniklinikum",
        "Hochschule",
        "Fachhochschule",
        "Klinikum",
        "TU",
        "FH",
        "HTW",
        "Uni",
    }
    if (
        len(words) > 2
        and words[0] in head | {"Technische", "Freie", "Medizinische"}
        and not any(w in ("für", "for", "of") for w in words)
    ):
        places_at = [i for i, w in enumerate(words) if place_lookup(w.strip(".,")) is not None]
        keep = (places_at[-1] + 1) if places_at else 2
        words = words[:keep]
    out = " ".join(words).rstrip(".,;:–-— ")
    return _LEGAL_TAIL.sub("", out) if not out.endswith(("GmbH", "AG", "SE")) else out


_KEY_WORD = re.compile(r"[\w.]+")


@lru_cache(maxsize=20000)
def _inflection_key(surface: str) -> str:
    """Key that folds German case endings: 'KI-Hubs Sachsen-Thüringen' == 'KI-Hub Sachsen-Thüringen'."""
    out = []
    for w in _KEY_WORD.findall(surface.lower().replace("-\n", "")):
        for suffix in ("en", "es", "er", "em", "s", "e", "n"):
            if len(w) - len(suffix) >= 3 and w.endswith(suffix):
                w = w[: -len(suffix)]
                break
        out.append(w)
    return " ".join(out)


@lru_cache(maxsize=1)
def _known_by_inflection() -> dict[str, str]:
    known, _ = organizations()
    return {_inflection_key(surface): org.canonical for surface, org in known.items()}


@lru_cache(maxsize=1)
def _land_of_canonical() -> dict[str, str | None]:
    known, _ = organizations()
    return {org.canonical: org.land for org in known.values()}


@lru_cache(maxsize=20000)
def _lookup(surface: str) -> tuple[str, str | None] | None:
    """(canonical, Land) of a surface known to the gazetteers (exactly or up to case endings)."""
    known, _ = organizations()
    if surface in known:
        org = known[surface]
        return org.canonical, org.land
    canon = _known_by_inflection().get(_inflection_key(surface))
    if canon is not None:
        return canon, _land_of_canonical().get(canon)
    return None


@lru_cache(maxsize=20000)
def _fraunhofer_key(surface: str) -> tuple[str, str | None] | None:
    m = re.match(r"Fraunhofer-Institut(?:e|s)?[ ](?:für|for)[ ](.+?)(?:[ ]([A-Z]{2,6}))?$", surface)
    if not m:
        return None
    _known, fraunhofer = organizations()
    acronym = m.group(2) or fraunhofer_names().get(m.group(1).lower())
    if acronym:
        return f"Fraunhofer {acronym}", fraunhofer.get(acronym)
    return None


@lru_cache(maxsize=20000)
def _land_of_surface(surface: str) -> str | None:
    fr = re.match(r"Fraunhofer[- ]([A-Z]{2,6})", surface)
    if fr:
        return organizations()[1].get(fr.group(1))
    for w in reversed(surface.split()):
        p = place_lookup(w.strip(".,"))
        if p is not None and p.land:
            return p.land
    return None


_Span = tuple[int, int, str, str, "str | None"]  # start, end, surface, canonical, land


# "ein neues KI Mission Institute": a capitalised name before an English head is a name even
# after an indefinite article or "neues"
_NAMED_AFTER_ARTICLE = re.compile(rf"(?:{CAPW}[ ]){{2,3}}(?:{_EN_HEAD_ALT})\b")
_PREDICATIVE = re.compile(r"\b(?:wird|werden|wurde|worden|soll|sollen|avanciert|entwickelt sich)[ ](?:zum|zur)[ ]$")
_GENERIC_EN = set(
    "graduate school research competence center centre innovation institute data science technology transfer "
    "digital ai hub lab network service services university living excellence of for the and start-up startup "
    "business development regional national international european federal state application".split()
)
_BARE_PAIR = re.compile(r"[\w-]+-[ ](?:und|and|oder)[ ][\w-]+")
_POSSESSIVE = re.compile(r"[’']s$")
# an organisation kind with a brand but no name ("Fraunhofer Zentrum und TU arbeiten zusammen")
_KIND_ONLY = re.compile(r"(?:Fraunhofer|Helmholtz|Leibniz|Max[- ]Planck)[- ](?:Zentrum|Institut|Center|Institute)")


def _extend_to_quote(text: str, start: int, trimmed: str) -> str:
    """A name in quotes ends at the closing quote: „Fraunhofer-Kompetenzzentrum … der sechsten
    Generation“ (the recogniser stops at the lower-case words)."""
    end = start + len(trimmed)
    close = re.match(r"[^„“”\"»«.!?;:\n()]{1,60}?(?=[“”\"«])", text[end : end + 62])
    if close is None or len(close.group(0).split()) > 6:
        return trimmed
    return trimmed + close.group(0).rstrip()


def _named_as_place(text: str, word: str) -> bool:
    """An unlisted town in "Stadt Zwönitz" is a place when the text also says "in Zwönitz"."""
    return bool(re.search(rf"\b(?:in|nach|aus|von)[ ]{re.escape(word)}\b", text))


def _pattern_spans(text: str) -> list[_Span]:
    out: list[_Span] = []
    for m in _pattern_matches(text):
        raw = m.group(0)
        if raw.startswith(
            ("Firma", "Unternehmen", "Start-up", "Startup", "Softwarehersteller", "company", "start-up", "firm")
        ):
            name = re.sub(r"^\S+[ ][„\"“]?", "", raw).rstrip('“"”')
            if name in STOP or len(name) < 3:
                continue
            start = m.start() + raw.find(name)
            out.append((start, start + len(name), name, name, None))
            continue
        before = text[max(0, m.start() - 12) : m.start()].split()
        if (
            before
            and before[-1].lower() in _NOT_NAME_BEFORE
            and not _lookup(raw)
            and not _NAMED_AFTER_ARTICLE.match(raw)
        ):
            continue
        if _PREDICATIVE.search(text, max(0, m.start() - 30), m.start()) and not _lookup(raw):
            continue  # "Dresden wird zum Zentrum für KI": what a place becomes, not a name
        trimmed = _trim(
            raw.replace(" in ", " ", 1) if re.match(r"(?:\S+ )?(?:Universität|Hochschule|TU) in ", raw) else raw
        )
        trimmed = _POSSESSIVE.sub("", trimmed)  # "City of Leipzig’s"
        if not trimmed or _KIND_ONLY.fullmatch(trimmed):
            continue
        if trimmed[0] in '„“"‚' or (m.start() > 0 and text[m.start() - 1] in '„“"‚»'):
            trimmed = _extend_to_quote(text, m.start() + max(0, raw.find(trimmed.split(" ")[0])), trimmed)
        first = trimmed.split(" ")[0]
        p = place_lookup(first)
        if p is not None and p.kind == "city_adj" and " " in trimmed:
            rest = trimmed.split(" ", 1)[1]
            if _lookup(base_form(rest)) or _fraunhofer_key(base_form(rest)) or rest.startswith("Fraunhofer"):
                trimmed = rest  # "Jenaer Friedrich-Schiller-Universität", "Chemnitzer Fraunhofer-Institut"
        head = next((w for w in trimmed.split(" ") if _is_head(w)), "")
        if _head_gender(head) == "f" and head.endswith("s") and _head_gender(head[:-1]) == "f":
            continue  # plural ("Schools"), not a name
        surface = base_form(trimmed)
        if (
            re.match(rf"(?:Stadt|City of|{_BANK_ALT}) ", surface)
            and place_lookup(surface.split()[-1]) is None
            and not _named_as_place(text, surface.split()[-1])
        ):
            continue
        if len(surface) < 4 or (
            " " not in surface
            and not _lookup(surface)
            and (surface.split("-")[0].lower() in _GENERIC_PREFIX or "-" not in surface)
        ):
            continue  # "KI-Zentrum", "Rechenzentrum": a kind of organisation, not a name
        if all(w.lower() in _GENERIC_EN for w in surface.split(" ")) and not _lookup(surface):
            continue  # "the Graduate School", "Research Center": a kind, not a name
        if _BARE_PAIR.fullmatch(surface) and not _lookup(surface):
            continue  # "Forschungs- und Transferzentrum": two kinds, no name
        start = m.start() + max(0, raw.find(trimmed.split(" ")[0]))
        if surface.split()[0] in ("Institutsteil",) and " des " in surface:
            # the part is added by `_part_spans`; here the institute it belongs to
            cut = trimmed.find(" des ") + 5
            start, trimmed = start + cut, trimmed[cut:]
            surface = base_form(trimmed)
        end = start + len(trimmed)
        known = _fraunhofer_key(surface) or _lookup(surface)
        if known is not None:
            canonical, land = known
        else:
            canonical, land = surface, _land_of_surface(surface)
        out.append((start, end, surface, canonical, land))
    return out


_GENERIC_KEYS = ("inisterium", "Staatskanzlei", "Staatsregierung", "Landesregierung")


def _run_start(text: str, i: int) -> int:
    """Start of the run of word characters and hyphens that ends at `i`."""
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] in "_-"):
        i -= 1
    return i


def _generic_starts(text: str) -> list[int]:
    """Where `_GENERIC` can match: it starts a run of word characters and hyphens (look-behind)
    that holds one of `_GENERIC_KEYS`, so at the run starts of the keys (`_GENERIC` begins with a
    look-behind, which makes `finditer` try it at every character)."""
    starts = set()
    for key in _GENERIC_KEYS:
        i = text.find(key)
        while i >= 0:
            starts.add(_run_start(text, i))
            i = text.find(key, i + 1)
    return sorted(starts)


def _generic_spans(text: str, lands: list[str]) -> list[_Span]:
    """State bodies named generically or by adjective, resolved to one Land's body."""
    table = generic_bodies()
    out: list[_Span] = []
    if "inisterium" not in text and "Staatskanzlei" not in text and "egierung" not in text:
        return out
    for m in matches_at(text, _generic_starts(text), _GENERIC):
        noun = m.group("noun")
        back = _ADJ_BEFORE.search(text, max(0, m.start() - 24), m.start())
        adj = back.group(1) if back else None
        if noun:
            noun = noun[0].upper() + noun[1:] + "ministerium"
            if noun.startswith("Forschungs"):
                noun = "Forschungsministerium"
        else:
            noun = m.group("noun2")
        land = None
        pre = m.group("pre")
        pre_place = place_lookup(pre[:-1]) if pre else None
        if pre and (pre_place is None or pre_place.kind != "land"):
            continue  # "KI-Wirtschaftsministerium"? not a Land body
        genitive = _LAND_GENITIVE.search(text, max(0, m.start() - 24), m.start())
        gen_place = place_lookup(genitive.group(1)) if genitive else None
        if pre_place is not None:
            land, back = pre_place.land, None
        elif gen_place is not None and gen_place.kind == "land":  # "Sachsens Wirtschaftsministerium"
            land, back = gen_place.land, genitive
        elif m.group("bund"):
            land = "Bund"
        elif adj:
            stem = re.sub(r"(?:e[nmrs]?|es)$", "", adj.lower())
            land = _LAND_ADJ.get(stem) or _LAND_ADJ.get(adj.lower())
            if land is None and adj.lower() not in (
                "das",
                "die",
                "der",
                "dem",
                "den",
                "des",
                "vom",
                "zum",
                "im",
                "am",
                "beim",
            ):
                continue  # "Bayerischen" handled above; other adjectives: not a Land body
        if land is None:
            if len(lands) != 1:
                continue
            land = lands[0]
        canonical = table.get(land, {}).get(noun)
        if canonical is None:
            continue
        start = back.start(1) if back else m.start()
        end = m.end()
        out.append((start, end, canonical, canonical, _land_of_canonical().get(canonical, land)))
    return out


# "die Unis Dresden und Leipzig", "den Technischen Universitäten in Dresden und Chemnitz": one
# known university per place (only names the gazetteer knows, nothing invented)
_PLURAL_UNIS = re.compile(
    rf"(?<![\w-])(?P<tech>Technischen?[ ])?(?P<kind>Universitäten|Unis|Hochschulen|Universities)(?:[ ](?:in|of))?[ ]"
    rf"(?P<places>{CAPW}(?:,[ ]{CAPW})*[ ](?:und|and|&)[ ]{CAPW})"
)


def _plural_uni_spans(text: str) -> list[_Span]:
    out: list[_Span] = []
    if "Universit" not in text and "Unis " not in text and "Hochschulen " not in text:
        return out
    for m in _PLURAL_UNIS.finditer(text):
        if m.group("tech"):
            forms: tuple[str, ...] = ("TU {}", "Technische Universität {}")
        elif m.group("kind") == "Hochschulen":
            forms = ("Hochschule {}", "HS {}")
        else:
            forms = ("Universität {}", "Uni {}", "University of {}", "TU {}")
        for pm in re.finditer(CAPW, m.group("places")):
            place = pm.group(0)
            if place_lookup(place) is None:
                continue
            known = next((k for k in (_lookup(f.format(place)) for f in forms) if k is not None), None)
            if known is not None:
                start = m.start("places") + pm.start()
                out.append((start, start + len(place), known[0], known[0], known[1]))
    return out


_EN_HEADS = {"Network", "Institute", "Center", "Centre", "Association", "Foundation", "Agency", "Cluster", "Alliance"}

# "ICM – Institut Chemnitzer Maschinen- und Anlagenbau e.V.": an abbreviation, a dash, the long
# name; later "ICM" alone is the same organisation
_ABBR_DASH = re.compile(
    rf"(?<![\w-])(?P<abbr>[{UP}][\w.&-]{{1,11}})[ ][–—][ ](?P<long>{CAPW}(?:[ ](?:{CAPW}|für|for|of|und|and|in|der|des|die|the|zur|zum|im|on)){{0,9}})"
)


def _abbr_dash_spans(text: str) -> list[_Span]:
    out: list[_Span] = []
    if " – " not in text and " — " not in text:
        return out
    for m in _ABBR_DASH.finditer(text):
        abbr, long_ = m.group("abbr"), m.group("long")
        if not _ABBR_OK.fullmatch(abbr) or abbr in _NOT_ABBR or abbr in STOP:
            continue
        words = long_.split(" ")
        while words and not words[-1][:1].isupper():
            words.pop()  # end on a capitalised word
        if len(words) < 2 or not any(_is_head(w) or w in _EN_HEADS for w in words[:3]):
            continue
        long_ = _LEGAL_TAIL.sub("", " ".join(words))
        surface = f"{abbr} – {base_form(long_)}"
        known = _lookup(abbr) or _lookup(base_form(long_))
        canonical, land = known if known is not None else (surface, _land_of_surface(long_))
        out.append((m.start(), m.start("long") + len(" ".join(words)), surface, canonical, land))
    return out


# companies without a legal form: a brand-like word (inner capital or trailing digits:
# "RedZinc", "TeleskopEffekt", "Workbench32") after a word that introduces an organisation
_BRAND = re.compile(
    r"(?<![\w„“\"»‚-])(?P<prev>[\w-]+)[ ](?P<name>[A-ZÄÖÜ][a-zäöü]+(?:[A-ZÄÖÜ][a-zäöü]+)+|[A-ZÄÖÜ][a-zäöü]{2,}[0-9]+)(?![\w-])"
)
_BRAND_PREV = {
    "and",
    "und",
    "sowie",
    "of",
    "from",
    "at",
    "by",
    "with",
    "bei",
    "mit",
    "Unternehmen",
    "Firma",
    "Start-up",
    "Startup",
    "start-up",
    "startup",
    "company",
    "firm",
    "center",
    "centre",
    "Zentrum",
    "Anbieter",
    "Hersteller",
    "Dienstleister",
    "Softwarehersteller",
    "Softwareunternehmen",
    "Partner",
    "partner",
    "provider",
    "Gründerzentrum",
}


# a lower-case company name before its legal form ("der leap:up GmbH", "neurocat GmbH")
_LOWER_COMPANY = re.compile(r"(?<![\w.:-])[a-zäöü][\w:.+&-]{2,24}[ ](?:GmbH|AG|UG|SE|gGmbH)(?![\w])")


_LEGAL_AFTER_SPACE = re.compile(r"[ ](?:GmbH|AG|UG|SE|gGmbH)")


# the name part of `_BRAND` (a capital, so fast to scan for)
_BRAND_NAME = re.compile(r"(?:[A-ZÄÖÜ][a-zäöü]++(?:[A-ZÄÖÜ][a-zäöü]++)+|[A-ZÄÖÜ][a-zäöü]{2,}+[0-9]+)(?![\w-])")


def _brand_starts(text: str) -> list[int]:
    """Where `_BRAND` can match: the start of the [\\w-] run before a space and a name."""
    out = []
    for m in _BRAND_NAME.finditer(text):
        q = m.start()
        if q > 1 and text[q - 1] == " ":
            p = _run_start(text, q - 1)
            if p < q - 1:
                out.append(p)
    return out


def _lower_company_starts(text: str) -> list[int]:
    """Where `_LOWER_COMPANY` can match: 3-25 characters before " GmbH" and the like."""
    starts: set[int] = set()
    for m in _LEGAL_AFTER_SPACE.finditer(text):
        starts.update(range(max(0, m.start() - 25), m.start() - 2))
    return sorted(starts)


def _brand_spans(text: str) -> list[_Span]:
    out: list[_Span] = []
    if "GmbH" in text or "AG" in text or "UG" in text or "SE" in text:
        for m in matches_at(text, _lower_company_starts(text), _LOWER_COMPANY):
            name = m.group(0)
            if name.split(" ")[0] in ("und", "and", "der", "die", "das", "von", "bei", "mit", "einer", "eine"):
                continue
            out.append((m.start(), m.end(), name, name, None))
    for m in matches_at(text, _brand_starts(text), _BRAND):
        if m.group("prev") not in _BRAND_PREV:
            continue
        name = m.group("name")
        if place_lookup(name) is not None or name in STOP:
            continue
        known = _lookup(name)
        canonical, land = known if known is not None else (name, None)
        out.append((m.start("name"), m.end("name"), name, canonical, land))
    return out


# "die Fraunhofer-Institute für A (ABBR) … sowie für B ABBR2": the second institute as well
_FRAUNHOFER_AND = re.compile(
    rf"Fraunhofer-Institute[ ]für[ ][^\n.;]{{3,120}}?[ ](?:sowie|und|and)[ ]für[ ](?P<compl>{_COMPL})[ ](?P<abbr>[A-Z]{{2,6}})(?![\w])"
)


def _fraunhofer_and_spans(text: str) -> list[_Span]:
    out: list[_Span] = []
    if "Fraunhofer-Institute " not in text:
        return out
    for m in _FRAUNHOFER_AND.finditer(text):
        surface = f"Fraunhofer-Institut für {m.group('compl')} {m.group('abbr')}"
        known = _fraunhofer_key(surface)
        canonical, land = known if known is not None else (surface, None)
        out.append((m.start("compl") - 4, m.end("abbr"), surface, canonical, land))
    return out


_PARTY_HINT = ("CDU", "CSU", "SPD", "FDP", "AfD", "BSW", "Grüne", "Linke", "Wähler")
# one scan for all of them: they start with capitals, which `re` skips to (nine `in` tests cost more)
_HAS_PARTY_HINT = re.compile("|".join(_PARTY_HINT))


def _party_spans(text: str) -> list[_Span]:
    out: list[_Span] = []
    if not _HAS_PARTY_HINT.search(text):
        return out
    for m in _FACTION.finditer(text):
        out.append((m.start(), m.end(), m.group(0), m.group(0), None))
    for m in PARTY.finditer(text):
        if any(s <= m.start() < e for s, e, *_rest in out):
            continue
        name = next(g for g in m.groups() if g)
        canonical = _PARTY_NAME.get(name, name)
        start = m.start() + m.group(0).find(name)
        out.append((start, start + len(name), canonical, canonical, None))
    return out


# a named part of an organisation right before it: "Institutsteil Angewandte Systemtechnik AST des
# Fraunhofer IOSB", "Fakultät Informatik der TU Dresden"
_PART_BEFORE = re.compile(
    rf"(?<![\w-])(?:Institutsteil|Institutsbereich|Fakultät)[ ](?:{CAPW}[ ]|und[ ]|für[ ]){{1,5}}(?:des|der)[ ]$"
)


def _part_spans(text: str, spans: list[_Span]) -> list[_Span]:
    out: list[_Span] = []
    for start, end, _surface, _canonical, land in spans:
        m = _PART_BEFORE.search(text, max(0, start - 110), start)
        if m is None:
            continue
        part = text[m.start() : end]
        if "\n" in part:
            continue
        out.append((m.start(), end, part, part, land))
    return out


def _merge_defined_abbreviations(text: str, spans: list[_Span]) -> list[_Span]:
    """ "Long name (ABBR)" where both are recognised but as different organisations (a gazetteer
    entry under another name, or a pattern name): the text says they are one; the abbreviation
    the article defines names it, and the long form is dropped."""
    drop = set()
    by_start = {s[0]: s for s in spans}
    for i, (_start, end, _surface, canonical, _land) in enumerate(spans):
        m = _ABBR_DEF.match(text, end)
        if not m:
            continue
        abbr = by_start.get(m.start("abbr"))
        if abbr is None or abbr[1] != m.end("abbr") or abbr[3] == canonical:
            continue
        drop.add(i)
    return [s for i, s in enumerate(spans) if i not in drop] if drop else spans


def find(text: str, gazetteer_matches=None, lands: list[str] | None = None) -> list[tuple[int, str, str, str | None]]:
    """(position, surface, canonical key, Land) — one entry per organisation."""
    known = _known_surfaces()
    spans: list[_Span] = []
    for m in gazetteer_matches if gazetteer_matches is not None else _gazetteer_regex().finditer(text):
        org = known[m.group(0)]
        if m.group(0) == "Google" and text.startswith(" Play", m.end()):
            continue
        surface = _VARIANT_BASE.get(m.group(0), m.group(0))
        if surface != org.canonical and _inflection_key(surface) == _inflection_key(org.canonical):
            surface = org.canonical  # "KI-Hubs Sachsen-Thüringen" (genitive) -> "KI-Hub Sachsen-Thüringen"
        spans.append((m.start(), m.end(), surface, org.canonical, org.land))
    for sp in _pattern_spans(text):
        start, end = sp[0], sp[1]
        overlapping = [i for i, s in enumerate(spans) if start < s[1] and s[0] < end]
        if overlapping:
            # a pattern match inside or equal to a known name adds nothing; one that extends known
            # names ("Mittelstand-Digital Zentrum Chemnitz") replaces them
            if any(
                not (start <= spans[i][0] and spans[i][1] <= end) or spans[i][1] - spans[i][0] >= end - start - 2
                for i in overlapping
            ):
                continue
            if all(spans[i][3] == sp[3] for i in overlapping) or sp[3] == sp[2]:
                spans = [s for i, s in enumerate(spans) if i not in overlapping]
            else:
                continue
        spans.append(sp)
    for sp in _party_spans(text):
        if not any(sp[0] < s[1] and s[0] < sp[1] for s in spans):
            spans.append(sp)
    for extra in (_abbr_dash_spans, _plural_uni_spans, _brand_spans, _fraunhofer_and_spans):
        for sp in extra(text):
            inside = [s for s in spans if sp[0] < s[1] and s[0] < sp[1]]
            if all(sp[0] <= s[0] and s[1] <= sp[1] and s[3] in (sp[3], s[2]) for s in inside):
                spans = [s for s in spans if s not in inside] + [sp]
    spans.sort()
    spans = _merge_defined_abbreviations(text, spans)
    if "Institutsteil" in text or "Fakultät" in text or "Institutsbereich" in text:
        spans = sorted(spans + _part_spans(text, spans))
    # "Long name (ABBR)": the abbreviation is the long name for the rest of the article
    alias: dict[str, tuple[str, str | None]] = {}
    for _start, end, _surface, canonical, land in spans:
        m = _ABBR_DEF.match(text, end)
        if m and _ABBR_OK.fullmatch(m.group("abbr")) and m.group("abbr") not in _NOT_ABBR:
            alias.setdefault(m.group("abbr"), (canonical, land))
    if alias:
        rx = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(a) for a in sorted(alias, key=len, reverse=True)) + r")(?![\w-])"
        )
        for m in rx.finditer(text):
            if not any(m.start() < s[1] and s[0] < m.end() for s in spans):
                canonical, land = alias[m.group(1)]
                spans.append((m.start(), m.end(), m.group(1), canonical, land))
        spans.sort()
        # a pattern name whose words are an abbreviation of a defined one is that organisation
    out: list[tuple[int, str, str, str | None]] = []
    seen: dict[str, int] = {}
    for start, _end, surface, canonical, land in spans:
        key = canonical if canonical in _land_of_canonical() else _inflection_key(canonical)
        if key in seen:
            idx = seen[key]
            pos, old, canon, old_land = out[idx]
            # report the long form as written rather than an abbreviation
            if len(surface) > len(old) and " " in surface and " " not in old:
                out[idx] = (pos, surface, canon, old_land or land)
            continue
        seen[key] = len(out)
        out.append((start, surface, canonical, land))
    return out


def all_mentions(text: str) -> list[tuple[int, str | None]]:
    """(position, Land) of every mention of a known organisation, for the Land weighting."""
    known = _known_surfaces()
    return [(m.start(), known[m.group(0)].land) for m in _gazetteer_regex().finditer(text) if known[m.group(0)].weighs]


# look-behinds sit behind the first character (= (?<![\w-])([A-ZÄÖÜ]...), (?<=[a-zäöü])-...): the
# regex then starts with a character to search for instead of being tried at every position
_LOWER_HEAD = re.compile(r"([A-ZÄÖÜ](?<![\w-][\s\S])[a-zäöü]++)-([a-zäöü])(?=[a-zäöü]{3})")


@lru_cache(maxsize=1)
def _capitalised_compounds() -> frozenset[str]:
    """ "Helmholtz-Z", "Max-P": the start of every gazetteer name that is a compound of two
    capitalised parts."""
    out = set()
    for surface in _known_surfaces():
        m = re.match(r"([A-ZÄÖÜ][a-zäöü]+)-([A-ZÄÖÜ])", surface)
        if m:
            out.add(m.group(0))
    return frozenset(out)


def _fix_head_case(text: str) -> str:
    """Pages that lower-case the second part of a name ("Helmholtz-zentrum") get it back
    capitalised when a gazetteer name starts that way (same length, positions unchanged)."""
    starts = _capitalised_compounds()

    def fix(m: re.Match) -> str:
        cand = f"{m.group(1)}-{m.group(2).upper()}"
        return cand if cand in starts else m.group(0)

    return _LOWER_HEAD.sub(fix, text)


_SOFT_HYPHEN = re.compile(r"-(?<=[a-zäöü]-)(?=[a-zäöü]{2})")


def find_with_mentions(text: str):
    """`find(text)` (without generic bodies) and `all_mentions(text)` with one gazetteer scan.
    Hyphens inside lower-case words are line-break hyphenation ("Wissen-schaft") and dropped."""
    known = _known_surfaces()
    if "-" in text:
        text = _fix_head_case(text)
        text = _SOFT_HYPHEN.sub("", text)
    gaz = list(_gazetteer_regex().finditer(text))
    return find(text, gaz), [(m.start(), known[m.group(0)].land) for m in gaz if known[m.group(0)].weighs]


def resolve_generic(text: str, found: list, lands: list[str]) -> list:
    """`found` plus the generic state bodies of `text` resolved with the article's Länder."""
    generic = _generic_spans(text, lands)
    if not generic:
        return found
    known = _land_of_canonical()
    # a pattern match of the same words ("Thüringer Wirtschaftsministerium") is the resolved body
    found = [f for f in found if f[2] in known or not any(s <= f[0] < e for s, e, _a, _b, _c in generic)]
    taken = {f[2] for f in found}
    extra = [(s, surf, canon, land) for s, _e, surf, canon, land in generic if canon not in taken]
    out = list(found)
    for item in extra:
        if item[2] not in taken:
            taken.add(item[2])
            out.append(item)
    out.sort(key=lambda t: t[0])
    return out


def canonical_key(surface: str) -> str:
    """Key to compare organisations across spellings and German cases (used by the scorer)."""
    if surface.startswith("City of "):
        surface = "Stadt " + surface[8:]
    known = _fraunhofer_key(surface) or _lookup(surface) or _lookup(base_form(surface))
    if known is not None:
        return "gaz:" + known[0]
    return _inflection_key(surface)
