"""The CSV reader of record: what a survey CSV file is, and its records, for every caller.

The ingester (Spark, `read.py`), the partition planner and anything else that looks into a file
use this module, so they agree on every file. One streaming pass over the bytes (`scan_bytes`)
gives the SHA-256, whether the bytes are UTF-8, the line endings, and how quotes behave:

- LF, CRLF, CR-only and mixed line endings are all line ends;
- a quoted field may hold the delimiter and line breaks (`multiline`: Spark must then parse the
  file as one stream; otherwise it splits the file into parallel tasks, line by line);
- a quote that is never closed, or a "quoted field" that swallows lines which look like whole
  records, is a stray quote, not a field: the file is then read line by line and every line with
  an odd number of quotes is a malformed row (rejected, never silently merged into a neighbour).

Fields have no size limit (a 50 MB unterminated quote is read, not refused).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BLOCK = 1 << 22
QUOTE = b'"'
DELIMITERS = (";", ",", "\t")
# Windows-1252 differs from ISO-8859-1 only in 0x80-0x9F: Spark reads ISO-8859-1 (the JVM charsets
# Spark 4 accepts by default do not include windows-1252) and these characters are mapped back.
_CP1252_BYTES = bytes(b for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D))
LATIN1_FROM = _CP1252_BYTES.decode("latin-1")
CP1252_TO = _CP1252_BYTES.decode("cp1252")
_TO_CP1252 = str.maketrans(LATIN1_FROM, CP1252_TO)

csv.field_size_limit(sys.maxsize)  # quoted fields of any size (the default limit is 128 kB)


class UnreadableExport(ValueError):
    """The file cannot be read as a survey export at all; the message names file and reason."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True)
class CsvFormat:
    encoding: str  # "UTF-8" or "windows-1252"
    delimiter: str
    bom: bool = False
    multiline: bool = False  # a quoted field spans lines: parse the file as one stream
    line_endings: tuple[str, ...] = ("LF",)  # kinds seen, of "LF", "CRLF", "CR"
    stray_quote: str | None = None  # why quotes are not trusted (file read line by line), or None


@dataclass(frozen=True)
class ByteScan:
    sha256: str
    size: int
    utf8: bool
    line_endings: tuple[str, ...]
    spans_lines: bool  # a quote stays open over a line end somewhere
    unterminated: bool  # a quote is still open at the end of the file
    swallowed_records: bool  # a line inside an open quote has a whole record's delimiters


