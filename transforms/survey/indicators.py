"""Survey indicators: weighted shares with 95 % Wilson intervals on the Kish effective sample size.

share = Σw·y / Σw;  n_eff = (Σw)² / Σw²;  Wilson interval with z = 1.959964 on (share, n_eff).
Cells with fewer than `MIN_RESPONDENTS` respondents are suppressed (primary), cells that would
let a reader compute one by subtraction too (secondary; `transforms.survey.disclosure`), and each
cell gets a reliability class. `gold/ai_adoption` also compares each cell with the previous wave
(`previous_share`, `change_pp`, `change_significant`: two-sided z-test at 5 % on Kish n_eff).
Pure functions: DataFrame in, DataFrame out (lake-tables-v1 and v2, gold layer).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from pyspark.sql import Column, DataFrame, Window
from pyspark.sql import functions as F

from lake import vocabulary, waves
from transforms.survey import disclosure
from transforms.survey.disclosure import Hierarchy
from transforms.survey.schema import BARRIERS, NACE_SECTIONS, SIZE_CLASSES, TECHNOLOGIES

LANDS = ("Sachsen", "Thüringen")

Z_95 = 1.959963984540054
MIN_RESPONDENTS = vocabulary.MIN_RESPONDENTS
# Enterprises with 10 or more employees: the official statistics' definition (lake-tables-v2).
SIZE_10_PLUS = "10+"
SIZE_CLASSES_10_PLUS = ("10-49", "50-249", "250+")
previous_wave = waves.previous  # the one wave calendar (lake.waves)
next_wave = waves.next_wave


def previous_wave_column(wave: Column) -> Column:
    """Spark twin of `lake.waves.previous`."""
    year, q = F.substring(wave, 1, 4).cast("int"), F.substring(wave, 7, 1).cast("int")
    return F.when(q == 1, F.format_string("%d-Q4", year - 1)).otherwise(F.format_string("%d-Q%d", year, q - 1))


def wilson_interval(share: float, n_eff: float, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval for a proportion (plain Python twin of `wilson_columns`)."""
    denom = 1 + z * z / n_eff
    centre = (share + z * z / (2 * n_eff)) / denom
    half = z * math.sqrt(share * (1 - share) / n_eff + z * z / (4 * n_eff * n_eff)) / denom
    # The interval contains the share; clamping only removes floating-point noise (1e-17).
    return min(max(centre - half, 0.0), share), max(min(centre + half, 1.0), share)


def wilson_columns(share: Column, n_eff: Column, z: float = Z_95) -> tuple[Column, Column]:
    """Spark column expressions for the lower and upper Wilson bound."""
    z2 = z * z
    denom = F.lit(1.0) + F.lit(z2) / n_eff
    centre = (share + F.lit(z2) / (F.lit(2.0) * n_eff)) / denom
    half = F.lit(z) * F.sqrt(share * (F.lit(1.0) - share) / n_eff + F.lit(z2) / (F.lit(4.0) * n_eff * n_eff)) / denom
    low = F.least(F.greatest(centre - half, F.lit(0.0)), share)
    high = F.greatest(F.least(centre + half, F.lit(1.0)), share)
    return low, high


