"""Amounts of money in euros, in the German and English formats of press releases.

`605.000 Euro`, `605,000 euros`, `85 Millionen Euro`, `rund 85 Mio. €`, `1,2 Mrd. Euro`,
`EUR 2.5 million`, `€1.2m`. The reported figure is the total granted or invested: amounts in a
sentence about funding/investment count, the largest wins, a sentence saying "insgesamt/total"
wins over the rest; turnover, prices and the like are ignored.
"""

from __future__ import annotations

import re

from transforms.news.text import icase

NUM = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?"
MULT = (
    r"Milliarden|Milliarde|Mrd\.?|Millionen|Million|Mio\.?|Tausend|Tsd\.?|"
    r"billions?|bn|millions?|mn|m|thousand|k"
)
CUR = r"Euros?|euros?|EUR|€"
# number words: only with a multiplier ("eine Million Euro", "drei Millionen Euro", "twelve million euros")
WORDS: dict[str, float] = {
    "ein": 1,
    "eine": 1,
    "einer": 1,
    "one": 1,
    "a": 1,
    "zwei": 2,
    "two": 2,
    "drei": 3,
    "three": 3,
    "vier": 4,
    "four": 4,
    "fünf": 5,
    "five": 5,
    "sechs": 6,
    "six": 6,
    "sieben": 7,
    "seven": 7,
    "acht": 8,
    "eight": 8,
    "neun": 9,
    "nine": 9,
    "zehn": 10,
    "ten": 10,
    "elf": 11,
    "eleven": 11,
    "zwölf": 12,
    "twelve": 12,
    "fünfzehn": 15,
    "fifteen": 15,
    "zwanzig": 20,
    "twenty": 20,
    "dreißig": 30,
    "thirty": 30,
    "vierzig": 40,
    "forty": 40,
    "fünfzig": 50,
    "fifty": 50,
    "sechzig": 60,
    "sixty": 60,
    "siebzig": 70,
    "seventy": 70,
    "achtzig": 80,
    "eighty": 80,
    "neunzig": 90,
    "ninety": 90,
    "eineinhalb": 1.5,
    "anderthalb": 1.5,
    "zweieinhalb": 2.5,
    "dreieinhalb": 3.5,
    "eine halbe": 0.5,
    "einer halben": 0.5,
    "half a": 0.5,
    "hundert": 100,
    "hundred": 100,
    "einhundert": 100,
}
_WORD_ALT = "|".join(sorted(WORDS, key=len, reverse=True))
_WORD_MULT = r"Milliarden|Milliarde|Millionen|Million|billions?|millions?"
MONEY = re.compile(
    rf"(?<![\w.,])(?P<n1>{NUM})\s?(?P<m1>{MULT})?\.?\s?(?P<c1>{CUR})(?!\w)"
    rf"|(?<!\w)(?P<c2>{CUR})\s?(?P<n2>{NUM})\s?(?P<m2>{MULT})?(?![\w])"
    rf"|(?<![\w])(?P<w3>(?i:{_WORD_ALT}))"
    rf"\s(?P<m3>{_WORD_MULT})\s(?P<c3>{CUR})(?!\w)"
)
FACTORS = {
    "milliarden": 1e9,
    "milliarde": 1e9,
    "mrd": 1e9,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "millionen": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "mio": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "tausend": 1e3,
    "tsd": 1e3,
    "thousand": 1e3,
    "k": 1e3,
}
FUNDING_CUES = icase(
    r"förder|fund|grant|invest|budget|finanz|financ|zuschuss|zuwendung|mittel|bereitgestellt|stellt|"
    r"erhält|erhielt|erhalten|receiv|award|bewillig|unterstütz|support|kost|cost|volumen|ausgeb|"
    r"spend|bescheid|zusage|bekommt|fließen|flow|contribut|beträgt|amount|allocat|million|mio|mrd",
)
NEGATIVE_CUES = icase(
    r"umsatz|revenue|turnover|gehalt|salary|preis\b|preisgeld|prize|price|kaufpreis|schaden|damage|bußgeld|penalty|"
    r"miete|rent|gebühr|fee\b|eintritt|ticket|teilnahmegebühr|spende|erwirtschaft\w*|jahresetat|jahresbudget|"
    r"annual budget|haushaltsvolumen|börsenwert|bewertung|valuation|market value|marktvolumen|market size|"
    r"setzt\w*[^.]{0,40}\bum\b",
)
ADD_CUES = icase(
    r"hinzu kommen|hinzu kommt|zusätzlich|weitere[n]? (?:rund |knapp |gut )?\d|außerdem|\bauch hierfür|\bdazu (?:sollen|sind|werden|kommen)|"
    r"in addition|additional|on top",
)
YEARLY = icase(r"jährlich|pro jahr|im jahr\b|per year|a year\b|annually|each year|jedes jahr")
_YEARS = icase(
    r"(?:für|über|auf|for|over)\s+(?:die\s+(?:nächsten|kommenden)\s+|the\s+next\s+)?(?P<n>\d{1,2}|zwei|drei|vier|fünf|sechs|"
    r"sieben|acht|neun|zehn|two|three|four|five|six|seven|eight|nine|ten)\s+(?:jahre|jahren|years)",
)
# an "About us" section of a press release: amounts there are background, not what the article reports
_ABOUT = re.compile(r"^(?:Über|About) [^\n]{2,60}$", re.MULTILINE)
# a running total of a programme or funder ("hat bisher insgesamt 50 Millionen Euro vergeben",
# "has awarded a total of ... so far"): background, not the money this article reports
RUNNING_CUES = icase(
    r"\bbisher\b|\bbislang\b|\bseit (?:beginn|start|bestehen|gründung|auflage|\d{4})|\bso far\b|\bto date\b|"
    r"\bsince (?:its )?(?:launch|start|inception|\d{4})|\bin den (?:vergangenen|letzten) (?:\w+ )?jahren|"
    r"\bover the (?:past|last) (?:\w+ )?years|\bbis ende (?:des jahres|\d{4})|\baus dem (?:förder)?programm|"
    r"\bfrom the (?:funding )?programme|\bbringing the total",
)
TOTAL_CUES = icase(r"insgesamt|gesamt|total|overall|zusammen|in sum|altogether")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ\"„])|\n")


