"""Seeded generator of sample exports of the enterprise AI survey (survey-export-v1).

Why: the pipeline needs realistic volumes (10 million rows) and realistic dirt (what LimeSurvey,
SoSci Survey and hand-edited Excel files really produce) with a *known* answer, so tests can
check that every faulty row is rejected with the right reason and nothing else is lost.

Everything is vectorised numpy and written in chunks, so memory stays flat for any row count.
The calibration figures (sources in docs/sample-data.md) are the constants below.

Usage: ``generate_survey(Path("out/survey.csv"), rows=100_000, seed=42)`` or
``python -m samples.survey_generator --rows 100000 --seed 42 --out out/survey.csv [--messy]``.
A JSON manifest is written beside the output (``<file>.manifest.json`` for one file,
``<dir>/manifest.json`` for a folder of files) with counts, calibration and, with ``messy``,
every injected fault: file, data row (1-based, header and blank lines not counted), fault and
the reject reason the pipeline must give.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from lake import waves as wave_calendar
from transforms.survey import reasons
from transforms.survey.conform import FLAG_CODES, USES_AI_CODES
from transforms.survey.mapping import SurveyMapping, load_mapping
from transforms.survey.schema import BARRIERS, TECHNOLOGIES

REFERENCE_DISTRICTS = Path(__file__).resolve().parents[1] / "lake" / "reference" / "districts.csv"
# Survey tools whose exports the generator can write (through their example mappings).
TOOL_MAPPINGS = {
    "limesurvey": Path(__file__).resolve().parent / "mappings" / "limesurvey-ki-2025.yaml",
    "sosci": Path(__file__).resolve().parent / "mappings" / "sosci-ki-2025.yaml",
}
Tool = Literal["contract", "limesurvey", "sosci"]

TECH_COLUMNS = TECHNOLOGIES
BARRIER_COLUMNS = BARRIERS
COLUMNS = (
    "response_id",
    "wave",
    "submitted_at",
    "ags",
    "nace_section",
    "employees",
    "uses_ai",
    *TECH_COLUMNS,
    *BARRIER_COLUMNS,
    "ai_budget_eur",
    "weight",
    "contact_email",
    "comment",
)

DEFAULT_WAVES = [f"{y}-Q{q}" for y in (2024, 2025) for q in (1, 2, 3, 4)]
CHUNK_ROWS = 200_000  # fixed: the output for a seed must not depend on a tuning knob
XLSX_MAX_ROWS = 1_048_575

# --- calibration (see docs/sample-data.md for sources; "assumption" marks our own choices) ---
SIZE_CLASSES = ("1-9", "10-49", "50-249", "250+")
SIZE_BOUNDS = ((1, 9), (10, 49), (50, 249), (250, 20_000))
# Share of the *sample* per size class: surveys over-sample larger firms (assumption).
SAMPLE_SIZE_MIX = np.array([0.40, 0.35, 0.18, 0.07])
# Share of the *population* of enterprises per size class (approx. Unternehmensregister).
POPULATION_SIZE_MIX = np.array([0.82, 0.14, 0.033, 0.007])
# Enterprises in Sachsen + Thüringen represented per wave (approx., assumption).
POPULATION_ENTERPRISES = 230_000
# Share of enterprises using AI per (year, size class), Destatis ICT survey (10+ employees);
# 1-9 employees is not covered by the ICT survey: 0.75 x the 10-49 rate (assumption);
# 2025 is an extrapolation (assumption).
AI_RATE_BY_YEAR = {
    2023: np.array([0.075, 0.10, 0.16, 0.35]),
    2024: np.array([0.13, 0.17, 0.28, 0.48]),
    2025: np.array([0.18, 0.24, 0.37, 0.58]),
}
NACE_SECTIONS = tuple("ABCDEFGHIJKLMNOPQRS")
# Mix of responding enterprises by NACE section (approx. register shares, assumption).
NACE_MIX = np.array(
    [
        0.010,
        0.002,
        0.090,
        0.020,
        0.006,
        0.120,
        0.170,
        0.045,
        0.065,
        0.040,
        0.025,
        0.045,
        0.140,
        0.060,
        0.002,
        0.020,
        0.075,
        0.025,
        0.060,
    ]
)
NACE_MIX = NACE_MIX / NACE_MIX.sum()
# Relative AI use by section (ICT J highest, construction/hospitality lowest; pattern of
# Eurostat isoc_eb_ai by NACE, magnitudes an assumption); normalised to mean 1 below.
NACE_AI_FACTOR = np.array(
    [0.5, 0.8, 1.0, 1.3, 0.7, 0.45, 0.85, 0.7, 0.55, 3.0, 2.0, 0.9, 1.7, 0.9, 1.0, 1.2, 0.7, 0.9, 0.7]
)
NACE_AI_FACTOR = NACE_AI_FACTOR / float(NACE_AI_FACTOR @ NACE_MIX)
LAND_AI_FACTOR = {"14": 0.97, "16": 0.93}  # assumption: east German Länder slightly below DE
KIND_AI_FACTOR = {"Kreisfreie Stadt": 1.15, "Landkreis": 0.93}  # assumption
PLANNED_FACTOR = 0.7  # P(planned) = 0.7 x P(uses): ~18 % of non-users consider AI (Destatis 2024)
# Technologies among AI users by year (Destatis 2023/2024 where published, else assumption).
TECH_RATE_BY_YEAR = {
    2023: np.array([0.30, 0.43, 0.26, 0.27, 0.32, 0.32, 0.11]),
    2024: np.array([0.48, 0.47, 0.34, 0.25, 0.28, 0.30, 0.10]),
    2025: np.array([0.52, 0.48, 0.45, 0.25, 0.28, 0.30, 0.10]),
}
# Reasons for not using AI among non-users (Destatis 2023/2024 where published).
BARRIER_RATE_BY_YEAR = {
    2023: np.array([0.41, 0.72, 0.53, 0.51, 0.48, 0.22, 0.22]),
    2024: np.array([0.41, 0.71, 0.53, 0.58, 0.53, 0.22, 0.21]),
    2025: np.array([0.41, 0.70, 0.53, 0.58, 0.53, 0.22, 0.20]),
}
RESUBMISSION_RATE = 0.02  # share of rows that resubmit an earlier response (assumption)
EMAIL_RATE = 0.35
COMMENT_RATE = 0.08

# --- messy mode ---
MESSY_FAULT_RATE = 0.03  # share of rows that get exactly one rule-breaking fault
MESSY_DUPLICATE_RATE = 0.01  # exact duplicate rows (same submitted_at)
MESSY_BLANK_LINE_RATE = 0.005

# fault name -> (column, bad values, expected reject reason)
FAULTS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "missing_response_id": ("response_id", ("",), reasons.MISSING_REQUIRED_FIELD),
    "missing_ags": ("ags", ("",), reasons.MISSING_REQUIRED_FIELD),
    "bad_wave": ("wave", ("2025-Q5", "25-Q1", "Q3/2025"), reasons.BAD_WAVE),
    "unparseable_date": ("submitted_at", ("31.02.2025", "gestern", "2025/13/45"), reasons.UNPARSEABLE_DATE),
    "future_date": ("submitted_at", ("2031-01-15", "15.01.2031"), reasons.FUTURE_DATE),
    "unknown_ags": ("ags", ("14999", "16056", "146", "ABCDE"), reasons.UNKNOWN_AGS),
    # 9162: Munich (09162) after Excel dropped the leading zero
    "ags_outside_region": ("ags", ("09162", "11000", "15003", "9162"), reasons.AGS_OUTSIDE_REGION),
    "unknown_nace": ("nace_section", ("Z", "X", "T1"), reasons.UNKNOWN_NACE_SECTION),
    "bad_employees": ("employees", ("0", "abc", "-3"), reasons.BAD_EMPLOYEES),
    "bad_uses_ai": ("uses_ai", ("vielleicht", "3", "maybe"), reasons.BAD_USES_AI),
    "bad_flag": ("tech_generative", ("2", "x"), reasons.BAD_FLAG),
    "bad_weight": ("weight", ("abc", "-1"), reasons.BAD_NUMBER),
}

UsesAiStyle = Literal["de", "en", "num"]


@dataclass(frozen=True)
class FileVariant:
    """How one export file is written (the variety the contract allows)."""

    fmt: Literal["csv", "xlsx"] = "csv"
    encoding: str = "utf-8"  # utf-8, utf-8-sig, cp1252
    delimiter: str = ","
    german_numbers: bool = False  # decimal comma, '.' thousands separators
    dates: Literal["iso", "iso_dt", "de", "de_dt", "mixed"] = "iso_dt"
    uses_ai: UsesAiStyle = "en"
    header_case: Literal["lower", "upper", "title"] = "lower"
    extra_columns: bool = False
    multiline_comments: bool = False
    casing_noise: bool = False  # hand-typed values: 'Ja', lower-case NACE letters


CLEAN_VARIANT = FileVariant()
MESSY_VARIANTS = (
    FileVariant("csv", "utf-8-sig", ";", True, "de_dt", "de", "upper", True, True, True),
    FileVariant("csv", "cp1252", ";", True, "de", "de", "lower", False, True, True),
    FileVariant("csv", "utf-8", ",", False, "mixed", "num", "title", True, True, False),
    FileVariant("xlsx", "utf-8", ",", False, "iso", "en", "lower", True, False, True),
    FileVariant("csv", "utf-8", ",", False, "iso_dt", "en", "lower", False, True, True),
    FileVariant("csv", "cp1252", ";", True, "mixed", "de", "title", True, True, True),
)

USES_AI_LABELS: dict[str, tuple[str, str, str]] = {
    # (no, yes, planned) for codes 0, 1, 2
    "de": ("nein", "ja", "geplant"),
    "en": ("no", "yes", "planned"),
    "num": ("0", "1", "2"),
}

COMMENTS = (
    "Wir prüfen gerade den Einsatz von KI in der Buchhaltung.",
    "Förderung über die SAB wäre hilfreich.",
    "Bitte Rückruf an Herrn Müller, Tel. 0351 1234567",
    "Größtes Problem: fehlende Fachkräfte; Datenschutz unklar",
    "ChatGPT nutzen einzelne Mitarbeiter privat, nicht offiziell.",
    "Kontakt: m.schneider@example.de",
    'Antwort "vorläufig", Geschäftsführung entscheidet im Herbst',
    "Kosten von ca. 5.000 € für Pilotprojekt geplant",
)
MULTILINE_COMMENTS = (
    "Erste Zeile.\nZweite Zeile mit; Semikolon, und Komma",
    'Zitat: "KI ist Chefsache"\r\nGrüße aus Jena',
    "Punkt 1: Kosten\nPunkt 2: Datenschutz\nPunkt 3: Zeit",
)
EXTRA_COLUMNS = ("lastpage", "startlanguage", "Interviewer")


def _load_districts(path: Path = REFERENCE_DISTRICTS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


_wave_parts = wave_calendar.parse
_wave_time = wave_calendar.fractional_year


def _interp_by_year(table: dict[int, np.ndarray], t: float) -> np.ndarray:
    """Linear interpolation of yearly anchors (at mid-year), extrapolating at the ends."""
    years = sorted(table)
    xs = np.array([y + 0.5 for y in years])
    ys = np.stack([table[y] for y in years])
    if t <= xs[0]:
        i0, i1 = 0, 1
    elif t >= xs[-1]:
        i0, i1 = len(xs) - 2, len(xs) - 1
    else:
        i1 = int(np.searchsorted(xs, t))
        i0 = i1 - 1
    frac = (t - xs[i0]) / (xs[i1] - xs[i0])
    out = ys[i0] + frac * (ys[i1] - ys[i0])
    return np.clip(out, 0.005, 0.95)


def _split_rows(rows: int, n: int) -> np.ndarray:
    """Rows per wave: mildly growing response counts, integers summing to `rows`."""
    share = 1.0 + 0.03 * np.arange(n)
    share = share / share.sum()
    exact = share * rows
    counts = np.floor(exact).astype(np.int64)
    rest = rows - counts.sum()
    counts[np.argsort(-(exact - counts), kind="stable")[:rest]] += 1
    return counts


def _quarter_bounds(wave: str) -> tuple[np.datetime64, np.datetime64]:
    start, end = wave_calendar.bounds(wave)
    return np.datetime64(f"{start.isoformat()}T00:00:00", "s"), np.datetime64(f"{end.isoformat()}T00:00:00", "s")


def _format_dates(ts: np.ndarray, style: str, rng: np.random.Generator) -> np.ndarray:
    """Format datetime64[s] values as ISO or German text, vectorised over byte matrices."""
    iso = np.datetime_as_string(ts, unit="s").astype("S19")
    m = iso.view("S1").reshape(-1, 19)

    def build(parts: list[Any]) -> np.ndarray:
        cols = [p if isinstance(p, np.ndarray) else np.full((len(m), 1), p, dtype="S1") for p in parts]
        mat = np.concatenate(cols, axis=1)
        width = mat.shape[1]
        return np.ascontiguousarray(mat).view(f"S{width}").ravel().astype(str)

    day, month, year = m[:, 8:10], m[:, 5:7], m[:, 0:4]
    hh_mm = m[:, 11:16]
    de_d = lambda: build([day, b".", month, b".", year])  # noqa: E731
    de_dt = lambda: build([day, b".", month, b".", year, b" ", hh_mm])  # noqa: E731
    iso_d = lambda: build([m[:, 0:10]])  # noqa: E731
    if style == "iso":
        return iso_d()
    if style == "iso_dt":
        return iso.astype(str)
    if style == "de":
        return de_d()
    if style == "de_dt":
        return de_dt()
    # mixed: all four styles in one file (hand-merged exports)
    options = np.stack([iso_d(), iso.astype(str), de_d(), de_dt()])
    pick = rng.choice(4, size=len(m), p=[0.4, 0.3, 0.2, 0.1])
    return options[pick, np.arange(len(m))]


def _format_decimal(values: np.ndarray, german: bool, thousands: bool) -> np.ndarray:
    """Two-decimal numbers as text; German style uses a decimal comma and '.' groups."""
    cents = np.round(values * 100).astype(np.int64)
    whole = cents // 100
    frac = cents % 100
    if not german:
        return np.char.add(np.char.add(whole.astype(str), "."), np.char.zfill(frac.astype(str), 2))
    if thousands:
        whole_txt = np.array([f"{w:,}".replace(",", ".") for w in whole.tolist()], dtype=object).astype(str)
    else:
        whole_txt = whole.astype(str)
    return np.char.add(np.char.add(whole_txt, ","), np.char.zfill(frac.astype(str), 2))


def _simulate_chunk(
    rng: np.random.Generator,
    start: int,
    waves_of_rows: np.ndarray,
    waves: list[str],
    wave_counts: np.ndarray,
    districts: list[dict[str, str]],
) -> dict[str, Any]:
    """Draw one chunk of responses (typed values; formatting happens per file)."""
    n = len(waves_of_rows)
    d_ags = np.array([d["ags"] for d in districts])
    d_pop = np.array([float(d["population"]) for d in districts])
    d_land_f = np.array([LAND_AI_FACTOR[d["ags"][:2]] for d in districts])
    d_kind_f = np.array([KIND_AI_FACTOR[d["kind"]] for d in districts])

    district = rng.choice(len(districts), size=n, p=d_pop / d_pop.sum())
    nace = rng.choice(len(NACE_SECTIONS), size=n, p=NACE_MIX)
    size = rng.choice(4, size=n, p=SAMPLE_SIZE_MIX)
    lo = np.array([b[0] for b in SIZE_BOUNDS])[size]
    hi = np.array([b[1] for b in SIZE_BOUNDS])[size]
    # log-uniform within the class: many small firms, few near the upper bound
    employees = np.floor(np.exp(rng.uniform(np.log(lo), np.log(hi + 1)))).astype(np.int64)
    # 250+: Pareto tail (alpha 1.3): most large firms have a few hundred persons employed
    big = size == 3
    employees[big] = np.floor(250.0 * (1.0 - rng.random(int(big.sum()))) ** (-1.0 / 1.3)).astype(np.int64)
    employees = np.clip(employees, lo, hi)

    rate_by_wave = np.stack([_interp_by_year(AI_RATE_BY_YEAR, _wave_time(w)) for w in waves])
    tech_by_wave = np.stack([_interp_by_year(TECH_RATE_BY_YEAR, _wave_time(w)) for w in waves])
    barrier_by_wave = np.stack([_interp_by_year(BARRIER_RATE_BY_YEAR, _wave_time(w)) for w in waves])

    p_use = rate_by_wave[waves_of_rows, size] * NACE_AI_FACTOR[nace] * d_land_f[district] * d_kind_f[district]
    p_use = np.clip(p_use, 0.002, 0.9)
    p_plan = np.clip(PLANNED_FACTOR * p_use, 0.0, 0.5) * (1.0 - p_use)
    u = rng.random(n)
    uses_ai = np.where(u < p_use, 1, np.where(u < p_use + p_plan, 2, 0)).astype(np.int8)

    size_boost = 1.0 + 0.12 * size[:, None]
    tech = rng.random((n, 7)) < np.clip(tech_by_wave[waves_of_rows] * size_boost, 0, 0.95)
    # an AI user uses at least one technology
    none = ~tech.any(axis=1)
    tprob = tech_by_wave[0] / tech_by_wave[0].sum()
    fallback = rng.choice(7, size=n, p=tprob)
    tech[np.arange(n), fallback] |= none
    barrier_p = barrier_by_wave[waves_of_rows].copy()
    barrier_p[:, 6] = np.where(uses_ai == 2, barrier_p[:, 6] * 0.2, barrier_p[:, 6])
    barrier = rng.random((n, 7)) < barrier_p

    # submitted_at uniformly within the quarter, during office hours
    sub = np.empty(n, dtype="datetime64[s]")
    for wi, w in enumerate(waves):
        sel = waves_of_rows == wi
        if not sel.any():
            continue
        qs, qe = _quarter_bounds(w)
        days = int((qe - qs) / np.timedelta64(1, "D"))
        k = int(sel.sum())
        offs = rng.integers(0, days, size=k) * 86400 + rng.integers(7 * 3600, 19 * 3600, size=k)
        sub[sel] = qs + offs.astype("timedelta64[s]")

    # design weights: population per size class / expected sample per (wave, size class)
    exp_n = wave_counts[waves_of_rows] * SAMPLE_SIZE_MIX[size]
    weight = POPULATION_ENTERPRISES * POPULATION_SIZE_MIX[size] / np.maximum(exp_n, 1.0)
    weight = np.round(weight * rng.lognormal(0.0, 0.2, size=n), 2)
    weight = np.maximum(weight, 0.01)

    budget = np.round(rng.lognormal(np.log(1500.0), 1.0, size=n) * employees**0.6, 0)
    has_budget = (uses_ai > 0) & (rng.random(n) < 0.7)

    ids = start + np.arange(n)
    # resubmissions: copy an earlier row of the same wave in this chunk, later submitted_at
    cand = rng.random(n) < RESUBMISSION_RATE
    back = rng.integers(1, 50, size=n)
    src = np.arange(n) - back
    valid = src >= 0
    src_c = np.where(valid, src, 0)
    valid &= waves_of_rows[src_c] == waves_of_rows
    valid &= ~cand[src_c]
    resub = cand & valid
    r = np.flatnonzero(resub)
    s = src_c[r]
    ids[r] = ids[s]
    district[r] = district[s]
    nace[r] = nace[s]
    size[r] = size[s]
    employees[r] = employees[s]
    weight[r] = weight[s]
    sub[r] = sub[s] + (rng.integers(1, 21, size=len(r)) * 86400 + rng.integers(60, 7200, size=len(r))).astype(
        "timedelta64[s]"
    )

    email = rng.random(n) < EMAIL_RATE
    comment = rng.random(n) < COMMENT_RATE
    return {
        "n": n,
        "id": ids,
        "wave": waves_of_rows,
        "submitted_at": sub,
        "ags": d_ags[district],
        "nace": nace,
        "size": size,
        "employees": employees,
        "uses_ai": uses_ai,
        "tech": tech,
        "barrier": barrier,
        "budget": budget,
        "has_budget": has_budget,
        "weight": weight,
        "email": email,
        "comment": comment,
        "comment_pick": rng.integers(0, 1 << 30, size=n),
        "resub": resub,
        "resub_src": np.where(resub, src_c, -1),
    }


def _to_text(
    sim: dict[str, Any], waves: list[str], variant: FileVariant, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Render one chunk of typed values as the text columns of an export file."""
    n = sim["n"]
    cols: dict[str, np.ndarray] = {}
    cols["response_id"] = np.char.add("R", np.char.zfill(sim["id"].astype(str), 9))
    cols["wave"] = np.array(waves)[sim["wave"]]
    cols["submitted_at"] = _format_dates(sim["submitted_at"], variant.dates, rng)
    cols["ags"] = sim["ags"]
    nace = np.array(NACE_SECTIONS)[sim["nace"]]
    if variant.casing_noise:  # hand-typed exports: some lower-case section letters
        nace = np.where(rng.random(n) < 0.05, np.char.lower(nace), nace)
    cols["nace_section"] = nace
    cols["employees"] = sim["employees"].astype(str)
    labels = np.array(USES_AI_LABELS[variant.uses_ai])
    uses = labels[sim["uses_ai"]]
    if variant.casing_noise and variant.uses_ai != "num":
        uses = np.where(rng.random(n) < 0.05, np.char.capitalize(uses), uses)
    cols["uses_ai"] = uses
    is_user = sim["uses_ai"] == 1
    flag = np.array(["0", "1"])
    for j, c in enumerate(TECH_COLUMNS):
        cols[c] = np.where(is_user, flag[sim["tech"][:, j].astype(int)], "")
    for j, c in enumerate(BARRIER_COLUMNS):
        cols[c] = np.where(~is_user, flag[sim["barrier"][:, j].astype(int)], "")
    budget_txt = _format_decimal(sim["budget"], variant.german_numbers, thousands=True)
    cols["ai_budget_eur"] = np.where(sim["has_budget"], budget_txt, "")
    cols["weight"] = _format_decimal(sim["weight"], variant.german_numbers, thousands=False)
    cols["contact_email"] = np.where(
        sim["email"], np.char.add(np.char.add("info@firma-", sim["id"].astype(str)), ".example.de"), ""
    )
    texts = np.array(COMMENTS + (MULTILINE_COMMENTS if variant.multiline_comments else ()))
    cols["comment"] = np.where(sim["comment"], texts[sim["comment_pick"] % len(texts)], "")
    return cols