def weighted_share_cells(
    df: DataFrame,
    indicator: Column,
    grouping_sets: Sequence[Sequence[str]],
    dimensions: Sequence[str],
    share_name: str = "weighted_share",
    with_interval: bool = True,
    extra: dict[str, tuple[Column, str]] | None = None,
) -> DataFrame:
    """Weighted share of ``indicator`` (boolean) per grouping set, with primary suppression.

    One Spark ``GROUPING SETS`` aggregation; every dimension not in a row's grouping set is null
    ("all"). Extra columns: `weight_sum` (Σw, estimated enterprises) and `n_eff` (Kish).
    ``extra`` = {name: (value, dimension)}: a further grouping column ``name`` computed as
    ``value`` whose null group is dropped and whose value replaces ``dimension`` (the `10+` size
    band, grouped in the same pass as the size classes).
    """
    extra = extra or {}
    base = df.select(
        *[F.col(d) for d in dimensions],
        *[value.alias(name) for name, (value, _) in extra.items()],
        F.col("weight").cast("double").alias("_w"),
        F.coalesce(indicator.cast("double"), F.lit(0.0)).alias("_y"),
    )
    cells = base.groupingSets([list(g) for g in grouping_sets], *dimensions, *extra).agg(
        F.count(F.lit(1)).cast("int").alias("respondents"),
        F.sum("_w").alias("_sw"),
        F.sum(F.col("_w") * F.col("_w")).alias("_sw2"),
        F.sum(F.col("_w") * F.col("_y")).alias("_swy"),
        *[F.grouping(name).alias(f"_g_{name}") for name in extra],
    )
    for name, (_, dim) in extra.items():
        cells = cells.where((F.col(f"_g_{name}") == 1) | F.col(name).isNotNull())
        cells = cells.withColumn(dim, F.coalesce(F.col(dim), F.col(name)))
    suppressed = F.col("respondents") < MIN_RESPONDENTS
    share = F.col("_swy") / F.col("_sw")
    n_eff = F.col("_sw") * F.col("_sw") / F.col("_sw2")
    out: list[Column | str] = [*dimensions, "respondents", F.when(~suppressed, share).alias(share_name)]
    if with_interval:
        low, high = wilson_columns(share, n_eff)
        out += [F.when(~suppressed, low).alias("ci_low"), F.when(~suppressed, high).alias("ci_high")]
    out += [
        suppressed.alias("suppressed"),
        F.when(~suppressed, F.col("_sw")).alias("weight_sum"),
        F.when(~suppressed, n_eff).alias("n_eff"),
    ]
    return cells.select(*out)


def complete_cells(cells: DataFrame, grid: DataFrame, dimensions: Sequence[str]) -> DataFrame:
    """Add the cells of ``grid`` (dimension values) that have no respondents at all, as suppressed
    rows with `respondents` = 0, so every district / section / size class shows up in every wave."""
    cond = None
    for d in dimensions:
        c = grid[d].eqNullSafe(cells[d])
        cond = c if cond is None else (cond & c)
    empty = grid.join(cells, cond, "left_anti")
    filler = [F.col(d) for d in dimensions]
    for field in cells.schema.fields:
        if field.name in dimensions:
            continue
        if field.name == "respondents":
            filler.append(F.lit(0).cast("int").alias("respondents"))
        elif field.name == "suppressed":
            filler.append(F.lit(True).alias("suppressed"))
        else:
            filler.append(F.lit(None).cast(field.dataType).alias(field.name))
    return cells.unionByName(empty.select(*filler))


def _grid(silver: DataFrame, rows: list[tuple], dimensions: Sequence[str]) -> DataFrame:
    """Waves present in silver × the given (dimension values without wave) rows."""
    spark = silver.sparkSession
    schema = ", ".join(f"{d} string" for d in dimensions if d != "wave")
    static = spark.createDataFrame(rows, schema)
    return silver.select("wave").distinct().crossJoin(static).select(*dimensions)


ADOPTION_DIMENSIONS = ("wave", "land", "ags", "nace_section", "size_class")


def adoption_grouping_sets() -> tuple[tuple[str, ...], ...]:
    """The full cube below `wave`: every subset of (ags, nace_section, size_class), each for both
    Länder together and per Land; `ags` only together with its `land` (a district lies in one
    Land, so "district, both Länder" would just repeat the district's row)."""
    sets: list[tuple[str, ...]] = []
    for use_ags in (False, True):
        for use_nace in (False, True):
            for use_size in (False, True):
                rest = (("nace_section",) if use_nace else ()) + (("size_class",) if use_size else ())
                if use_ags:
                    sets.append(("wave", "land", "ags", *rest))
                else:
                    sets.append(("wave", *rest))
                    sets.append(("wave", "land", *rest))
    return tuple(sets)


