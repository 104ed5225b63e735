"""Text normalisation shared by the loader and the extractor."""

from __future__ import annotations

import hashlib
import re
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
