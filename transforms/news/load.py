"""Read news articles from folders, files and feeds (pure Python; the caller writes bronze).

Accepted (news-extract-v1): `.txt`/`.md` (first non-empty line = headline), `.html`/`.htm`
(title and main text, navigation/scripts dropped), `.json`/`.jsonl` (objects with `text` and
optionally `id`, `url`, `title`, `published`, `language`), RSS 2.0 and Atom feeds (`.xml`,
`.rss`, `.atom`, or any file/URL whose content is a feed) from a file or an http(s) URL.
UTF-8 (with or without BOM) or Windows-1252. A bad source (unreadable, empty, binary, malformed
feed or JSON, unreachable URL) becomes a reject with a reason and never stops the batch. The same
article twice in a batch (same normalised URL or same normalised text) is kept once.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from transforms.news.text import clean, headline, normalise, stable_id

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES
MAX_BYTES = 50 * 1024 * 1024


class SourceError(Exception):
    """A source that cannot be read; its message is the reject reason."""


@dataclass
class Article:
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    id: str | None = None
    source_type: str = "text"
    source_file: str = ""
    source_row: int = 1

    def key_id(self) -> str:
        return self.id or stable_id(self.text)


@dataclass
class Reject:
    source_file: str
    source_row: int | None
    reason: str


@dataclass
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    duplicates: list[tuple[Article, str]] = field(default_factory=list)  # (article, id of the kept one)


# --------------------------------------------------------------------------- decoding helpers


def decode(data: bytes, source: str) -> str:
    """UTF-8 (BOM allowed) or Windows-1252; binary content and empty files are errors."""
    if not data.strip():
        raise SourceError("empty file")
    head = data[:8192]
    if b"\x00" in head:
        raise SourceError("binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:  # Windows-1252, or mixed: decode line by line so UTF-8 lines survive
        text = "".join(_decode_line(line) for line in data.removeprefix(b"\xef\xbb\xbf").splitlines(keepends=True))
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.01 * min(len(text), 8192) + 2:
        raise SourceError("binary file (control characters), not text")
    return text


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


WEB_SCHEMES = ("http", "https")
MAX_URL_LENGTH = 2048


def web_url(url: object) -> str | None:
    """``url`` if it is an absolute http(s) link with a host, else None.

    Only these are kept as article links: ``javascript:``, ``data:``, ``file:``, ``mailto:``,
    relative or protocol-less links, control characters or absurd lengths are dropped.
    """
    if not isinstance(url, str):
        return None
    value = url.strip()
    if not value or len(value) > MAX_URL_LENGTH or any(ord(ch) < 33 or ord(ch) == 127 for ch in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return None
    return value


def normalise_url(url: str | None) -> str | None:
    """Lower-case scheme/host, no `www.`, no fragment, no tracking parameters, no trailing slash."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if not parts.netloc:
        return url.strip().lower() or None
    host = parts.netloc.lower().removeprefix("www.")
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query) if not k.lower().startswith(("utm_", "fbclid", "gclid")))
    )
    path = parts.path.rstrip("/") or ""
    return urlunsplit(("https" if parts.scheme in ("http", "https") else parts.scheme.lower(), host, path, query, ""))


def _html_to_text(fragment: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(fragment, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "iframe"]):
        tag.decompose()
    return _block_text(soup)


def _block_text(node) -> str:
    text = node.get_text("\n", strip=True)
    return re.sub(r"\n{3,}", "\n\n", text)


# --------------------------------------------------------------------------- formats


def parse_html(html: str, source: str) -> Article:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(
        [
            "script",
            "style",
            "noscript",
            "template",
            "iframe",
            "nav",
            "header",
            "footer",
            "aside",
            "form",
            "button",
            "svg",
        ]
    ):
        tag.decompose()
    for tag in soup.find_all(  # type: ignore[call-overload]  # bs4's stubs miss attrs= with a pattern
        attrs={"class": re.compile(r"cookie|banner|breadcrumb|share|social|newsletter|menu|navigation|sidebar", re.I)}
    ):
        tag.decompose()
    main = soup.find("article") or soup.find("main") or soup.find(attrs={"role": "main"}) or soup.body or soup  # type: ignore[call-overload]
    h1 = main.find("h1") or soup.find("h1")
    title = h1.get_text(" ", strip=True) if h1 else (soup.title.get_text(" ", strip=True) if soup.title else None)
    text = _block_text(main)
    meta_time = soup.find("meta", attrs={"property": "article:published_time"}) or soup.find(
        "meta", attrs={"name": "date"}
    )
    time_tag = soup.find("time")
    published = (meta_time.get("content") if meta_time else None) or (time_tag.get("datetime") if time_tag else None)
    canonical = soup.find("link", rel="canonical")
    lang = str(soup.html.get("lang") or "")[:2].lower() if soup.html else ""
    if title and not text.startswith(title):
        text = f"{title}\n{text}"
    return Article(
        text=text,
        title=title,
        url=str(canonical.get("href")) if canonical and canonical.get("href") else None,
        published=str(published) if published else None,
        language=lang if lang in ("de", "en") else None,
        source_type="html",
        source_file=source,
    )