ADOPTION_GROUPING_SETS = adoption_grouping_sets()


ADOPTION_HIERARCHIES = (
    Hierarchy(("land", "ags"), disclosure.geo_relations(LANDS)),
    Hierarchy(("nace_section",), disclosure.fixed((None, NACE_SECTIONS))),
    Hierarchy(
        ("size_class",),
        disclosure.fixed(
            (None, SIZE_CLASSES),
            (None, ("1-9", SIZE_10_PLUS)),
            (SIZE_10_PLUS, SIZE_CLASSES_10_PLUS),
        ),
    ),
)
LAND_HIERARCHY = (Hierarchy(("land",), disclosure.fixed((None, LANDS))),)


def ai_adoption_cells(
    silver: DataFrame,
    grouping_sets: Sequence[Sequence[str]] = ADOPTION_GROUPING_SETS,
    districts: DataFrame | None = None,
) -> DataFrame:
    """The cube's cells with primary suppression only: every grouping set, each with size class also
    the `10+` band (10 or more employees, the official statistics' definition) in the same pass.

    The one-dimension breakdowns (per Land and both: each NACE section, each size class, `10+`,
    and, with ``districts`` (ags, land), each district) are complete: a category without
    respondents in a wave gets a suppressed row with `respondents` = 0.
    """
    band = F.when(F.col("size_class").isin(*SIZE_CLASSES_10_PLUS), F.lit(SIZE_10_PLUS))
    sets = [list(g) for g in grouping_sets]
    sets += [[("_size10" if d == "size_class" else d) for d in g] for g in sets if "size_class" in g]
    cells = weighted_share_cells(
        silver, F.col("uses_ai") == "yes", sets, ADOPTION_DIMENSIONS, extra={"_size10": (band, "size_class")}
    )
    if grouping_sets is not ADOPTION_GROUPING_SETS:
        return cells
    rows: list[tuple] = []
    for land in (None, *LANDS):
        rows.append((land, None, None, None))
        rows += [(land, None, n, None) for n in NACE_SECTIONS]
        rows += [(land, None, None, c) for c in (*SIZE_CLASSES, SIZE_10_PLUS)]
    if districts is not None:
        rows += [(r["land"], r["ags"], None, None) for r in districts.select("ags", "land").collect()]
    return complete_cells(cells, _grid(silver, rows, ADOPTION_DIMENSIONS), ADOPTION_DIMENSIONS)


def with_change(
    cells: DataFrame, dimensions: Sequence[str] = ADOPTION_DIMENSIONS, share: str = "weighted_share"
) -> DataFrame:
    """`previous_share`, `change_pp` and `change_significant` against the same cell one quarter earlier.

    z = (p1 - p0) / sqrt(p1(1-p1)/n_eff1 + p0(1-p0)/n_eff0), significant when |z| > 1.959964
    (two-sided, 5 %). Both shares 0 % or 100 % (no sampling variance): significant iff they
    differ. Null when the previous cell is missing or suppressed (previous_share) or either side
    is suppressed (change_pp, change_significant).
    """
    others = [d for d in dimensions if d != "wave"]
    w = Window.partitionBy(*others).orderBy("wave")
    prev_ok = F.lag("wave").over(w) == previous_wave_column(F.col("wave"))
    p0 = F.when(prev_ok, F.lag(share).over(w))
    n0 = F.when(prev_ok, F.lag("n_eff").over(w))
    step = cells.select("*", p0.alias("previous_share"), n0.alias("_prev_n_eff"))
    p1, n1, p0c, n0c = F.col(share), F.col("n_eff"), F.col("previous_share"), F.col("_prev_n_eff")
    diff = F.when(p1.isNotNull() & p0c.isNotNull(), p1 - p0c)
    se = F.sqrt(p1 * (F.lit(1.0) - p1) / n1 + p0c * (F.lit(1.0) - p0c) / n0c)
    significant = F.when(diff.isNotNull(), F.when(se > 0, F.abs(diff) / se > F.lit(Z_95)).otherwise(diff != 0))
    return step.select(
        *cells.columns,
        "previous_share",
        (diff * 100).alias("change_pp"),
        significant.alias("change_significant"),
    )


