"""The date of the event an article reports.

Formats: `30.05.2024`, `30.5.24`, `2024-05-30`, `30. Mai 2024`, `30. September` (year from the
published date, else from a weekday named with it, else from the latest year in the text),
`30 May 2024`, `May 30, 2024`, ranges (`9 to 13 September 2024` -> the first day). Deadlines
("Anmeldung bis zum 31. Oktober", "deadline") are not events. The first date in a sentence with
an event cue wins, else the first date.
"""

from __future__ import annotations

import datetime as dt
import re

from transforms.news.text import icase, matches_at

MONTHS = {
    "januar": 1,
    "jänner": 1,
    "january": 1,
    "jan": 1,
    "februar": 2,
    "february": 2,
    "feb": 2,
    "märz": 3,
    "maerz": 3,
    "march": 3,
    "mär": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "dezember": 12,
    "december": 12,
    "dez": 12,
    "dec": 12,
}
WEEKDAYS = {
    "montag": 0,
    "dienstag": 1,
    "mittwoch": 2,
    "donnerstag": 3,
    "freitag": 4,
    "samstag": 5,
    "sonntag": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
_WD = "|".join(WEEKDAYS)
_RANGE = r"(?:\d{1,2}\.?\s*(?:bis|to|until|und|and|-|–)\s*)?"
_NUMERIC = (
    rf"(?P<d1>\d{{1,2}})\.(?P<m1>\d{{1,2}})\.(?P<y1>\d{{4}}|\d{{2}})(?![\d])"
    rf"|(?P<y2>20\d\d|19\d\d)-(?P<m2>\d\d)-(?P<d2>\d\d)(?!\d)"
    rf"|(?:{_RANGE})(?P<d3>\d{{1,2}})(?:\.|th|st|nd|rd)?\s+(?P<m3>{_MON})\.?(?:,?\s+(?P<y3>\d{{4}}))?(?![\w])"
)
_MONTH_FIRST = rf"(?P<m4>{_MON})\.?\s+(?P<d4>\d{{1,2}})(?:th|st|nd|rd)?(?:\s*(?:-|–|to)\s*\d{{1,2}})?(?:,?\s+(?P<y4>\d{{4}}))?(?![\w])"
# matched on the lower-cased text where a word starts: digits first, or a month name first
_NUMERIC_RX = re.compile(r"(?<![\w.])(?:" + _NUMERIC + ")")
_MONTH_FIRST_RX = re.compile(r"(?<!\w)(?:" + _MONTH_FIRST + ")")


# Where a match can start, found fast: both regexes begin with a look-behind, which makes Python's
# `re` try them at every character. A numeric date starts at the first digit of a digit run, a
# month-first date at the word before the white space (and a dot) in front of a digit run; only
# those positions are tried, and both come from one scan for digit runs.
_DIGIT_RUN = re.compile(r"\d+")
_NOT_BEFORE_NUMERIC = re.compile(r"[\w.]")


def _numeric_matches(text: str, runs: list[re.Match]) -> list[re.Match]:
    starts = (r.start() for r in runs if not (r.start() and _NOT_BEFORE_NUMERIC.match(text, r.start() - 1)))
    return matches_at(text, starts, _NUMERIC_RX)


def _month_first_starts(text: str, runs: list[re.Match]) -> list[int]:
    """Where `_MONTH_FIRST_RX` can match: a word (the month) ending before `\\.?\\s+` and a digit
    run, found from the digit runs (faster than scanning the text for month names)."""
    out = []
    for r in runs:
        i = r.start()
        if not (i and text[i - 1].isspace()):
            continue
        while i and text[i - 1].isspace():
            i -= 1
        if i and text[i - 1] == ".":
            i -= 1
        end = i
        while i and (text[i - 1].isalnum() or text[i - 1] == "_"):  # \w
            i -= 1
        if i < end:
            out.append(i)
    return out


class _Dates:
    @staticmethod
    def finditer(text: str, runs: list[re.Match] | None = None):
        """Date matches in (lower-cased) `text`; `runs`: `_DIGIT_RUN.finditer(text)` if known."""
        if runs is None:
            runs = list(_DIGIT_RUN.finditer(text))
        found = sorted(
            _numeric_matches(text, runs) + matches_at(text, _month_first_starts(text, runs), _MONTH_FIRST_RX),
            key=lambda m: m.start(),
        )
        last_end = -1
        for m in found:
            if m.start() >= last_end:
                last_end = m.end()
                yield m


DATE = _Dates()
RANGE_START = re.compile(rf"(?<![\d.])(?P<d>\d{{1,2}})\.?\s*(?:bis|to|until|-|–)\s*\d{{1,2}}\.?\s+(?P<m>{_MON})", re.I)
WEEKDAY_BEFORE = icase(rf"(?P<wd>{_WD}),?\s*(?:den\s+|the\s+)?$")
DEADLINE = icase(
    r"(?:anmeld\w*|registr\w*|bewerb\w*|einreich\w*|frist|deadline|bis\s+(?:zum|spätestens)|"
    r"spätestens|until|no later than|apply by|closes)[^.\n]{0,40}$",
)
EVENT_CUE = icase(
    r"\b(?:am|on|fand|findet|took place|takes place|trafen|traf|lädt|invite|invited|eröffnet|eröffneten|opened|"
    r"übergab|übergibt|handed|vorgestellt|presented|unterzeichn\w*|signed|besuchte|besucht|visited|feiert|celebrated|"
    r"statt|held|gathered|met|tagt|konferenz|conference|kongress|congress|workshop|veranstaltung|event|treffen|"
    r"meeting|opening|eröffnung|begrüßte|welcomed|organi[sz]ed|übergeben|heute|today|vom)\b",
)
_DATELINE_ONLY = re.compile(
    r"(?:[A-Za-z]{3,9}\.? )?\d{1,2}[./ ]\s?(?:\d{1,2}\.|[A-Za-zäöü]+\.?,?)\s?\d{2,4}(?:,? \d{1,2}:\d{2}(?: Uhr)?)?"
    r"(?:\s*(?:\||//|•|-)\s*[^\n]{0,40})?|[A-Za-z]{3} \d{1,2}, \d{4}|Updated: [A-Za-z]+ \d{1,2}, \d{4}"
)
_PROJECT = icase(
    r"projektstart|project start|startete zum|startet zum|starts? on|läuft (?:bis|vom)|laufzeit|im zeitraum|in the period|"
    r"tritt am|in kraft|förderzeitraum|bewilligungszeitraum|from \d\d\.\d\d\.\d{4} to|vom \d{1,2}\.\d{1,2}\.\d{4} bis",
)
# a date that is a start, a decision or a publication, not a happening: "startet am 1. März",
# "bewilligt am", "veröffentlicht am", "Pressemitteilung vom", "seit dem", "ab dem"
_NOT_EVENT_BEFORE = icase(
    r"(?:start\w*|beginn\w*|begann|began|gestartet|läuft|bewillig\w*|beschlossen|beschloss|approved|"
    r"veröffentlich\w*|erschienen|published|pressemitteilung|press release|aktualisiert|updated|stand:?|"
    r"\bab|\bseit|\bsince|wirksam|effective|datiert|dated)\s+(?:dem\s+|am\s+|on\s+|vom\s+|zum\s+|the\s+)?$",
)
_NOT_EVENT_AFTER = icase(
    r"\s*(?:\d{4}\s*)?(?:,\s*)?(?:startet|startete|starten|beginnt|begann|begonnen|gestartet|bewilligt|beschlossen|"
    r"began|started|starts|begins|was approved|(?:ist|war) (?:der )?(?:projektstart|projektbeginn|start|beginn))\b"
    r"|\s*(?:[\w-]+\s+){0,3}?(?:veröffentlicht|publiziert|erschienen|bewilligt|beschlossen|gestartet|begonnen)\b",
)
_CEREMONY = icase(
    r"eröffn|feierlich|festakt|übergab|übergeben|überreicht|handed|kick-?off|auftakt|ceremony|opened|"
    r"konferenz|conference|workshop|tagung|veranstaltung|treffen|meeting",
)
YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
_SENT = re.compile(r"(?<=[.!?])\s+|\n")


def _year_for(month: int, day: int, weekday: int | None, published: dt.date | None, years: list[int]) -> int | None:
    if published is not None:
        cands = [published.year - 1, published.year, published.year + 1]
        if weekday is not None:
            wd = [y for y in cands if _valid(y, month, day) and dt.date(y, month, day).weekday() == weekday]
            if wd:
                cands = wd
        cands = [y for y in cands if _valid(y, month, day)]
        return min(cands, key=lambda y: abs((dt.date(y, month, day) - published).days)) if cands else None
    if weekday is not None:
        base = max(years) if years else None
        if base is None:
            return None
        for y in range(base, base + 12):
            if _valid(y, month, day) and dt.date(y, month, day).weekday() == weekday:
                return y
        return None
    return max(years) if years else None


def _valid(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
        return True
    except ValueError:
        return False


def _parse_published(published: str | None) -> dt.date | None:
    if not published:
        return None
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", published)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(published).date()
    except (TypeError, ValueError, IndexError):
        return None


def event_date(text: str, published: str | None = None) -> str | None:
    pub = _parse_published(published)
    low = text.lower()
    runs = list(_DIGIT_RUN.finditer(low))  # lower-casing keeps every digit (and makes none)
    # = YEAR.findall(text): a year is a whole run of four digits
    years = [int(y) for y in (r.group() for r in runs) if len(y) == 4 and y.isascii() and 1950 <= int(y) <= 2049]
    found: list[tuple[bool, int, dt.date]] = []
    for m in DATE.finditer(low, runs):
        gd = m.groupdict()
        g = {k: gd.get(k) for k in ("d1", "m1", "y1", "d2", "m2", "y2", "d3", "m3", "y3", "d4", "m4", "y4")}
        before = text[max(0, m.start() - 60) : m.start()]
        if DEADLINE.search(before):
            continue
        weekday = None
        wm = WEEKDAY_BEFORE.search(text[max(0, m.start() - 20) : m.start()])
        if wm:
            weekday = WEEKDAYS[wm.group("wd").lower()]
        y: int | None
        try:
            if g["d1"]:
                d, mo, y = int(g["d1"]), int(g["m1"]), int(g["y1"])
                y = y + 2000 if y < 100 else y
            elif g["y2"]:
                d, mo, y = int(g["d2"]), int(g["m2"]), int(g["y2"])
            elif g["d3"]:
                rs = RANGE_START.match(text, m.start())
                d = int(rs.group("d")) if rs else int(g["d3"])
                mo, y = MONTHS[g["m3"].lower()], int(g["y3"]) if g["y3"] else None
            else:
                d, mo, y = int(g["d4"]), MONTHS[g["m4"].lower()], int(g["y4"]) if g["y4"] else None
        except (KeyError, ValueError):
            continue
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            continue
        if y is None:
            y = _year_for(mo, d, weekday, pub, years)
            if y is None:
                continue
        if not _valid(y, mo, d):
            continue
        line_lo = text.rfind("\n", 0, m.start()) + 1
        line_hi = text.find("\n", m.end())
        line = text[line_lo : line_hi if line_hi >= 0 else len(text)]
        if _DATELINE_ONLY.fullmatch(line.strip()):
            continue  # a publication date on its own line ("19.05.2022", "29.07.2025 16:00", "12.02.2019 | Redaktion")
        if _PROJECT.search(text[max(0, m.start() - 80) : m.end() + 40]):
            continue
        lo = max(0, m.start() - 300)  # bounded look-back: linear time on long texts
        line_start = max(
            text.rfind("\n", lo, m.start()), max((s.end() for s in _SENT.finditer(text, lo, m.start())), default=lo)
        )
        sentence = text[line_start : m.end() + 80]
        if (
            _NOT_EVENT_BEFORE.search(text, max(line_start, m.start() - 40), m.start())
            or _NOT_EVENT_AFTER.match(text, m.end())
        ) and not _CEREMONY.search(sentence):
            continue
        cue = (
            bool(EVENT_CUE.search(text[line_start : m.start()]))
            or weekday is not None
            or bool(EVENT_CUE.search(sentence))
        )
        found.append((cue, m.start(), dt.date(y, mo, d)))
    if not found:
        return None
    # only a dated happening counts: a date without an event cue (project start, funding decision,
    # publication date) is not the event's date
    cued = [f for f in found if f[0]]
    return cued[0][2].isoformat() if cued else None


_MONTH_YEAR = re.compile(rf"\b(?P<m>{_MON})\.?\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)


def reported_month(text: str, head_chars: int = 400) -> dt.date | None:
    """First day of a month named with its year near the top ("Berlin, Dezember 2024 –"):
    the article's month when it states no event date and has no published date."""
    m = _MONTH_YEAR.search(text[:head_chars])
    if not m:
        return None
    return dt.date(int(m.group("y")), MONTHS[m.group("m").lower()], 1)
