"""Text normalisation shared by the loader and the extractor."""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata

# Lines that are page furniture, not article text (navigation, cookie banners, share buttons).
BOILERPLATE_LINE = re.compile(
    r"^\s*(?:skip to (?:main )?(?:content|navigation)|zum inhalt springen|direkt zum inhalt|"
    r"zur navigation|cookie|we use cookies|wir verwenden cookies|accept all|alle akzeptieren|"
    r"teilen auf|share on|drucken|print this page|back to top|nach oben|menü|menu|home\s*[>›/])",
    re.IGNORECASE,
)
_SKIP_PHRASE = re.compile(r"skip to main (?:content|navigation)", re.IGNORECASE)
_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """NFC, lower case, one space between words: the key for duplicates and ids."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip().lower()


def stable_id(text: str) -> str:
    """Stable id of an article without one: hash of its normalised text."""
    return hashlib.sha1(normalise(text).encode("utf-8")).hexdigest()[:16]


def clean(text: str) -> str:
    """Drop navigation/cookie lines and normalise line endings; keep paragraphs."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = []
    for line in text.split("\n"):
        if BOILERPLATE_LINE.match(line) and len(line) < 200:
            rest = _SKIP_PHRASE.sub("", line).strip()
            if BOILERPLATE_LINE.match(rest) or not rest:
                continue
            line = rest
        lines.append(line.replace("\u00a0", " ").replace("\u202f", " "))
    return "\n".join(lines).strip()


def headline(text: str) -> str:
    """First non-empty line (the headline for .txt/.md input)."""
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:300]
    return ""


def matches_at(text: str, starts, rx: re.Pattern) -> list[re.Match]:
    """What `rx.finditer(text)` finds, trying `rx` only at the given start positions (ascending,
    a superset of where a match can start; `rx` never matches the empty string)."""
    out = []
    last_end = 0
    for pos in starts:
        if pos < last_end:
            continue
        m = rx.match(text, pos)
        if m:
            last_end = m.end()
            out.append(m)
    return out


def _extra_cases() -> dict[int, int]:
    """`re.IGNORECASE` also counts some other characters as equal ("ſ" = "s", "ı" = "i"):
    each other than the smallest of its group to that one."""
    from re import _casefix  # type: ignore[attr-defined]  # the extra cases `re` uses

    return {ch: min(others) for ch, others in _casefix._EXTRA_CASES.items() if min(others) < ch}


_EXTRA_CASES = _extra_cases()
_HAS_EXTRA_CASE = re.compile("[" + "".join(re.escape(chr(ch)) for ch in sorted(_EXTRA_CASES)) + "]")


def fold(text: str) -> str:
    """Lower-case `text` so that what a literal `re.IGNORECASE` regex matches is a substring of
    it: `str.lower` is `re`'s lower case but for "İ" (two characters), plus `re`'s extra cases
    (rare, so translated only when there)."""
    low = (text.replace("İ", "i") if "İ" in text else text).lower()
    return low.translate(_EXTRA_CASES) if _HAS_EXTRA_CASE.search(low) else low


def _leading_literals(items) -> set[str] | None:
    """The literal text every match of the parsed regex `items` starts with, per alternative;
    None when an alternative starts with something else (a class, a repeat)."""
    from re import _constants as c  # type: ignore[attr-defined]  # Python 3.11+: the regex parser's internals

    run = ""
    for op, av in items:
        if op is c.LITERAL:
            run += chr(av)
            continue
        if run:
            return {run}
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero width (\b, look-arounds): what follows still starts the match's text
        if op is c.SUBPATTERN:
            return _leading_literals(list(av[-1]))
        if op is c.BRANCH:
            out: set[str] = set()
            for branch in av[1]:
                got = _leading_literals(list(branch))
                if got is None:
                    return None
                out |= got
            return out
        return None
    return {run} if run else None


class CaseGated:
    """A case-insensitive regex whose `search`/`match` first look, in the folded text, for the
    literal start of some alternative with one fast case-sensitive scan (`re` tries a
    case-insensitive alternation of words at every character, which is slow); only when one is
    there does the regex run. Same results as the regex: a match always contains one."""

    def __init__(self, rx: re.Pattern):
        from re import _parser as sre_parse  # type: ignore[attr-defined]

        from transforms.news.gazetteer import trie_pattern

        self.rx = rx
        self.pattern = rx.pattern
        starts = _leading_literals(list(sre_parse.parse(rx.pattern, rx.flags)))
        self._gate = re.compile(trie_pattern({fold(s) for s in starts})) if starts else None

    def _may_match(self, text: str, pos: int, endpos: int) -> bool:
        # `re` reads a negative pos / endpos as 0
        return self._gate is None or self._gate.search(fold(text[max(pos, 0) : max(endpos, 0)])) is not None

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        return self.rx.search(text, pos, endpos) if self._may_match(text, pos, endpos) else None

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        return self.rx.match(text, pos, endpos) if self._may_match(text, pos, endpos) else None


def icase(pattern: str) -> CaseGated:
    """`re.compile(pattern, re.IGNORECASE)`, gated (see CaseGated)."""
    return CaseGated(re.compile(pattern, re.IGNORECASE))