ADOPTION_COLUMN_ORDER = (
    *ADOPTION_DIMENSIONS,
    "respondents",
    "weighted_share",
    "ci_low",
    "ci_high",
    "suppressed",
    "suppression",
    "reliability",
    "all_alike",
    "weight_sum",
    "n_eff",
    "previous_share",
    "change_pp",
    "change_significant",
)


def ai_adoption(
    silver: DataFrame,
    grouping_sets: Sequence[Sequence[str]] = ADOPTION_GROUPING_SETS,
    districts: DataFrame | None = None,
) -> DataFrame:
    """`gold/ai_adoption`: weighted share of enterprises with `uses_ai` = yes, full cube, with
    primary and secondary suppression, reliability classes and the change against the previous
    wave (lake-tables-v2). A custom ``grouping_sets`` gives the bare cells (primary suppression)."""
    cells = ai_adoption_cells(silver, grouping_sets, districts)
    if grouping_sets is not ADOPTION_GROUPING_SETS:
        return cells
    protected = disclosure.apply_disclosure_control(cells, ADOPTION_DIMENSIONS, ADOPTION_HIERARCHIES, "weighted_share")
    return with_change(protected).select(*ADOPTION_COLUMN_ORDER)


def _long_flags(silver: DataFrame, population: Column, flags: Sequence[str], prefix: str, name: str) -> DataFrame:
    """One row per respondent of ``population`` and flag: (wave, land, <name>, weight, flag)."""
    pairs = F.array(
        *[
            F.struct(F.lit(f[len(prefix) :]).alias("k"), F.coalesce(F.col(f).cast("boolean"), F.lit(False)).alias("v"))
            for f in flags
        ]
    )
    return (
        silver.where(population)
        .select("wave", "land", "weight", F.explode(pairs).alias("_p"))
        .select("wave", "land", F.col("_p.k").alias(name), "weight", F.col("_p.v").alias("_flag"))
    )


def _per_wave_land(silver: DataFrame, long: DataFrame, name: str, share_name: str, keys: Sequence[str]) -> DataFrame:
    dims = ("wave", "land", name)
    cells = weighted_share_cells(long, F.col("_flag"), [("wave", name), ("wave", "land", name)], dims, share_name)
    rows = [(land, k) for land in (None, *LANDS) for k in keys]
    cells = complete_cells(cells, _grid(silver, rows, dims), dims)
    # Both Länder = Sachsen + Thüringen per item; items are not additive (several may be named).
    return disclosure.apply_disclosure_control(cells, dims, LAND_HIERARCHY, share_name)


def ai_technologies(silver: DataFrame) -> DataFrame:
    """`gold/ai_technologies`: weighted share of AI users using each technology, per wave × (both | Land).

    `respondents` = AI users in the cell; a flag left empty by a user counts as "not used".
    """
    long = _long_flags(silver, F.col("uses_ai") == "yes", TECHNOLOGIES, "tech_", "technology")
    return _per_wave_land(silver, long, "technology", "share_of_users", [t[len("tech_") :] for t in TECHNOLOGIES])


def ai_barriers(silver: DataFrame) -> DataFrame:
    """`gold/ai_barriers`: weighted share of non-users (no or planned) naming each barrier."""
    long = _long_flags(silver, F.col("uses_ai") != "yes", BARRIERS, "barrier_", "barrier")
    return _per_wave_land(silver, long, "barrier", "share_of_non_users", [b[len("barrier_") :] for b in BARRIERS])
