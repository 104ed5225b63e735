"""Collect the report's figures from the lake at pinned Delta versions (read-only, via lake.query).

Everything the templates show comes from `collect()` as plain JSON-able data, so the same data
can be written to the manifest and compared: two reports from the same versions have identical
figures. Suppression is re-applied here (defence in depth): a cell with `suppressed` or fewer than
`MIN_RESPONDENTS` respondents never carries a share or an interval.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import duckdb
import pandas as pd

from lake import catalog, vocabulary, waves
from lake.query import LakeQuery
from reports import labels

MIN_RESPONDENTS = vocabulary.MIN_RESPONDENTS
NOTABLE_EVENTS = 5

# Every table the report reads, in the order of the data-basis section.
REPORT_TABLES = (
    catalog.GOLD_AI_ADOPTION,
    catalog.GOLD_AI_ADOPTION_MODELLED,
    catalog.GOLD_AI_TECHNOLOGIES,
    catalog.GOLD_AI_BARRIERS,
    catalog.GOLD_NEWS_ACTIVITY,
    catalog.SILVER_DISTRICTS,
    catalog.SILVER_NEWS_ARTICLES,
    catalog.SILVER_OFFICIAL_BENCHMARKS,
    catalog.SILVER_SURVEY_RESPONSES,  # field period and respondents per wave (aggregates only)
    catalog.SILVER_SURVEY_INGEST_LOG,  # rows read and rejected per file
)
SIGNIFICANCE = {True: "signifikant gestiegen", False: "signifikant gesunken", None: "keine gesicherte Veränderung"}
# Optional columns of gold/ai_adoption (lake-tables-v2): read when the table has them.
OPTIONAL_ADOPTION_COLUMNS = ("weight_sum", "n_eff", "change_pp", "change_significant", "reliability")

WAVE_RE = re.compile(waves.WAVE_PATTERN)
previous_quarter = waves.previous
quarter_months = waves.bounds


class NoDataError(ValueError):
    """The tables hold no survey result for the wave: a report would state nothing."""


def parse_wave(wave: str) -> tuple[int, int]:
    """(year, quarter) of exactly ``YYYY-Qn``: no surrounding space, no trailing newline (the name
    becomes a folder); `waves.WaveError` otherwise."""
    if not isinstance(wave, str) or not WAVE_RE.fullmatch(wave):
        raise waves.WaveError(f"bad wave {wave!r}: expected YYYY-Qn, e.g. 2025-Q3")
    return waves.parse(wave)


def _clean(value: Any) -> Any:
    """numpy/pandas scalars -> plain Python; NaN/NaT -> None."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, (list, tuple)) or (hasattr(value, "ndim") and getattr(value, "ndim", 0) > 0):
        return [_clean(v) for v in list(value)]
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return value.isoformat()[:10]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return value.isoformat()[:10]
    return value


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _clean(v) for k, v in row.items()} for row in df.to_dict("records")]


def _cell(row: dict[str, Any] | None, share_col: str = "weighted_share") -> dict[str, Any] | None:
    if row is None:
        return None
    respondents = int(row.get("respondents") or 0)
    suppressed = bool(row.get("suppressed")) or respondents < MIN_RESPONDENTS
    cell = {
        "respondents": respondents,
        "suppressed": suppressed,
        "share": None,
        "limited": not suppressed and row.get("reliability") == "limited",
    }
    if not suppressed:
        cell["share"] = row.get(share_col)
    if "ci_low" in row:
        cell["ci_low"] = None if suppressed else row.get("ci_low")
        cell["ci_high"] = None if suppressed else row.get("ci_high")
    for column in OPTIONAL_ADOPTION_COLUMNS:
        if column in row:
            cell[column] = None if suppressed and column != "reliability" else row.get(column)
    return cell


def _land_key(land: str | None) -> str:
    return "both" if land is None else land


def waves_in(q: LakeQuery, src: str) -> list[str]:
    """The waves a survey table holds, in order (``src``: a `LakeQuery.scan` of it)."""
    return [str(w) for w in q.sql(f"SELECT DISTINCT wave FROM {src} WHERE wave IS NOT NULL ORDER BY wave")["wave"]]