def parse_number(raw: str, has_multiplier: bool, language: str) -> float | None:
    """'605.000' -> 605000, '1,2' -> 1.2, '605,000' -> 605000, '2.5' -> 2.5."""
    seps = re.findall(r"[.,]", raw)
    if not seps:
        return float(raw)
    groups = re.split(r"[.,]", raw)
    if len(seps) >= 2 and len(set(seps)) == 2:  # 1.234.567,89 or 1,234,567.89
        dec = seps[-1]
        thou = "," if dec == "." else "."
        return float(raw.replace(thou, "").replace(dec, "."))
    if len(seps) >= 2:  # 1.234.567
        return float("".join(groups))
    last = groups[-1]
    if len(last) != 3:
        return float(raw.replace(",", "."))
    # one separator followed by exactly three digits: grouping, unless a multiplier follows and
    # the language writes decimals with this separator ("1,500 Mio." in German is 1.5 million)
    if has_multiplier and ((language == "de" and seps[0] == ",") or (language == "en" and seps[0] == ".")):
        return float(raw.replace(",", "."))
    return float("".join(groups))


_CURRENCY_WORDS = ("€", "EUR", "Euro", "euro")  # every amount contains one; no two overlap
_HAS_CURRENCY = re.compile("|".join(_CURRENCY_WORDS))
_REACH = 80  # an amount spans less than this from its currency word to either end


def _currency_words(text: str) -> list[tuple[int, int]]:
    """(start, end) of `_HAS_CURRENCY.finditer(text)`, found with str.find (no two of the words
    can overlap; the regex, which can start with "e", is slow to scan with)."""
    out = []
    for word in _CURRENCY_WORDS:
        i = text.find(word)
        while i >= 0:
            out.append((i, i + len(word)))
            i = text.find(word, i + 1)
    out.sort()
    return out