@dataclass(frozen=True)
class _ToolLayout:
    """How a survey tool writes the contract's columns: the inverse of its example mapping."""

    mapping: SurveyMapping
    header: dict[str, str]  # contract column -> export header as the tool writes it
    codes: dict[str, dict[str, str]]  # contract column -> canonical value -> export code


def _canonical(column: str, value: str) -> str | None:
    v = value.strip()
    if column == "uses_ai":
        return USES_AI_CODES.get(v.lower())
    if column.startswith(("tech_", "barrier_")):
        flag = FLAG_CODES.get(v)
        return None if flag is None else str(int(flag))
    if column == "nace_section":
        return v.upper()
    return v


def tool_layout(tool: str) -> _ToolLayout | None:
    """The export layout of a survey tool, derived from its example mapping (one home)."""
    if tool == "contract":
        return None
    if tool not in TOOL_MAPPINGS:
        raise ValueError(f"unknown survey tool {tool!r}: expected contract, {', '.join(TOOL_MAPPINGS)}")
    m = load_mapping(TOOL_MAPPINGS[tool])
    codes: dict[str, dict[str, str]] = {}
    for column, table in m.values.items():
        inverse: dict[str, str] = {}
        for code, value in table.items():
            canon = _canonical(column, value)
            if (
                canon is not None
                and code == code.strip()
                and canon not in inverse
                and code not in (c.lower() for c in inverse.values())
            ):
                inverse[canon] = code
        codes[column] = inverse
    return _ToolLayout(m, dict(m.originals), codes)