class Collector:
    def __init__(self, q: LakeQuery, versions: dict[str, int | None]):
        self.q = q
        self.versions = versions

    def available(self, table: str) -> bool:
        return self.versions.get(table) is not None

    def scan(self, table: str) -> str:
        return self.q.scan(table, self.versions[table])

    def columns(self, table: str) -> set[str]:
        if not self.available(table):
            return set()
        return set(self.q.sql(f"SELECT * FROM {self.scan(table)} LIMIT 0").columns)

    # -- survey ---------------------------------------------------------------------------
    def adoption(self, wave: str) -> dict[str, Any]:
        empty = {
            "previous_wave": None,
            "waves": [],
            "headline": [],
            "districts": [],
            "sectors": [],
            "sizes": [],
            "respondents": None,
        }
        if not self.available(catalog.GOLD_AI_ADOPTION):
            return empty
        src = self.scan(catalog.GOLD_AI_ADOPTION)
        extra = "".join(f", {c}" for c in OPTIONAL_ADOPTION_COLUMNS if c in self.columns(catalog.GOLD_AI_ADOPTION))
        waves = waves_in(self.q, src)
        earlier = [w for w in waves if WAVE_RE.fullmatch(str(w)) and str(w) < wave]
        previous = earlier[-1] if earlier else None
        df = self.q.sql(
            f"""SELECT wave, land, ags, nace_section, size_class, respondents, weighted_share, ci_low, ci_high,
                       suppressed{extra}
                FROM {src} WHERE wave = ? OR wave = ?
                ORDER BY wave, land NULLS FIRST, ags NULLS FIRST, nace_section NULLS FIRST, size_class NULLS FIRST""",
            [wave, previous or wave],
        )
        rows = _records(df)
        current = [r for r in rows if r["wave"] == wave]
        prior = [r for r in rows if previous and r["wave"] == previous]

        def top(rs: list[dict], land: str | None) -> dict | None:
            for r in rs:
                if r["land"] == land and r["ags"] is None and r["nace_section"] is None and r["size_class"] is None:
                    return r
            return None

        headline = []
        for land in (None, *labels.LANDS):
            now, before = _cell(top(current, land)), _cell(top(prior, land))
            # Change and its significance from gold (z-test on Kish n_eff, lake-tables-v2): only
            # against the quarter before, null when either side is suppressed.
            row = top(current, land)
            change, significance = None, None
            if row is not None and row.get("change_pp") is not None:
                change = float(row["change_pp"]) / 100
                significance = SIGNIFICANCE[change > 0 if bool(row.get("change_significant")) else None]
            headline.append(
                {
                    "land": labels.BOTH if land is None else land,
                    "key": _land_key(land),
                    "cell": now,
                    "previous": before,
                    "change": change,
                    "significance": significance,
                    "significant": significance is not None and significance != SIGNIFICANCE[None],
                }
            )

        districts: dict[str, dict] = {}
        for r in current:
            if r["ags"] is not None and r["nace_section"] is None and r["size_class"] is None:
                if r["ags"] not in districts or r["land"] is not None:  # prefer the row with its Land
                    districts[r["ags"]] = {"ags": r["ags"], "land": r["land"], "cell": _cell(r)}

        def by_dim(dim: str, order: dict[str, str]) -> list[dict]:
            out: dict[str, dict] = {}
            for r in current:
                others = [d for d in ("ags", "nace_section", "size_class") if d != dim]
                if r[dim] is not None and r[dim] != "10+" and all(r[d] is None for d in others):
                    entry = out.setdefault(r[dim], {"code": r[dim], "label": labels.label(order, r[dim]), "cells": {}})
                    entry["cells"][_land_key(r["land"])] = _cell(r)
            keys = list(order)
            return sorted(
                out.values(), key=lambda e: (keys.index(e["code"]) if e["code"] in keys else len(keys), e["code"])
            )

        total = top(current, None)
        trend_df = self.q.sql(
            f"""SELECT wave, land, respondents, weighted_share, ci_low, ci_high, suppressed FROM {src}
                WHERE ags IS NULL AND nace_section IS NULL AND size_class IS NULL AND wave <= ?
                ORDER BY wave, land NULLS FIRST""",
            [wave],
        )
        trend = [{"wave": r["wave"], "key": _land_key(r["land"]), "cell": _cell(r)} for r in _records(trend_df)]
        return {
            "trend": trend,
            "previous_wave": previous,
            "waves": [str(w) for w in waves],
            "headline": headline,
            "districts": sorted(districts.values(), key=lambda d: d["ags"]),
            "sectors": by_dim("nace_section", labels.NACE_SECTIONS),
            "sizes": by_dim("size_class", labels.SIZE_CLASSES),
            "respondents": int(total["respondents"]) if total else None,
        }

    def benchmarks(self, wave: str) -> dict[str, Any] | None:
        """The regional share of enterprises with 10 or more employees (the `10+` band) beside the
        official figures of the latest year up to the wave's year: the same definition."""
        if not (self.available(catalog.SILVER_OFFICIAL_BENCHMARKS) and self.available(catalog.GOLD_AI_ADOPTION)):
            return None
        region = self.q.sql(
            f"""SELECT land, respondents, weighted_share, ci_low, ci_high, suppressed, reliability
                FROM {self.scan(catalog.GOLD_AI_ADOPTION)}
                WHERE wave = ? AND size_class = '10+' AND ags IS NULL AND nace_section IS NULL
                ORDER BY land NULLS FIRST""",
            [wave],
        )
        official = self.q.sql(
            f"""SELECT source, table_code, geo, year, share, definition
                FROM {self.scan(catalog.SILVER_OFFICIAL_BENCHMARKS)}
                WHERE size_class = '10+' AND year <= ?
                QUALIFY row_number() OVER (PARTITION BY geo ORDER BY year DESC, source) = 1
                ORDER BY geo""",
            [parse_wave(wave)[0]],
        )
        if official.empty:
            return None
        return {
            "region": [
                {"land": labels.BOTH if r["land"] is None else r["land"], "cell": _cell(r)} for r in _records(region)
            ],
            "official": _records(official),
        }

    def modelled(self, wave: str) -> dict[str, dict[str, Any]]:
        """Modelled district shares of the wave by ags (empty when the table is not there)."""
        if not self.available(catalog.GOLD_AI_ADOPTION_MODELLED):
            return {}
        df = self.q.sql(
            f"""SELECT ags, modelled_share AS share, modelled_ci_low AS ci_low,
                                   modelled_ci_high AS ci_high, method, model
                            FROM {self.scan(catalog.GOLD_AI_ADOPTION_MODELLED)} WHERE wave = ?""",
            [wave],
        )
        return {r["ags"]: r for r in _records(df)}

    def district_names(self) -> dict[str, dict[str, Any]]:
        if not self.available(catalog.SILVER_DISTRICTS):
            return {}
        df = self.q.sql(f"SELECT ags, name, land, kind FROM {self.scan(catalog.SILVER_DISTRICTS)} ORDER BY ags")
        return {r["ags"]: r for r in _records(df)}

    def shares(
        self, table: str, dim: str, share_col: str, mapping: dict[str, str], prefix: str, wave: str
    ) -> list[dict]:
        if (dim, share_col) not in {("technology", "share_of_users"), ("barrier", "share_of_non_users")}:
            raise ValueError(f"unknown share column {dim}/{share_col}")
        if not self.available(table):
            return []
        df = self.q.sql(
            f"""SELECT land, {dim} AS code, respondents, {share_col}, suppressed FROM {self.scan(table)}
                WHERE wave = ? ORDER BY {dim}, land NULLS FIRST""",
            [wave],
        )
        out: dict[str, dict] = {}
        for r in _records(df):
            entry = out.setdefault(
                r["code"], {"code": r["code"], "label": labels.label(mapping, r["code"], prefix), "cells": {}}
            )
            entry["cells"][_land_key(r["land"])] = _cell(r, share_col)

        def rank(e: dict) -> tuple:
            cell = e["cells"].get("both") or next(iter(e["cells"].values()), None)
            value = cell["share"] if cell and cell["share"] is not None else -1.0
            return (-value, e["code"] or "")

        return sorted(out.values(), key=rank)

    def survey(self, wave: str) -> dict[str, Any]:
        """Field period and respondents of the wave (silver), rows read and rejected of its files (ingest log)."""
        out: dict[str, Any] = {
            "field_start": None,
            "field_end": None,
            "responses": None,
            "files": None,
            "rows_read": None,
            "rejected": None,
        }
        if self.available(catalog.SILVER_SURVEY_RESPONSES):
            r = _records(
                self.q.sql(
                    f"""SELECT min(submitted_at) AS field_start, max(submitted_at) AS field_end, count(*) AS responses
                    FROM {self.scan(catalog.SILVER_SURVEY_RESPONSES)} WHERE wave = ?""",
                    [wave],
                )
            )[0]
            out.update(r)
        if self.available(catalog.SILVER_SURVEY_INGEST_LOG):
            r = _records(
                self.q.sql(
                    f"""SELECT count(*) AS files, sum(rows_read) AS rows_read, sum(rejected) AS rejected
                    FROM {self.scan(catalog.SILVER_SURVEY_INGEST_LOG)} WHERE list_contains(waves, ?)""",
                    [wave],
                )
            )[0]
            out.update({k: (int(v) if v is not None else None) for k, v in r.items()})
        return out

    # -- news -----------------------------------------------------------------------------
    def news(self, wave: str) -> dict[str, Any] | None:
        if not self.available(catalog.SILVER_NEWS_ARTICLES):
            return None
        start, end = quarter_months(wave)
        prev_start, _ = quarter_months(previous_quarter(wave))
        src = self.scan(catalog.SILVER_NEWS_ARTICLES)
        lands = list(labels.LANDS)
        per_land = _records(
            self.q.sql(
                f"""WITH a AS (SELECT id, funding_eur, month, unnest(states) AS land FROM {src}
                           WHERE month >= ? AND month < ?)
                SELECT land, month >= ? AS current, count(DISTINCT id) AS articles, sum(funding_eur) AS funding_eur
                FROM (SELECT DISTINCT id, land, funding_eur, month FROM a WHERE land IN (?, ?))
                GROUP BY ALL ORDER BY land, current""",
                [prev_start, end, start, *lands],
            )
        )
        both = _records(
            self.q.sql(
                f"""SELECT month >= ? AS current, count(*) AS articles, sum(funding_eur) AS funding_eur
                FROM {src} WHERE month >= ? AND month < ? AND list_has_any(states, [?, ?]) GROUP BY ALL""",
                [start, prev_start, end, *lands],
            )
        )
        activity = []
        for land, rows in [(labels.BOTH, both), *[(ln, [r for r in per_land if r["land"] == ln]) for ln in lands]]:
            cur = next((r for r in rows if r["current"]), None)
            pre = next((r for r in rows if not r["current"]), None)
            activity.append(
                {
                    "land": land,
                    "articles": int(cur["articles"]) if cur else 0,
                    "funding_eur": cur["funding_eur"] if cur else None,
                    "previous_articles": int(pre["articles"]) if pre else 0,
                }
            )
        months = _records(
            self.q.sql(
                f"""SELECT month, count(*) AS articles FROM {src}
                WHERE month >= ? AND month < ? AND list_has_any(states, [?, ?]) GROUP BY month ORDER BY month""",
                [start, end, *lands],
            )
        )
        topics: list[dict] = []
        if self.available(catalog.GOLD_NEWS_ACTIVITY):
            rows = _records(
                self.q.sql(
                    f"""SELECT topic, land, sum(articles) AS articles FROM {self.scan(catalog.GOLD_NEWS_ACTIVITY)}
                    WHERE month >= ? AND month < ? AND land IN (?, ?) AND topic IS NOT NULL
                    GROUP BY ALL ORDER BY topic, land""",
                    [start, end, *lands],
                )
            )
            by_topic: dict[str, dict] = {}
            for r in rows:
                entry = by_topic.setdefault(
                    r["topic"],
                    {
                        "code": r["topic"],
                        "label": labels.label(labels.TOPICS, r["topic"]),
                        **{land: 0 for land in lands},
                    },
                )
                entry[r["land"]] = int(r["articles"])
            topics = sorted(by_topic.values(), key=lambda e: (-(sum(e[ln] for ln in lands)), e["code"]))
        try:
            notable = _records(
                self.q.sql(
                    f"""SELECT title, coalesce(event_date, published_date, month) AS date, funding_eur,
                           list_filter(states, s -> s IN (?, ?)) AS lands
                    FROM {src}
                    WHERE month >= ? AND month < ? AND list_has_any(states, [?, ?]) AND funding_eur IS NOT NULL
                      AND title IS NOT NULL
                    ORDER BY funding_eur DESC, id LIMIT {NOTABLE_EVENTS}""",
                    [*lands, start, end, *lands],
                )
            )
        except duckdb.Error:  # older silver without title/published_date
            notable = []
        for n in notable:
            n["lands"] = list(n["lands"] or [])
        return {
            "period": [start.isoformat(), end.isoformat()],
            "activity": activity,
            "months": months,
            "topics": topics,
            "notable": notable,
        }

    def row_count(self, table: str) -> int | None:
        if not self.available(table):
            return None
        return int(self.q.sql(f"SELECT count(*) AS n FROM {self.scan(table)}")["n"].iloc[0])