def _localname(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(el, *names: str):
    for ch in el:
        if _localname(ch.tag) in names:
            return ch
    return None


def _child_text(el, *names: str) -> str | None:
    for name in names:
        ch = _child(el, name)
        if ch is not None and (ch.text or "").strip():
            return ch.text.strip()
    return None


def looks_like_feed(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return (
        head.startswith("<?xml")
        and ("<rss" in head or "<feed" in head or "<rdf" in head)
        or head.startswith(("<rss", "<feed"))
    )


def parse_feed(text: str, source: str) -> list[Article]:
    """RSS 2.0 or Atom entries as articles; a malformed feed raises SourceError."""
    from defusedxml import ElementTree as ET
    from defusedxml.common import DefusedXmlException

    try:
        root = ET.fromstring(text.lstrip().encode("utf-8"))
    except (ET.ParseError, DefusedXmlException) as exc:
        raise SourceError(f"malformed feed: {exc}") from None
    kind = _localname(root.tag).lower()
    out: list[Article] = []
    if kind in ("rss", "rdf"):
        channel = _child(root, "channel")
        items = [el for el in (channel if channel is not None else root) if _localname(el.tag) == "item"]
        if kind == "rdf":
            items = [el for el in root if _localname(el.tag) == "item"]
        for i, item in enumerate(items, start=1):
            body = _child_text(item, "encoded") or _child_text(item, "description") or ""
            title = _child_text(item, "title")
            text = _html_to_text(body) if "<" in body else body
            if title and not text.startswith(title):
                text = f"{title}\n{text}"
            out.append(
                Article(
                    text=text,
                    title=title,
                    url=_child_text(item, "link"),
                    published=_child_text(item, "pubDate", "date"),
                    source_type="rss",
                    source_file=source,
                    source_row=i,
                )
            )
    elif kind == "feed":
        entries = [el for el in root if _localname(el.tag) == "entry"]
        for i, entry in enumerate(entries, start=1):
            link = None
            for ch in entry:
                if _localname(ch.tag) == "link" and ch.get("rel", "alternate") == "alternate":
                    link = ch.get("href")
                    break
            content = _child(entry, "content")
            body = ""
            if content is not None:
                body = "".join(content.itertext()) if content.get("type") == "xhtml" else (content.text or "")
            body = body or _child_text(entry, "summary") or ""
            title = _child_text(entry, "title")
            text = _html_to_text(body) if "<" in body else body
            if title and not text.startswith(title):
                text = f"{title}\n{text}"
            out.append(
                Article(
                    text=text,
                    title=title,
                    url=link,
                    published=_child_text(entry, "published", "updated"),
                    source_type="atom",
                    source_file=source,
                    source_row=i,
                )
            )
    else:
        raise SourceError(f"malformed feed: root element <{_localname(root.tag)}> is neither RSS nor Atom")
    return out


def _from_json_obj(obj, source: str, row: int) -> Article:
    if not isinstance(obj, dict):
        raise SourceError("JSON value is not an object")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise SourceError("object has no non-empty 'text'")

    def s(key):
        v = obj.get(key)
        if isinstance(v, (dict, list)):  # a nested structure is not a title, date or link
            return None
        return str(v) if v not in (None, "") else None

    return Article(
        text=text,
        title=s("title"),
        url=s("url"),
        published=s("published"),
        language=s("language"),
        id=s("id"),
        source_type="json",
        source_file=source,
        source_row=row,
    )


def parse_file(path: Path) -> tuple[list[Article], list[Reject]]:
    """Articles and rejects of one file."""
    source = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise SourceError(f"file larger than {MAX_BYTES // 2**20} MiB")
        text = decode(path.read_bytes(), source)
    except SourceError as exc:
        return [], [Reject(source, None, str(exc))]
    except OSError as exc:
        return [], [Reject(source, None, f"cannot read file: {exc.strerror or exc}")]
    return parse_text(text, path.suffix.lower(), source)


def parse_text(text: str, suffix: str, source: str) -> tuple[list[Article], list[Reject]]:
    articles: list[Article] = []
    rejects: list[Reject] = []
    try:
        if suffix in FEED_SUFFIXES or looks_like_feed(text):
            articles = parse_feed(text, source)
            if not articles:
                rejects.append(Reject(source, None, "feed has no items"))
        elif suffix in JSONL_SUFFIXES:
            for row, line in enumerate(text.splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    art = _from_json_obj(json.loads(line), source, row)
                    art.source_type = "jsonl"
                    articles.append(art)
                except json.JSONDecodeError as exc:
                    rejects.append(Reject(source, row, f"malformed JSON line: {exc.msg}"))
                except RecursionError:
                    rejects.append(Reject(source, row, "JSON line nested too deeply to read"))
                except SourceError as exc:
                    rejects.append(Reject(source, row, str(exc)))
        elif suffix in JSON_SUFFIXES:
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise SourceError(f"malformed JSON: {exc.msg} (line {exc.lineno})") from None
            items = (
                data if isinstance(data, list) else data.get("articles", [data]) if isinstance(data, dict) else [data]
            )
            for row, obj in enumerate(items, start=1):
                try:
                    articles.append(_from_json_obj(obj, source, row))
                except SourceError as exc:
                    rejects.append(Reject(source, row, str(exc)))
        elif suffix in HTML_SUFFIXES or text.lstrip()[:200].lower().startswith(("<!doctype html", "<html")):
            articles = [parse_html(text, source)]
        else:
            if suffix in (".md", ".markdown"):
                text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)  # [label](link) -> label
                text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.M)
                text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
            body = clean(text)
            articles = [
                Article(
                    text=body,
                    title=headline(body) or None,
                    source_type=suffix.lstrip(".") or "text",
                    source_file=source,
                )
            ]
    except SourceError as exc:
        return [], [Reject(source, None, str(exc))]
    except RecursionError:
        return [], [Reject(source, None, "nested too deeply to read (more levels than the loader follows)")]
    except MemoryError:
        return [], [Reject(source, None, "too large to read into memory")]
    except Exception as exc:  # any other parser failure on strange input: a reject, never a crash
        return [], [Reject(source, None, f"cannot parse {suffix or 'file'}: {type(exc).__name__}: {str(exc)[:200]}")]
    kept = []
    for a in articles:
        a.text = clean(a.text)
        a.url = web_url(a.url)
        if not a.text.strip():
            rejects.append(Reject(source, a.source_row, "article has no text"))
        else:
            kept.append(a)
    return kept, rejects


# --------------------------------------------------------------------------- URLs


def _read_body(resp, deadline: float) -> bytes:
    """The response body within a total deadline and MAX_BYTES (``timeout`` bounds each read only)."""
    import requests

    chunks, size = [], 0
    try:
        while chunk := resp.raw.read1(64 * 1024, decode_content=True):  # returns what has arrived
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_BYTES:
                break
            if time.monotonic() > deadline:
                raise requests.Timeout("response body not complete before the deadline")
    finally:
        resp.close()
    return b"".join(chunks)


def fetch(url: str, *, timeout: float = 10.0, retries: int = 3, backoff: float = 0.5) -> tuple[str, str]:
    """GET a URL with a timeout and retries (connection errors, timeouts, 429/5xx); (text, content type)."""
    import requests

    last = ""
    for attempt in range(1, retries + 1):
        try:
            resp = requests.get(
                url, timeout=timeout, stream=True, headers={"User-Agent": "ai-adoption-lakehouse news loader"}
            )
            data = _read_body(resp, deadline=time.monotonic() + timeout * 3)  # total, not per read
            if resp.status_code == 429 or resp.status_code >= 500:
                last = f"HTTP {resp.status_code}"
            elif resp.status_code >= 400:
                raise SourceError(f"cannot fetch {url}: HTTP {resp.status_code}")
            else:
                if len(data) > MAX_BYTES:
                    raise SourceError(f"cannot fetch {url}: response larger than {MAX_BYTES // 2**20} MiB")
                enc = resp.encoding if "charset" in resp.headers.get("content-type", "").lower() else None
                if enc:
                    try:
                        return data.decode(enc), resp.headers.get("content-type", "")
                    except (LookupError, UnicodeDecodeError):
                        pass
                return decode(data, url), resp.headers.get("content-type", "")
        except requests.Timeout:
            last = f"timed out after {timeout:g}s"
        except requests.ConnectionError as exc:
            last = f"connection failed ({type(exc).__name__})"
        except requests.RequestException as exc:
            raise SourceError(f"cannot fetch {url}: {exc}") from None
        if attempt < retries:
            time.sleep(backoff * 2 ** (attempt - 1))
    raise SourceError(f"cannot fetch {url} after {retries} attempts: {last}")


def _head_is_feed(path: Path) -> bool:
    """A file with another suffix is still read when its content is an RSS/Atom feed."""
    try:
        with path.open("rb") as fh:
            return looks_like_feed(fh.read(2048).decode("utf-8", errors="replace"))
    except OSError:
        return True  # parse_file turns the read error into a reject


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


# --------------------------------------------------------------------------- batch


def load_sources(sources, *, timeout: float = 10.0, retries: int = 3) -> LoadResult:
    """Read every source (folder, file or URL); rejects and duplicates are reported, never raised.

    Whatever goes wrong with one source (a parser's recursion limit, an odd file name, a folder
    that cannot be listed) becomes a reject of that source; the other sources go on.
    """
    result = LoadResult()
    for source in sources:
        source = str(source)
        try:
            _load_one(source, result, timeout=timeout, retries=retries)
        except RecursionError:
            result.rejects.append(Reject(source, None, "nested too deeply to read"))
        except Exception as exc:  # noqa: BLE001 - one strange source never stops the batch
            result.rejects.append(Reject(source, None, f"cannot load: {type(exc).__name__}: {str(exc)[:200]}"))
    result.articles = _collapse_duplicates(result.articles, result.duplicates)
    return result


def _load_one(source: str, result: LoadResult, *, timeout: float, retries: int) -> None:
    if is_url(source):
        try:
            text, ctype = fetch(source, timeout=timeout, retries=retries)
        except SourceError as exc:
            result.rejects.append(Reject(source, None, str(exc)))
            return
        suffix = (
            ".xml"
            if looks_like_feed(text) or "xml" in ctype
            else ".html"
            if "html" in ctype
            else Path(urlsplit(source).path).suffix.lower()
        )
        arts, rej = parse_text(text, suffix, source)
        for a in arts:
            a.url = a.url or (web_url(source) if a.source_type == "html" else None)
        result.articles += arts
        result.rejects += rej
        return
    path = Path(source)
    if path.is_dir():
        files = sorted(
            p
            for p in path.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        for f in files:
            if f.suffix.lower() not in SUPPORTED:
                if f.name.lower() not in ("readme", "readme.md"):
                    result.rejects.append(Reject(str(f), None, f"unsupported file type '{f.suffix or f.name}'"))
                continue
            if f.name.lower() == "readme.md":
                continue
            try:
                arts, rej = parse_file(f)
            except RecursionError:
                arts, rej = [], [Reject(str(f), None, "nested too deeply to read")]
            except Exception as exc:  # noqa: BLE001 - this file is a reject, the folder goes on
                arts, rej = [], [Reject(str(f), None, f"cannot load: {type(exc).__name__}: {str(exc)[:200]}")]
            result.articles += arts
            result.rejects += rej
    elif path.is_file():
        if path.suffix.lower() not in SUPPORTED and not _head_is_feed(path):
            result.rejects.append(Reject(source, None, f"unsupported file type '{path.suffix or path.name}'"))
            return
        arts, rej = parse_file(path)
        result.articles += arts
        result.rejects += rej
    else:
        result.rejects.append(Reject(source, None, "no such file, folder or URL"))


def _collapse_duplicates(articles: list[Article], duplicates: list) -> list[Article]:
    by_url: dict[str, str] = {}
    by_text: dict[str, str] = {}
    by_id: dict[str, str] = {}
    kept = []
    for a in articles:
        url_key = normalise_url(a.url)
        text_key = normalise(a.text)
        aid = a.key_id()
        first = (by_url.get(url_key) if url_key else None) or by_text.get(text_key) or by_id.get(aid)
        if first is not None:
            duplicates.append((a, first))
            continue
        if url_key:
            by_url[url_key] = aid
        by_text[text_key] = aid
        by_id[aid] = aid
        kept.append(a)
    return kept
