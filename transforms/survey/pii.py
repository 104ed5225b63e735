"""Personal data of survey rows is hashed or masked before anything is written (bronze included).

Three rules, all Spark column expressions (no Python per row):
- `contact_email` is replaced by `sha256(salt + lower(trim(value)))` (survey-export-v1);
- every other text field of every row: each e-mail-shaped token (anything around an `@`) is
  replaced by `<email:sha256(salt + lower(token))>`, so an address typed into `comment`, an extra
  column or the wrong column is never stored in clear;
- a malformed row (a stray quote, a shifted delimiter, too many or too few fields) has its values
  in unknown columns: any comment text may sit anywhere. Every field of such a row that is not a
  plain structural token (number, date, wave, code, id with a digit) is replaced by
  `<masked:hash>`, so no free text of a malformed row reaches bronze, the rejects or a Delta log.

Delta writes min/max statistics of (by default) the first 32 columns into `_delta_log`; the
tables that hold raw survey values restrict them to lineage columns (`STATS_COLUMNS`).
"""

from __future__ import annotations

from pyspark.sql import Column
from pyspark.sql import functions as F

# Anything glued around an '@' (user@host, user@host.tld, <user@host>): broad on purpose.
EMAIL_TOKEN = r"[^\s;,<>()\[\]{}\"'@|]+@[^\s;,<>()\[\]{}\"'@|]+"
# Values of a malformed row kept in clear: empty, numbers (1 / 1,5 / 12.500,00 / -3), dates and
# times (2025-08-14, 14.08.2025 09:30, 2025-08-14T09:30:00), waves, single letters, the uses_ai
# codes, and ids (letters/digits/_-./, with at least one digit, up to 40 characters).
STRUCTURAL_TOKEN = (
    r"(?i)^\s*("
    r"|[-+]?\d+([.,]\d+)*"
    r"|\d{1,4}[-./]\d{1,2}[-./]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2}([.,]\d+)?)?)?"
    r"|\d{4}-Q\d"
    r"|[A-Z]"
    r"|ja|nein|geplant|yes|no|planned"
    r"|(?=[^\d]*\d)[A-Z0-9][A-Z0-9_./-]{0,39}"
    r")\s*$"
)
EMAIL_COLUMN = "contact_email"
# Lineage columns: Delta statistics only for these (never raw survey values in `_delta_log`).
BRONZE_STATS_COLUMNS = ("_batch_id", "_source_sha256", "_source_row", "_ingested_at")
REJECTS_STATS_COLUMNS = ("_source_sha256", "_source_row", "_batch_id", "_ingested_at", "reason")
STATS_PROPERTY = "delta.dataSkippingStatsColumns"


def hash_email(email: Column, salt: str) -> Column:
    """Salted SHA-256 of the normalised address (lower-case, trimmed); empty stays null."""
    e = F.lower(F.trim(email))
    return F.when(e.isNotNull() & (e != ""), F.sha2(F.concat(F.lit(salt), e), 256))


def hash_email_tokens(text: Column, salt: str) -> Column:
    """``text`` with every e-mail-shaped token replaced by `<email:salted sha256>`."""
    tokens = F.regexp_extract_all(text, F.lit(EMAIL_TOKEN), 0)
    replaced = F.aggregate(
        tokens,
        text,
        lambda acc, tok: F.replace(
            acc, tok, F.concat(F.lit("<email:"), F.sha2(F.concat(F.lit(salt), F.lower(tok)), 256), F.lit(">"))
        ),
    )
    return F.when(F.instr(text, "@") > 0, replaced).otherwise(text)


def mask_free_text(text: Column, salt: str) -> Column:
    """A structural token as it is; anything else (free text, e-mails) as `<masked:hash>`."""
    masked = F.concat(F.lit("<masked:"), F.substring(F.sha2(F.concat(F.lit(salt), text), 256), 1, 12), F.lit(">"))
    return F.when(text.isNull() | text.rlike(STRUCTURAL_TOKEN), text).otherwise(masked)


def reject_value(text: Column) -> Column:
    """A raw value as a reject may show it: structural tokens and single words (up to 40 characters)
    as they are, longer or multi-word text (a comment shifted into another column) masked.

    Needs no salt (conform stays pure): the mask only tells the length.
    """
    keep = text.isNull() | text.rlike(STRUCTURAL_TOKEN) | text.rlike(r"^\S{1,40}$")
    return F.when(keep, text).otherwise(F.concat(F.lit("<masked text, "), F.length(text), F.lit(" characters>")))


def protect(text: Column, column: str, malformed: Column, salt: str) -> Column:
    """The bronze value of one raw text field: e-mail hashed, free text of a malformed row masked."""
    if column == EMAIL_COLUMN:
        return hash_email(text, salt)
    return F.when(malformed, mask_free_text(text, salt)).otherwise(hash_email_tokens(text, salt))


def stats_option(columns: tuple[str, ...]) -> dict[str, str]:
    """Writer option (table property on creation) limiting Delta statistics to ``columns``."""
    return {STATS_PROPERTY: ",".join(columns)}