def collect(q: LakeQuery, wave: str, versions: dict[str, int | None]) -> dict[str, Any]:
    """All figures of the report for ``wave`` from the tables at ``versions`` (None = absent)."""
    parse_wave(wave)
    c = Collector(q, versions)
    adoption = c.adoption(wave)
    names = c.district_names()
    modelled = c.modelled(wave)
    for d in adoption["districts"]:
        info = names.get(d["ags"], {})
        d["name"] = info.get("name") or d["ags"]
        d["land"] = d["land"] or info.get("land")
        d["modelled"] = modelled.get(d["ags"])  # labelled "modelliert" wherever shown
    return {
        "wave": wave,
        "adoption": adoption,
        "district_names": {ags: {"name": v.get("name"), "land": v.get("land")} for ags, v in names.items()},
        "technologies": c.shares(
            catalog.GOLD_AI_TECHNOLOGIES, "technology", "share_of_users", labels.TECHNOLOGIES, "tech_", wave
        ),
        "barriers": c.shares(
            catalog.GOLD_AI_BARRIERS, "barrier", "share_of_non_users", labels.BARRIERS, "barrier_", wave
        ),
        "news": c.news(wave),
        "survey": c.survey(wave),
        "benchmarks": c.benchmarks(wave),
        "row_counts": {t: c.row_count(t) for t in versions},
    }
