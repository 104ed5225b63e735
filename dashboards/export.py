"""Tables as shown and as downloaded: suppression applied, numbers localised, formula-safe cells.

What the analyst sees is exactly what the CSV and Excel files hold: the display frame is built
once (suppressed cells say "unterdrückt"/"suppressed", never a number) and both downloads are
written from it. Text cells starting with = + - @ TAB or CR get a leading apostrophe, so a
spreadsheet never evaluates them as formulas (CSV/formula injection).
"""

from __future__ import annotations

import io
import math
from functools import partial
from typing import Any, Sequence

import pandas as pd
import streamlit as st

from dashboards.i18n import number, t

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (Excel reads the umlauts), `;` separated as German spreadsheets expect."""
    return safe_frame(df).to_csv(index=False, sep=";").encode("utf-8-sig")


def to_xlsx_bytes(df: pd.DataFrame, sheet: str = "Daten") -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe_frame(df).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


def percent(value: Any, lang: str) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return number(float(value) * 100, lang, 1)


def share_frame(df: pd.DataFrame, lang: str, label_col: str, label_name: str,
                share_cols: Sequence[tuple[str, str]] = (("weighted_share", "share"), ("ci_low", "ci_low"), ("ci_high", "ci_high")),
                labeller=None) -> pd.DataFrame:
    """Display frame of share cells: label, respondents, shares in % (text), suppression applied."""
    rows = []
    with_enterprises = "weight_sum" in df.columns and df["weight_sum"].notna().any()
    for rec in df.to_dict("records"):
        label = rec.get(label_col)
        row = {label_name: labeller(label) if labeller else label,
               t("respondents", lang): None if pd.isna(rec.get("respondents")) else int(rec["respondents"])}
        suppressed = bool(rec.get("suppressed")) if not pd.isna(rec.get("suppressed")) else False
        has_cell = rec.get("has_cell", True)
        nobody = has_cell is False or (isinstance(has_cell, float) and math.isnan(has_cell)) or (
            not pd.isna(rec.get("respondents")) and int(rec["respondents"]) == 0)
        for col, key in share_cols:
            if nobody:
                row[t(key, lang)] = t("no_responses_short", lang)
            elif suppressed:
                row[t(key, lang)] = t("suppressed", lang)
            else:
                row[t(key, lang)] = percent(rec.get(col), lang) or t("no_responses_short", lang)
        if with_enterprises:  # estimated enterprises (Σw), never for a suppressed cell
            ws = rec.get("weight_sum")
            row[t("enterprises", lang)] = (t("suppressed", lang) if suppressed and not nobody else
                                           (None if nobody or ws is None or pd.isna(ws) else number(ws, lang, 0)))
        rows.append(row)
    out = pd.DataFrame(rows)
    if not out.empty:
        out[t("respondents", lang)] = out[t("respondents", lang)].astype("Int64")
    return out


def show_table(df: pd.DataFrame, name: str, lang: str, column_config: dict | None = None,
               collapsed: bool = False) -> None:
    """The table and its two downloads (same content, suppression applied).

    The files are written when a download button is clicked (deferred data), not on every run:
    no Excel workbook per rerun, and the browser does not fetch both files with the page.
    ``collapsed``: the table sits in a closed expander (key ``table_<name>``) and is only sent to
    the browser once opened; the downloads stay visible. For a first view that must draw fast:
    the data grid is one of the heaviest parts of the page in the browser.
    """
    if collapsed:
        box = st.expander(t("show_table", lang), key=f"table_{name}", on_change="rerun")
        if box.open:
            box.dataframe(df, hide_index=True, width="stretch", column_config=column_config)
    else:
        st.dataframe(df, hide_index=True, width="stretch", column_config=column_config)
    left, right, _ = st.columns([1, 1, 4])
    left.download_button(t("download_csv", lang), partial(to_csv_bytes, df), file_name=f"{name}.csv",
                         mime="text/csv", key=f"csv_{name}")
    right.download_button(t("download_xlsx", lang), partial(to_xlsx_bytes, df), file_name=f"{name}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"xlsx_{name}")
