"""Tables as shown and as downloaded: suppression applied, numbers as numbers, formula-safe cells.

What the analyst sees is what the CSV and Excel files hold: the display frame is built once
(shares in % as numbers, 1 decimal; a suppressed cell has no number, its note says
"unterdrückt"; a `limited` cell's note says it is published with a warning) and both downloads
are written from it. Numbers stay numbers: the CSV writes them with the decimal comma (German)
and `;` separator, the Excel file as numeric cells with number format `0.0` (Excel shows the
decimal comma in a German locale). Both carry a header (CSV: a block of `key;value` lines and a
blank line before the table; Excel: an "Info" sheet) with wave, Land, filters, source, method,
the suppression and reliability legend and the data version. Text cells starting with = + - @
TAB or CR get a leading apostrophe, so a spreadsheet never evaluates them (CSV/formula injection).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from dashboards.cells import flag
from dashboards.i18n import number, t

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER_FORMAT = "0.0"


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out.columns = [str(safe_cell(str(c))) for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].map(safe_cell)
    return out


def _meta_rows(meta: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    return [(str(safe_cell(str(k))), str(safe_cell("" if v is None else str(v)))) for k, v in (meta or {}).items()]


def to_csv_bytes(df: pd.DataFrame, meta: Mapping[str, Any] | None = None, lang: str = "de") -> bytes:
    """UTF-8 with BOM (Excel reads the umlauts), `;` separated, decimal comma in German; ``meta``
    as `key;value` lines and a blank line above the table."""
    head = ""
    if meta:
        buf = io.StringIO()
        pd.DataFrame(_meta_rows(meta)).to_csv(buf, index=False, header=False, sep=";")
        head = buf.getvalue() + "\n"
    body = safe_frame(df).to_csv(index=False, sep=";", decimal="," if lang == "de" else ".")
    return (head + body).encode("utf-8-sig")


def to_xlsx_bytes(df: pd.DataFrame, sheet: str = "Daten", meta: Mapping[str, Any] | None = None) -> bytes:
    """The table on sheet ``sheet`` (numbers numeric, format `0.0` for decimals) and ``meta`` on "Info"."""
    buffer = io.BytesIO()
    frame = safe_frame(df)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet[:31])
        ws = writer.sheets[sheet[:31]]
        for j, col in enumerate(frame.columns, start=1):
            if pd.api.types.is_float_dtype(frame[col]):
                for row in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    row[0].number_format = NUMBER_FORMAT
        if meta:
            pd.DataFrame(_meta_rows(meta), columns=["Feld", "Wert"]).to_excel(writer, index=False, sheet_name="Info")
    return buffer.getvalue()


def percent(value: Any, lang: str) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return number(float(value) * 100, lang, 1)


def percent_number(value: Any) -> float | None:
    """A share 0-1 as a number in %, 1 decimal (what tables and downloads hold)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return None
    return round(float(value) * 100, 1)


def cell_note(rec: Mapping[str, Any], lang: str) -> str:
    """The note of one cell: suppressed (and why), limited reliability, all alike, no responses (as on the map)."""
    if flag(rec, "suppressed"):
        kind = rec.get("suppression")
        return t("suppressed_secondary" if kind == "secondary" else "suppressed", lang)
    has_cell = rec.get("has_cell", True)
    if has_cell is False or (isinstance(has_cell, float) and math.isnan(has_cell)):
        return t("no_responses_short", lang)
    notes = []
    if rec.get("reliability") == "limited":
        notes.append(t("limited_note", lang))
    if flag(rec, "all_alike"):
        notes.append(t("all_alike_note", lang))
    return "; ".join(notes)