def money_matches(text: str):
    """`MONEY.finditer(text)`, but only scanned near a currency word: every amount contains one,
    and MONEY (which starts with look-behinds) is slow when tried at every character. Windows
    end on white space (or the text's ends) so that the look-arounds see what they would."""
    n = len(text)
    lo = hi = -1
    for cur_start, cur_end in _currency_words(text):
        start, end = max(0, cur_start - _REACH), min(n, cur_end + _REACH)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < n and not text[end].isspace():
            end += 1
        if start <= hi:
            hi = max(hi, end)
            continue
        if hi >= 0:
            yield from MONEY.finditer(text, lo, hi)
        lo, hi = start, end
    if hi >= 0:
        yield from MONEY.finditer(text, lo, hi)


def amounts(text: str, language: str) -> list[tuple[float, int]]:
    """(euros, start) of every amount in the text."""
    out: list[tuple[float, int]] = []
    for m in money_matches(text):
        if m.group("w3"):
            out.append((WORDS.get(m.group("w3").lower(), 1) * FACTORS[m.group("m3").lower()], m.start()))
            continue
        num = m.group("n1") or m.group("n2")
        mult = (m.group("m1") or m.group("m2") or "").rstrip(".").lower()
        if m.group("c2") and mult == "m" and not re.match(r"\s?m(?![a-z])", text[m.end("n2") : m.end("n2") + 2] or ""):
            mult = ""
        value = parse_number(num, bool(mult), language)
        if value is None:
            continue
        out.append((value * FACTORS.get(mult, 1.0), m.start()))
    return out


def _sentence_at(text: str, pos: int) -> str:
    lo = max(0, pos - 400)  # bounded look-back: linear time on long texts
    starts = [lo] + [m.end() for m in _SENTENCE_END.finditer(text, lo, pos)]
    start = starts[-1]
    m = _SENTENCE_END.search(text, pos)
    return text[start : m.start() if m else len(text)]


def funding_eur(text: str, language: str, title_end: int = 0) -> float | None:
    """Total euros granted or invested that the text reports, or None.

    Amounts in sentences about funding or investment count (turnover, prices, prize money and
    others' budgets do not). An amount in the headline is the article's figure. Otherwise a
    yearly amount over a stated number of years is multiplied out; amounts that add to a first
    one ("hinzu kommen", "weitere", "zusätzlich", "auch hierfür") are summed; a sentence saying
    "insgesamt/total" gives the figure unless the summed amounts are larger; else the largest.
    """
    about = _ABOUT.search(text) if "Über " in text or "About " in text else None
    if about and about.start() > len(text) // 3:
        text = text[: about.start()]
    candidates = []
    for value, pos in amounts(text, language):
        if value < 1000:  # fees, ticket prices
            continue
        sentence = _sentence_at(text, pos)
        if NEGATIVE_CUES.search(sentence) and not re.search(r"förder|fund|grant|invest", sentence, re.I):
            continue
        if RUNNING_CUES.search(sentence) and (TOTAL_CUES.search(sentence) or re.search(r"vergeben|awarded", sentence)):
            continue
        if YEARLY.search(sentence):
            years = _YEARS.search(sentence)
            if years:
                n = years.group("n").lower()
                value *= int(n) if n.isdigit() else _YEAR_WORDS.get(n, 1)
        candidates.append(
            (
                pos,
                bool(TOTAL_CUES.search(sentence)),
                bool(FUNDING_CUES.search(sentence)),
                bool(ADD_CUES.search(sentence)),
                value,
            )
        )
    if not candidates:
        return None
    head = [v for pos, _t, _f, _a, v in candidates if pos < title_end] if title_end <= min(200, len(text) // 2) else []
    if head:
        return max(head)
    funded = [c for c in candidates if c[2]]
    added = sum(v for _p, _t, _f, a, v in funded[1:] if a)
    summed = funded[0][4] + added if funded and added else None
    totals = [v for _p, t, f, _a, v in candidates if t and f]
    if totals:
        return max(max(totals), summed or 0)
    if summed:
        return summed
    return max(c[4] for c in funded) if funded else max(c[4] for c in candidates)


_YEAR_WORDS: dict[str, float] = {
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
