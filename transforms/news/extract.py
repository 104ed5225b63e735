"""Extract the fields of news-extract-v1 from one article (pure Python; Spark calls it per batch)."""

from __future__ import annotations

import re

from transforms.news import dates, language, money, orgs, places, topics
from transforms.news.text import clean, headline, icase, stable_id

# News articles are a few kB; the extractor reads at most this much of a text so that a huge
# input (a whole page dump) cannot stall a Spark task. The id still hashes the whole text.
MAX_CHARS = 30_000
FIELDS = ("id", "language", "states", "cities", "organizations", "funding_eur", "event_date", "topics")
_AI_TERMS = icase(
    r"\bKI\b|\bAI\b|künstlich\w* Intelligenz|artificial intelligence|machine learning|maschinell\w* Lern|"
    r"deep learning|neural|neuronal|sprachmodell|language model|supercomput|HPC|daten|data",
)

_TEASER = re.compile(r"\?|!|\b(?:lesen sie|jetzt|melden sie|nehmen sie|read more|sign up|subscribe|newsletter)\b", re.I)


_TEASER_MAX = 400  # a paragraph of several sentences is the article's, not a teaser
# a heading that starts a page's block of links to other articles ("Weitere Artikel"): what
# follows is not the article (other organisations, other Länder)
_RELATED = re.compile(
    r"^[ \t#*]*(?:weitere (?:artikel|meldungen|nachrichten|beiträge|news)|mehr (?:artikel|zum thema|news|nachrichten)|"
    r"das könnte sie (?:auch )?interessieren|auch interessant|lesen sie auch|ähnliche (?:artikel|beiträge)|"
    r"verwandte (?:artikel|beiträge|themen)|related (?:articles|news|posts|stories|content)|"
    r"more (?:articles|news|stories)(?: from [^\n]{1,30})?|you (?:may|might) also like|read also|"
    r"other news|latest news|neueste (?:artikel|beiträge)|meistgelesen\w*|most read|top-?themen)[ \t:]*$",
    re.IGNORECASE | re.MULTILINE,
)


def _drop_related(text: str) -> str:
    """Cut a trailing block of links to other articles (after the first half of the text)."""
    m = _RELATED.search(text, len(text) // 2)
    return text[: m.start()].rstrip() if m else text


def _drop_offtopic_tail(text: str) -> str:
    """Drop a last paragraph that is about something else (pages append unrelated teasers)."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    if len(paragraphs) < 3:
        return text
    last = paragraphs[-1]
    if (
        len(last) > _TEASER_MAX
        or _AI_TERMS.search(last)
        or next(money.money_matches(last), None)
        or next(orgs._gazetteer_regex().finditer(last), None)
    ):
        return text
    if places.mentions(last) or not _TEASER.search(last):
        return text
    return text[: text.rfind(last)].rstrip()


def extract_article(
    text: str,
    *,
    id: str | None = None,
    title: str | None = None,
    published: str | None = None,
    language: str | None = None,
) -> dict:
    """All contract fields for one article; `title` (if given) is weighted like a headline."""
    result = extract_with_details(text, id=id, title=title, published=published, language=language)
    del result["org_details"]
    return result


def extract_with_details(
    text: str,
    *,
    id: str | None = None,
    title: str | None = None,
    published: str | None = None,
    language: str | None = None,
) -> dict:
    """`extract_article` plus `org_details`: (organization, organization_key, land) per organisation."""
    body = _drop_offtopic_tail(_drop_related(clean((text or "")[:MAX_CHARS])))
    head = (title or "").strip()
    full = f"{head}\n{body}" if head and not body.startswith(head) else body
    title_end = len(head) if head and not body.startswith(head) else _headline_end(body)
    lang = language if language in ("de", "en") else _language(full)
    found_orgs, org_mentions = orgs.find_with_mentions(full)
    cities, states = places.cities_and_states(full, title_end, org_mentions)
    found_orgs = orgs.resolve_generic(full, found_orgs, states)
    funding = money.funding_eur(full, lang, title_end)
    return {
        "id": id or stable_id(clean(text or "")),
        "language": lang,
        "states": states,
        "cities": cities,
        "organizations": [surface for _pos, surface, _key, _land in found_orgs],
        "funding_eur": funding,
        "event_date": dates.event_date(full, published),
        "topics": topics.topics(full, title_end, funding),
        "org_details": [
            {"organization": surface, "organization_key": key, "land": land} for _pos, surface, key, land in found_orgs
        ],
    }


_NAV_LINE = re.compile(r"[#\s]*[\w&/-]{1,20}[\s:>›|]*")


def _headline_end(body: str) -> int:
    """End of the headline in a text without a title: its first line, skipping leading one-word
    lines of page navigation ("Overview", "News", "Aktuelles") before a longer line."""
    pos = len(body) - len(body.lstrip())
    while True:
        nl = body.find("\n", pos)
        if nl < 0 or not _NAV_LINE.fullmatch(body[pos:nl]):
            break
        nxt = len(body) - len(body[nl:].lstrip())
        if not body[nxt:].strip():
            break
        pos = nxt
    return pos + len(headline(body[pos:]))


def _language(text: str) -> str:
    return language.detect(text)