def share_frame(
    df: pd.DataFrame,
    lang: str,
    label_col: str,
    label_name: str,
    share_cols: Sequence[tuple[str, str]] = (("weighted_share", "share"), ("ci_low", "ci_low"), ("ci_high", "ci_high")),
    labeller=None,
) -> pd.DataFrame:
    """Display frame of share cells: label, respondents, shares in % (numbers, 1 decimal; none for a
    suppressed cell), and a note (suppressed / limited reliability / all alike / no data)."""
    rows = []
    with_enterprises = "weight_sum" in df.columns and df["weight_sum"].notna().any()
    for rec in df.to_dict("records"):
        label = rec.get(label_col)
        row: dict[str, Any] = {
            label_name: labeller(label) if labeller else label,
            t("respondents", lang): None if pd.isna(rec.get("respondents")) else int(rec["respondents"]),
        }
        hidden = flag(rec, "suppressed")
        for col, key in share_cols:
            row[t(key, lang)] = None if hidden else percent_number(rec.get(col))
        row[t("note", lang)] = cell_note(rec, lang)
        if with_enterprises:  # estimated enterprises (Σw), never for a suppressed cell
            ws = rec.get("weight_sum")
            row[t("enterprises", lang)] = None if hidden or ws is None or pd.isna(ws) else int(round(float(ws)))
        rows.append(row)
    out = pd.DataFrame(rows)
    if not out.empty:
        out[t("respondents", lang)] = out[t("respondents", lang)].astype("Int64")
        for _, key in share_cols:
            out[t(key, lang)] = pd.to_numeric(out[t(key, lang)], errors="coerce").astype(float)
    return out


def legend(lang: str) -> dict[str, str]:
    """Suppression and reliability legend (header of every download, footnote of tables)."""
    return {
        t("legend_suppression", lang): t("legend_suppression_text", lang),
        t("legend_reliability", lang): t("legend_reliability_text", lang),
        t("legend_method", lang): t("legend_method_text", lang),
    }


def download_meta(
    lang: str,
    what: str,
    wave: str | None = None,
    land: str | None = None,
    filters: str | None = None,
    data_version: str | None = None,
    source: str | None = None,
) -> dict[str, str]:
    """The header block of a download: what, wave, Land, filters, source, method, legend, data version."""
    meta = {t("meta_content", lang): what}
    if wave:
        meta[t("wave", lang)] = wave
    if land:
        meta[t("land", lang)] = land
    if filters:
        meta[t("filters", lang)] = filters
    meta[t("source", lang)] = source or t("meta_source_text", lang)
    meta.update(legend(lang))
    if data_version:
        meta[t("meta_version", lang)] = data_version
    return meta


def file_name(name: str, meta: Mapping[str, Any] | None = None) -> str:
    """`<name>_<wave>_<land>`: ASCII, lower case, what the file holds in its name."""
    parts = [name]
    for key in ("wave", "land"):
        for k, v in (meta or {}).items():
            if k in (t(key, "de"), t(key, "en")) and v:
                parts.append(str(v))
    text = "_".join(parts).lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return re.sub(r"[^a-z0-9_.-]+", "-", text).strip("-")


# What an empty cell shows on screen: Streamlit writes "None" otherwise (English, and it reads like a value).
MISSING = "–"


def number_columns(df: pd.DataFrame) -> dict:
    """Streamlit column config: float columns as numbers with 1 decimal (sorted numerically on screen)."""
    return {
        c: st.column_config.NumberColumn(c, format="%.1f") for c in df.columns if pd.api.types.is_float_dtype(df[c])
    }


def show_table(
    df: pd.DataFrame,
    name: str,
    lang: str,
    column_config: dict | None = None,
    collapsed: bool = False,
    meta: Mapping[str, Any] | None = None,
) -> None:
    """The table and its two downloads (same content, suppression applied, ``meta`` as header).

    The files are written when a download button is clicked (deferred data), not on every run:
    no Excel workbook per rerun, and the browser does not fetch both files with the page.
    ``collapsed``: the table sits in a closed expander (key ``table_<name>``) and is only sent to
    the browser once opened; the downloads stay visible. For a first view that must draw fast:
    the data grid is one of the heaviest parts of the page in the browser.
    """
    config = {**number_columns(df), **(column_config or {})}
    if collapsed:
        box = st.expander(t("show_table", lang), key=f"table_{name}", on_change="rerun")
        if box.open:
            box.dataframe(df, hide_index=True, width="stretch", column_config=config, placeholder=MISSING)
    else:
        st.dataframe(df, hide_index=True, width="stretch", column_config=config, placeholder=MISSING)
    if t("note", lang) in df.columns and (df[t("note", lang)] == t("limited_note", lang)).any():
        st.caption(t("limited_footnote", lang))
    base = file_name(name, meta)
    left, right, _ = st.columns([1, 1, 4])
    left.download_button(
        t("download_csv", lang),
        partial(to_csv_bytes, df, meta, lang),
        file_name=f"{base}.csv",
        mime="text/csv",
        key=f"csv_{name}",
    )
    right.download_button(
        t("download_xlsx", lang),
        partial(to_xlsx_bytes, df, "Daten", meta),
        file_name=f"{base}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx_{name}",
    )