def _as_tool(cols: dict[str, np.ndarray], layout: _ToolLayout) -> dict[str, np.ndarray]:
    """Contract text values -> the tool's codes, so that the mapping gives the same rows back.

    Values the tool has no code for (the injected faults) stay as they are, unless they happen to
    be one of the tool's codes (SoSci's `2` = ticked): then they get an `X` so they stay invalid.
    Empty answers become the tool's first "no answer" code, if it has one.
    """
    blank = layout.mapping.missing[0] if layout.mapping.missing else ""
    out = dict(cols)
    for column, values in cols.items():
        if column not in layout.header:
            continue
        inverse = layout.codes.get(column, {})
        forward = layout.mapping.values.get(column, {})
        reserved = set(forward) | set(layout.mapping.missing)

        def convert(
            v: str, column: str = column, inverse: dict[str, str] = inverse, reserved: set[str] = reserved
        ) -> str:
            if v == "":
                return blank
            canon = _canonical(column, v)
            if canon is not None and canon in inverse:
                return inverse[canon]
            return "X" + v if v.strip() in reserved else v

        converted = np.array([convert(v) for v in values.tolist()], dtype=object).astype(str)
        if column == "submitted_at":  # LimeSurvey and SoSci write "2025-08-14 09:30:00"
            converted = np.char.replace(converted, "T", " ")
        out[column] = converted
    return out


