"""German/English language detection: function-word counts first, langdetect for the unclear rest.

Counting function words is ~100x faster than langdetect and exact for press texts in these two
languages; langdetect (seeded, so deterministic) only decides short or mixed texts.
"""

from __future__ import annotations

import re

_DE = set(
    "der die das und ist nicht mit von für auf den dem des ein eine einer eines zu im sich "
    "auch werden wird wurde wurden sind bei aus nach über zum zur oder sowie dass wie".split()
)
_EN = set(
    "the and of to is are was were for with on that this by from an be will has have which "
    "its their at as it into been than more".split()
)
_WORD = re.compile(r"[a-zäöüß]+")


def detect(text: str) -> str:
    words = _WORD.findall(text[:2000].lower())
    de = len([w for w in words if w in _DE])
    en = len([w for w in words if w in _EN])
    if de + en >= 8 and (de >= 2 * en or en >= 2 * de):
        return "de" if de > en else "en"
    try:
        from langdetect import DetectorFactory
        from langdetect import detect as ld_detect

        DetectorFactory.seed = 0
        lang = ld_detect(text[:4000])
    except Exception:  # langdetect raises on text without letters
        lang = ""
    if lang in ("de", "en"):
        return lang
    return "de" if de > en else "en"
