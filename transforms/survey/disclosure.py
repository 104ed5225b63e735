"""Disclosure control and reliability classes of the survey gold cubes (lake-tables-v2).

Primary suppression: a cell with fewer than ``MIN_RESPONDENTS`` respondents (lake-tables-v1).

Secondary suppression: the cube's cells are linked by additive relations (a total = the sum of
its parts, in estimated enterprises Σw and in estimated AI users Σw·y): both Länder = Sachsen +
Thüringen, a Land = its districts, all sizes = 1-9 + 10-49 + 50-249 + 250+ = 1-9 + 10+,
10+ = 10-49 + 50-249 + 250+, all sections = A + ... + S, each of them within every combination of
the other dimensions (district × section, Land × size class, ...). If exactly one member of a
relation is suppressed while the total and all other members are published, the suppressed cell
follows by subtraction. The rule applied is the singleton rule of the hypercube method
(Repsilber 1994, as in τ-ARGUS; Hundepool et al., *Statistical Disclosure Control*, Wiley 2012,
§4.3): no relation may hold exactly one suppressed cell among its total and its members. That
covers the contract's case (one suppressed member beside a published total) and its mirror: a
total suppressed as a partner elsewhere whose members are all published would follow as their
sum, and with it the cell it protects. The heuristic, per wave: go through all relations;
wherever a relation holds exactly one suppressed cell, suppress its least informative published
member (fewest respondents, then smallest Σw, then the first by the cells' dimensions) -- or, if it has
no other member, the total; repeat until a full pass changes nothing. Suppression only grows, so
this ends; it is not the minimum a linear program would find, but it is fast (a few thousand
cells per wave) and deterministic.

Group disclosure (all respondents of a cell answered alike, share exactly 0 % or 100 %, n ≥ 5):
flagged in `all_alike`, not suppressed. The figures are weighted estimates from a sample whose
members are not published, as in the official ICT survey (Destatis / Eurostat publish 0 and 100
% cells); readers show the flag. Such a cell is never `reliable`.

Reliability (`reliability`): `suppressed` for a suppressed cell; `reliable` when the Kish
effective sample size is at least ``RELIABLE_MIN_N_EFF`` (30) and the 95 % Wilson interval is
at most ``RELIABLE_MAX_CI_WIDTH`` (20 percentage points) wide and not all respondents answered
alike; otherwise `limited` (published, shown in parentheses with a footnote, the convention of
Destatis' "( ) Aussagewert eingeschränkt, da der Zahlenwert statistisch relativ unsicher ist"
and of Statistics Canada's "E: use with caution" quality flag). A CV rule (Statistics Canada:
CV > 16.5 % = use with caution) is not used directly: for a proportion the CV grows without
bound as the share approaches 0, so the interval width is the measure here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
from pyspark.sql import DataFrame
from pyspark.sql import types as T

from lake import vocabulary

MIN_RESPONDENTS = vocabulary.MIN_RESPONDENTS
RELIABLE_MIN_N_EFF = vocabulary.RELIABLE_N_EFF
RELIABLE_MAX_CI_WIDTH = vocabulary.RELIABLE_MAX_INTERVAL_WIDTH
assert RELIABLE_MIN_N_EFF >= vocabulary.MIN_RELIABLE_N_EFF, "n_eff < 10 must never be reliable (lake-tables-v2)"

PRIMARY = "primary"
SECONDARY = "secondary"
RELIABLE = "reliable"
LIMITED = "limited"
SUPPRESSED = "suppressed"

Key = tuple
# Given the values of a hierarchy's columns present in one wave: (total, [members]) pairs.
RelationsOf = Callable[[set[Key]], list[tuple[Key, list[Key]]]]


@dataclass(frozen=True)
class Hierarchy:
    """An additive breakdown over ``columns``: each relation is a total and the members summing to it."""

    columns: tuple[str, ...]
    relations: RelationsOf


def fixed(*relations: tuple[object, Sequence[object]]) -> RelationsOf:
    """Relations of a one-column hierarchy with a fixed code list (None = the total over all)."""
    out = [((total,), [(m,) for m in members]) for total, members in relations]
    return lambda present: out


def geo_relations(lands: Sequence[str]) -> RelationsOf:
    """(land, ags): both Länder (None, None) = each Land; a Land (L, None) = its districts (L, ags)."""

    def relations(present: set[Key]) -> list[tuple[Key, list[Key]]]:
        out: list[tuple[Key, list[Key]]] = [((None, None), [(land, None) for land in lands])]
        for land in lands:
            out.append(((land, None), sorted(v for v in present if v[0] == land and v[1] is not None)))
        return out

    return relations


def _value(v: object) -> object:
    return None if v is None or (isinstance(v, float) and v != v) else v


def relations_of(
    cells: pd.DataFrame, dims: Sequence[str], hierarchies: Iterable[Hierarchy]
) -> list[tuple[int, list[int]]]:
    """Every additive relation among ``cells`` as (row of the total, rows of the members present).

    A member absent from the cube has no respondents (the grouping sets hold every non-empty
    combination), so it contributes nothing and is left out.
    """
    keys = [tuple(_value(v) for v in row) for row in cells[list(dims)].itertuples(index=False, name=None)]
    index = {k: i for i, k in enumerate(keys)}
    out: list[tuple[int, list[int]]] = []
    for h in hierarchies:
        pos = [dims.index(c) for c in h.columns]
        present = {tuple(k[p] for p in pos) for k in keys}
        by_total: dict[Key, list[list[Key]]] = {}
        for total, members in h.relations(present):
            by_total.setdefault(total, []).append(members)
        for i, k in enumerate(keys):
            sub = tuple(k[p] for p in pos)
            for members in by_total.get(sub, ()):
                rows = []
                for m in members:
                    full = list(k)
                    for p, v in zip(pos, m):
                        full[p] = v
                    j = index.get(tuple(full))
                    if j is not None:
                        rows.append(j)
                out.append((i, rows))
    return out


def exposed(total_hidden: bool, members_hidden: Sequence[bool]) -> bool:
    """True when a relation holds exactly one suppressed cell among its total and its members: that
    cell follows from the published ones (a member by subtraction, the total by addition)."""
    return bool(members_hidden) and total_hidden + sum(members_hidden) == 1


def secondary_suppression(cells: pd.DataFrame, dims: Sequence[str], hierarchies: Iterable[Hierarchy]) -> pd.Series:
    """`suppression` per row (None / primary / secondary) for the cells of one wave (see module doc)."""
    n = len(cells)
    respondents = cells["respondents"].fillna(0).astype(int).tolist()
    weight = cells["weight_sum"].fillna(0.0).astype(float).tolist() if "weight_sum" in cells else [0.0] * n
    kind: list[str | None] = [PRIMARY if r < MIN_RESPONDENTS else None for r in respondents]
    relations = relations_of(cells, dims, hierarchies)
    changed = True
    while changed:
        changed = False
        for total, members in relations:
            if not exposed(kind[total] is not None, [kind[m] is not None for m in members]):
                continue
            shown = [m for m in members if kind[m] is None]
            # Σw rounded: the same sum in another order may differ in its last bit
            pick = min(shown, key=lambda m: (respondents[m], round(weight[m], 6), m)) if shown else total
            kind[pick] = SECONDARY
            changed = True
    return pd.Series(kind, index=cells.index, dtype=object)


def protect(
    cells: pd.DataFrame,
    dims: Sequence[str],
    hierarchies: Sequence[Hierarchy],
    share_col: str,
    interval: tuple[str, str] | None = ("ci_low", "ci_high"),
) -> pd.DataFrame:
    """The cells of one wave with `suppression`, `suppressed`, `all_alike` and `reliability`;
    share, interval, `weight_sum` and `n_eff` of every suppressed cell null."""
    out = cells.copy()
    kind = secondary_suppression(out, dims, hierarchies)
    hidden = kind.notna()
    out["suppression"] = kind
    out["suppressed"] = hidden
    value_cols = [share_col, *(interval or ()), "weight_sum", "n_eff"]
    for c in value_cols:
        out[c] = out[c].astype(float).where(~hidden)
    share = out[share_col]
    out["all_alike"] = (~hidden) & ((share == 0.0) | (share == 1.0))
    if interval:
        width = out[interval[1]] - out[interval[0]]
        narrow = width <= RELIABLE_MAX_CI_WIDTH + 1e-12
    else:
        narrow = pd.Series(True, index=out.index)
    good = (~hidden) & (out["n_eff"] >= RELIABLE_MIN_N_EFF) & narrow & ~out["all_alike"]
    out["reliability"] = [SUPPRESSED if h else (RELIABLE if g else LIMITED) for h, g in zip(hidden, good)]
    return out


def protected_schema(schema: T.StructType) -> T.StructType:
    fields = [f for f in schema.fields if f.name not in ("suppression", "all_alike", "reliability")]
    fields += [
        T.StructField("suppression", T.StringType()),
        T.StructField("all_alike", T.BooleanType()),
        T.StructField("reliability", T.StringType()),
    ]
    return T.StructType(fields)


def apply_disclosure_control(
    cells: DataFrame,
    dims: Sequence[str],
    hierarchies: Sequence[Hierarchy],
    share_col: str,
    interval: tuple[str, str] | None = ("ci_low", "ci_high"),
) -> DataFrame:
    """Spark wrapper of `protect`: one pandas call per wave (every relation lies within a wave)."""
    schema = protected_schema(cells.schema)
    names = [f.name for f in schema.fields]
    dims = list(dims)

    def per_wave(pdf: pd.DataFrame) -> pd.DataFrame:
        # A fixed row order (the last tie-break of the partner choice): the rows of a group arrive
        # in whatever order the shuffle gave them, which differs between sessions and engines.
        ordered = pdf.sort_values(dims, na_position="first", kind="stable").reset_index(drop=True)
        return protect(ordered, dims, hierarchies, share_col, interval)[names]

    return cells.groupBy("wave").applyInPandas(per_wave, schema)