def file_sha256(path: Path | str) -> str:
    """SHA-256 of a file's bytes, streamed (the ingester's and the landing sensor's file identity)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def scan_bytes(path: Path, delimiter: bytes = b";", fields: int = 0) -> ByteScan:
    """One streaming pass: SHA-256, size, UTF-8 validity, line endings and quote state.

    Quote state is the parity of `"` per physical line (an escaped `""` counts twice, so it never
    changes the state); a line inside an open quote with at least ``fields - 1`` delimiters looks
    like a swallowed record.
    """
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, size = True, 0
    crlf = cr = lf = 0
    in_quote = spans = swallowed = False
    carry = b""
    need = max(fields - 1, 1)
    with path.open("rb") as fh:
        while True:
            block = fh.read(BLOCK)
            digest.update(block)
            size += len(block)
            if utf8:
                try:
                    decoder.decode(block, final=not block)
                except UnicodeDecodeError:
                    utf8 = False
            data = carry + block
            if block:
                # keep the last (unfinished) line, and a trailing CR that may start a CRLF
                cut = max(data.rfind(b"\n"), data.rfind(b"\r"))
                if cut == len(data) - 1 and data.endswith(b"\r"):
                    cut = max(data.rfind(b"\n", 0, cut), data.rfind(b"\r", 0, cut))
                head, carry = data[: cut + 1], data[cut + 1 :]
            else:
                head, carry = data, b""
            n_crlf = head.count(b"\r\n")
            crlf, cr, lf = crlf + n_crlf, cr + head.count(b"\r") - n_crlf, lf + head.count(b"\n") - n_crlf
            if in_quote or QUOTE in head:
                for line in head.splitlines():
                    if in_quote:
                        spans = True
                        if not swallowed and line.count(delimiter) >= need:
                            swallowed = True
                    if line.count(QUOTE) & 1:
                        in_quote = not in_quote
            if not block:
                break
    endings = tuple(k for k, n in (("LF", lf), ("CRLF", crlf), ("CR", cr)) if n)
    return ByteScan(digest.hexdigest(), size, utf8, endings or ("LF",), spans, in_quote, swallowed)


def _first_line(head: bytes) -> bytes:
    for line in head.splitlines():
        if line.strip(b" \t\xef\xbb\xbf"):
            return line
    return b""


def sniff(path: Path, sample_bytes: int = 64 * 1024) -> tuple[CsvFormat, ByteScan]:
    """Encoding, delimiter, line endings and quote behaviour of a CSV file; `UnreadableExport` if hopeless."""
    with path.open("rb") as fh:
        head = fh.read(sample_bytes)
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise UnreadableExport(path, "file is empty")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableExport(path, "UTF-16 text; the survey contract allows UTF-8 or Windows-1252")
    if b"\x00" in head:
        raise UnreadableExport(path, "binary content, not a CSV text file (an Excel file with a .csv name?)")
    first = _first_line(head)
    counts = {d: first.count(d.encode()) for d in DELIMITERS}
    delimiter = max(counts, key=lambda d: counts[d])
    if counts[delimiter] == 0:
        raise UnreadableExport(path, "no delimiter (';', ',' or tab) in the first line: not a survey CSV")
    scan = scan_bytes(path, delimiter.encode(), counts[delimiter] + 1)
    stray = None
    if scan.unterminated:
        stray = "a quote is never closed"
    elif scan.swallowed_records:
        stray = "a quoted field would swallow whole records"
    fmt = CsvFormat(
        encoding="UTF-8" if scan.utf8 else "windows-1252",
        delimiter=delimiter,
        bom=head.startswith(codecs.BOM_UTF8),
        multiline=scan.spans_lines and stray is None,
        line_endings=scan.line_endings,
        stray_quote=stray,
    )
    return fmt, scan


def _text_stream(path: Path, fmt: CsvFormat) -> io.TextIOBase:
    if fmt.encoding == "UTF-8":
        return path.open("r", encoding="utf-8-sig", errors="replace", newline="")
    return path.open("r", encoding="latin-1", newline="")


def _fix(value: str, fmt: CsvFormat) -> str:
    return value if fmt.encoding == "UTF-8" else value.translate(_TO_CP1252)


def _physical_lines(fh: io.TextIOBase) -> Iterator[str]:
    """Lines ended by LF, CRLF or CR (streamed; a line may be of any length)."""
    rest = ""
    for chunk in iter(lambda: fh.read(BLOCK), ""):
        data = rest + chunk
        if data.endswith("\r"):  # may be the first half of a CRLF
            rest, data = "\r", data[:-1]
        else:
            rest = ""
        lines = data.splitlines()
        if data and data[-1] not in "\r\n":
            rest = lines.pop() + rest if lines else data + rest
        yield from lines
    if rest.strip("\r"):
        yield rest


def records(path: Path | str, fmt: CsvFormat) -> Iterator[tuple[list[str], bool]]:
    """(fields, malformed) of every non-blank record, the header first, exactly as Spark reads them.

    ``malformed`` is only decided here for line-by-line files with untrusted quotes (an odd
    number of quotes on the line); a wrong number of fields is judged by the caller.
    """
    path = Path(path)
    with _text_stream(path, fmt) as fh:
        if fmt.multiline:
            for row in csv.reader(fh, delimiter=fmt.delimiter, quotechar='"', doublequote=True):
                if any(v.strip() for v in row):
                    yield [_fix(v, fmt) for v in row], False
            return
        for line in _physical_lines(fh):
            if not line.strip():
                continue
            row = next(csv.reader([line], delimiter=fmt.delimiter, quotechar='"', doublequote=True), [])
            yield [_fix(v, fmt) for v in row], bool(fmt.stray_quote) and bool(line.count('"') & 1)


def header(path: Path | str, fmt: CsvFormat) -> list[str]:
    """The header record (the first non-blank one) as written."""
    for row, _ in records(path, fmt):
        return row
    raise UnreadableExport(path, "file has no header row")