def _header(variant: FileVariant) -> list[str]:
    names = list(COLUMNS)
    if variant.extra_columns:
        names = names[:3] + [EXTRA_COLUMNS[2]] + names[3:] + list(EXTRA_COLUMNS[:2])
    if variant.header_case == "upper":
        return [c.upper() for c in names]
    if variant.header_case == "title":
        return [c.title() if c not in EXTRA_COLUMNS else c for c in names]
    return names


def _table(
    cols: dict[str, np.ndarray], variant: FileVariant, rng: np.random.Generator, layout: _ToolLayout | None = None
) -> tuple[list[str], list[np.ndarray]]:
    header = _header(variant)
    n = len(cols["response_id"])
    data: list[np.ndarray] = []
    for name in header:
        key = name.lower()
        if key in cols:
            data.append(cols[key])
        elif key == "lastpage":
            data.append(rng.integers(3, 9, size=n).astype(str))
        elif key == "startlanguage":
            data.append(np.where(rng.random(n) < 0.9, "de", "en"))
        else:  # interviewer
            data.append(np.array(["", "ABC", "XY"])[rng.integers(0, 3, size=n)])
    if layout is not None:  # the tool's own column names (case-insensitive for the reader)
        header = [layout.header.get(name.lower(), name) for name in header]
    return header, data


class _CsvSink:
    """Appends chunks to one CSV file in the variant's encoding and delimiter."""

    def __init__(self, path: Path, variant: FileVariant):
        self.path = path
        self.variant = variant
        self.f = path.open("wb")
        self.first = True

    def write(self, header: list[str], data: list[np.ndarray], blank_after: np.ndarray | None = None) -> None:
        table = pa.table([pa.array(col.astype(str), pa.string()) for col in data], names=header)
        opts = pacsv.WriteOptions(include_header=self.first, delimiter=self.variant.delimiter, quoting_style="needed")
        buf = io.BytesIO()
        pacsv.write_csv(table, buf, write_options=opts)
        raw = buf.getvalue()
        enc = self.variant.encoding
        if blank_after is not None and blank_after.any():
            raw = self._insert_blank_lines(raw, table, blank_after)
        if enc == "cp1252":
            raw = raw.decode("utf-8").encode("cp1252")
        if self.first and enc == "utf-8-sig":
            raw = b"\xef\xbb\xbf" + raw
        self.f.write(raw)
        self.first = False

    def _insert_blank_lines(self, raw: bytes, table: pa.Table, blank_after: np.ndarray) -> bytes:
        # Re-serialise record by record only for files that get blank lines (messy files).
        out = io.BytesIO()
        opts = pacsv.WriteOptions(include_header=False, delimiter=self.variant.delimiter, quoting_style="needed")
        if self.first:
            head = pacsv.WriteOptions(include_header=True, delimiter=self.variant.delimiter, quoting_style="needed")
            b = io.BytesIO()
            pacsv.write_csv(table.slice(0, 0), b, write_options=head)
            out.write(b.getvalue())
        idx = np.flatnonzero(blank_after)
        prev = 0
        for i in idx.tolist():
            b = io.BytesIO()
            pacsv.write_csv(table.slice(prev, i + 1 - prev), b, write_options=opts)
            out.write(b.getvalue())
            out.write(b"\n")
            prev = i + 1
        if prev < table.num_rows:
            b = io.BytesIO()
            pacsv.write_csv(table.slice(prev), b, write_options=opts)
            out.write(b.getvalue())
        return out.getvalue()

    def close(self) -> None:
        self.f.close()


class _XlsxSink:
    """Streams chunks into the first sheet of a workbook (openpyxl write-only mode)."""

    def __init__(self, path: Path, variant: FileVariant):
        from openpyxl import Workbook

        self.path = path
        self.wb = Workbook(write_only=True)
        self.ws = self.wb.create_sheet("Antworten")
        self.first = True

    def write(self, header: list[str], data: list[np.ndarray], blank_after: np.ndarray | None = None) -> None:
        if self.first:
            self.ws.append(header)
            self.first = False
        numeric = {"employees", "weight"}
        for row in zip(*[c.tolist() for c in data]):
            out = []
            for name, v in zip(header, row):
                if name.lower() in numeric and v not in ("",):
                    try:
                        out.append(int(v) if name.lower() == "employees" else float(v))
                        continue
                    except ValueError:
                        pass
                out.append(v if v != "" else None)
            self.ws.append(out)

    def close(self) -> None:
        self.wb.save(self.path)


def _inject_faults(
    cols: dict[str, np.ndarray], sim: dict[str, Any], rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Give ~MESSY_FAULT_RATE rows exactly one fault; returns (row mask, fault index)."""
    n = sim["n"]
    names = list(FAULTS)
    faulty = (rng.random(n) < MESSY_FAULT_RATE) & ~sim["resub"]
    # rows that are the source of a resubmission stay clean, so expectations stay simple
    src = sim["resub_src"][sim["resub"]]
    faulty[src] = False
    kind = rng.integers(0, len(names), size=n)
    pick = rng.integers(0, 1 << 20, size=n)
    for k, name in enumerate(names):
        column, values, _ = FAULTS[name]
        sel = faulty & (kind == k)
        if not sel.any():
            continue
        vals = np.array(values)[pick[sel] % len(values)]
        col = cols[column].astype(object)
        col[sel] = vals
        cols[column] = col.astype(str)
    return faulty, kind


def _out_layout(out: Path, messy: bool, fmt: str) -> tuple[Path, Path | None]:
    """(directory, single file or None) for the output."""
    if messy or out.suffix == "" or out.is_dir():
        out.mkdir(parents=True, exist_ok=True)
        return out, None
    out.parent.mkdir(parents=True, exist_ok=True)
    return out.parent, out


def generate_survey(
    out: Path,
    rows: int,
    seed: int,
    messy: bool = False,
    waves: list[str] | None = None,
    fmt: Literal["csv", "xlsx"] = "csv",
    tool: Tool = "contract",
    on_chunk: Callable[[str, int], None] | None = None,
) -> dict[str, Any]:
    """Write a sample survey export and a JSON manifest; return the manifest.

    ``tool`` = ``limesurvey`` / ``sosci`` writes the export as that survey tool would (its column
    names and answer codes, from `samples/mappings/`), and its mapping file beside the export
    (`<file>.yaml`, or `mapping.yaml` in a messy folder), where the landing sensor finds it.
    ``on_chunk(file name, rows)`` is called after every chunk written (progress display).

    Clean mode writes one file (``out`` if it has a suffix, else ``out/survey.<fmt>``), UTF-8,
    ``,``-delimited, ISO dates, ``yes/no/planned``. Messy mode writes one file per wave into the
    folder ``out`` with rotating encodings/delimiters/date styles/formats, plus faults,
    exact duplicates and blank lines, all listed in the manifest.
    """
    t0 = time.perf_counter()
    out = Path(out)
    waves = list(waves or DEFAULT_WAVES)
    for w in waves:
        year, q = _wave_parts(w)
        if not (1 <= q <= 4 and 2000 <= year <= 2100):
            raise ValueError(f"bad wave {w!r}: expected YYYY-Qn")
    if rows < 0:
        raise ValueError("rows must be >= 0")
    layout = tool_layout(tool)
    districts = _load_districts()
    wave_counts = _split_rows(rows, len(waves))
    wave_starts = np.concatenate([[0], np.cumsum(wave_counts)])
    directory, single = _out_layout(out, messy, fmt)

    files: list[dict[str, Any]] = []
    faults: list[dict[str, Any]] = []
    resubmissions = 0
    duplicates = 0
    blank_lines = 0
    expected_unique = 0

    if messy:
        plan = []
        for wi, w in enumerate(waves):
            variant = MESSY_VARIANTS[wi % len(MESSY_VARIANTS)]
            if fmt == "xlsx":
                variant = MESSY_VARIANTS[3]
            if variant.fmt == "xlsx" and wave_counts[wi] > XLSX_MAX_ROWS:
                variant = MESSY_VARIANTS[4]
            name = f"survey_{w.replace('-', '_').lower()}.{variant.fmt}"
            plan.append((directory / name, variant, [wi]))
    else:
        if fmt == "xlsx" and rows > XLSX_MAX_ROWS:
            raise ValueError(f"xlsx holds at most {XLSX_MAX_ROWS} rows per sheet")
        path = single or directory / f"survey.{fmt}"
        plan = [(path, FileVariant(fmt=fmt), list(range(len(waves))))]

    for path, variant, wave_idx in plan:
        sink = _XlsxSink(path, variant) if variant.fmt == "xlsx" else _CsvSink(path, variant)
        file_rows = 0
        file_faults: dict[str, int] = {}
        lo_row = int(wave_starts[wave_idx[0]])
        hi_row = int(wave_starts[wave_idx[-1] + 1])
        chunk_no = 0
        for start in range(lo_row, hi_row, CHUNK_ROWS):
            end = min(start + CHUNK_ROWS, hi_row)
            rng = np.random.default_rng([seed, start // CHUNK_ROWS, lo_row])
            wave_of_rows = np.searchsorted(wave_starts, np.arange(start, end), side="right") - 1
            sim = _simulate_chunk(rng, start, wave_of_rows, waves, wave_counts, districts)
            cols = _to_text(sim, waves, variant, rng)
            resubmissions += int(sim["resub"].sum())
            if messy:
                faulty, kind = _inject_faults(cols, sim, rng)
                if layout is not None:
                    cols = _as_tool(cols, layout)
                # accepted (wave, id) keys: non-faulty rows; resub rows share their source key
                expected_unique += int((~faulty & ~sim["resub"]).sum())
                dup = (rng.random(sim["n"]) < MESSY_DUPLICATE_RATE) & ~faulty & ~sim["resub"]
                dup_idx = np.flatnonzero(dup)
                order = np.sort(np.concatenate([np.arange(sim["n"]), dup_idx]), kind="stable")
                cols = {k: v[order] for k, v in cols.items()}
                faulty_o = faulty[order]
                kind_o = kind[order]
                duplicates += len(dup_idx)
                blank_after = rng.random(len(order)) < MESSY_BLANK_LINE_RATE
                blank_after[-1] = False
                blank_lines += int(blank_after.sum()) if variant.fmt == "csv" else 0
                names = list(FAULTS)
                row_numbers = file_rows + 1 + np.arange(len(order))
                # exact duplicates are the second copy: row directly after its original
                is_dup_copy = np.zeros(len(order), dtype=bool)
                is_dup_copy[np.searchsorted(order, dup_idx, side="right") - 1] = True
                for i in np.flatnonzero(faulty_o).tolist():
                    name = names[int(kind_o[i])]
                    column, _, reason = FAULTS[name]
                    if is_dup_copy[i]:
                        continue
                    faults.append(
                        {
                            "file": path.name,
                            "row": int(row_numbers[i]),
                            "fault": name,
                            "column": column,
                            "value": str(cols[column][i]),
                            "expected_reason": reason,
                        }
                    )
                    file_faults[name] = file_faults.get(name, 0) + 1
                header, data = _table(cols, variant, rng, layout)
                sink.write(header, data, blank_after if variant.fmt == "csv" else None)
                file_rows += len(order)
            else:
                expected_unique += int((~sim["resub"]).sum())
                if layout is not None:
                    cols = _as_tool(cols, layout)
                header, data = _table(cols, variant, rng, layout)
                sink.write(header, data)
                file_rows += sim["n"]
            chunk_no += 1
            if on_chunk is not None:
                on_chunk(path.name, end - start)
        if hi_row == lo_row:  # empty file still gets a header
            header = _table({c: np.array([], dtype=str) for c in COLUMNS}, variant, rng, layout)[0]
            sink.write(header, [np.array([], dtype=str) for _ in header])
        sink.close()
        files.append(
            {
                "file": path.name,
                "rows": file_rows,
                "format": variant.fmt,
                "encoding": variant.encoding if variant.fmt == "csv" else None,
                "delimiter": variant.delimiter if variant.fmt == "csv" else None,
                "german_numbers": variant.german_numbers,
                "dates": variant.dates,
                "uses_ai": variant.uses_ai,
                "header_case": variant.header_case,
                "extra_columns": variant.extra_columns,
                "waves": [waves[i] for i in wave_idx],
                "faults": file_faults,
            }
        )

    total_rows = sum(f["rows"] for f in files)
    manifest: dict[str, Any] = {
        "generator": "samples.survey_generator",
        "seed": seed,
        "rows_requested": rows,
        "rows_written": total_rows,
        "messy": messy,
        "waves": waves,
        "rows_per_wave": dict(zip(waves, wave_counts.tolist())),
        "files": files,
        "resubmissions": resubmissions,
        "exact_duplicates": duplicates,
        "blank_lines": blank_lines,
        "expected_rejected": len(faults),
        "expected_accepted": total_rows - len(faults),
        "expected_silver_rows": expected_unique,
        "faults": faults,
        "row_numbering": "data records 1-based per file; header and blank lines not counted",
        "calibration": {
            "ai_rate_by_year_and_size": {str(k): v.tolist() for k, v in AI_RATE_BY_YEAR.items()},
            "size_classes": list(SIZE_CLASSES),
            "source": "docs/sample-data.md",
        },
        "seconds": round(time.perf_counter() - t0, 3),
    }
    if layout is not None:
        mapping_path = directory / "mapping.yaml" if single is None else single.with_suffix(".yaml")
        mapping_path.write_text(TOOL_MAPPINGS[tool].read_text(encoding="utf-8"), encoding="utf-8")
        manifest["tool"] = tool
        manifest["mapping"] = layout.mapping.name
        manifest["mapping_path"] = str(mapping_path)
    manifest_path = directory / "manifest.json" if single is None else single.with_name(single.name + ".manifest.json")
    manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    manifest["manifest_path"] = str(manifest_path)
    return manifest


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--messy", action="store_true")
    p.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    p.add_argument("--waves", default=None, help="comma-separated, e.g. 2025-Q1,2025-Q2")
    p.add_argument("--tool", choices=("contract", *TOOL_MAPPINGS), default="contract")
    p.add_argument("--out", type=Path, required=True)
    a = p.parse_args(argv)
    waves = a.waves.split(",") if a.waves else None
    m = generate_survey(a.out, a.rows, a.seed, messy=a.messy, waves=waves, fmt=a.format, tool=a.tool)
    print(
        json.dumps(
            {k: m[k] for k in ("rows_written", "expected_rejected", "expected_silver_rows", "seconds", "manifest_path")}
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
