"""Survey indicators: weighted shares with 95 % Wilson intervals on the Kish effective sample size.

share = Σw·y / Σw;  n_eff = (Σw)² / Σw²;  Wilson interval with z = 1.959964 on (share, n_eff).
Cells with fewer than `MIN_RESPONDENTS` respondents are suppressed: share and interval null.
Pure functions: DataFrame in, DataFrame out.
"""

from __future__ import annotations

import math
from typing import Sequence

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

Z_95 = 1.959963984540054
MIN_RESPONDENTS = 5


def wilson_interval(share: float, n_eff: float, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval for a proportion (plain Python twin of `wilson_columns`)."""
    denom = 1 + z * z / n_eff
    centre = (share + z * z / (2 * n_eff)) / denom
    half = z * math.sqrt(share * (1 - share) / n_eff + z * z / (4 * n_eff * n_eff)) / denom
    return centre - half, centre + half


def wilson_columns(share: Column, n_eff: Column, z: float = Z_95) -> tuple[Column, Column]:
    """Spark column expressions for the lower and upper Wilson bound."""
    z2 = z * z
    denom = F.lit(1.0) + F.lit(z2) / n_eff
    centre = (share + F.lit(z2) / (F.lit(2.0) * n_eff)) / denom
    half = F.lit(z) * F.sqrt(share * (F.lit(1.0) - share) / n_eff + F.lit(z2) / (F.lit(4.0) * n_eff * n_eff)) / denom
    return F.greatest(centre - half, F.lit(0.0)), F.least(centre + half, F.lit(1.0))


def weighted_share_cells(
    df: DataFrame,
    indicator: Column,
    grouping_sets: Sequence[Sequence[str]],
    dimensions: Sequence[str],
    share_name: str = "weighted_share",
    with_interval: bool = True,
) -> DataFrame:
    """Weighted share of ``indicator`` (boolean) per grouping set, with suppression.

    Every dimension not in a row's grouping set is null ("all"). Implemented as one aggregation
    per grouping set unioned together, equivalent to SQL ``GROUPING SETS``.
    """
    base = df.select(*dimensions, F.col("weight").cast("double").alias("_w"), indicator.cast("double").alias("_y"))
    parts = []
    for group in grouping_sets:
        agg = base.groupBy(*group).agg(
            F.count(F.lit(1)).cast("int").alias("respondents"),
            F.sum("_w").alias("_sw"),
            F.sum(F.col("_w") * F.col("_w")).alias("_sw2"),
            F.sum(F.col("_w") * F.col("_y")).alias("_swy"),
        )
        for dim in dimensions:
            if dim not in group:
                agg = agg.withColumn(dim, F.lit(None).cast("string"))
        parts.append(agg.select(*dimensions, "respondents", "_sw", "_sw2", "_swy"))
    cells = parts[0]
    for part in parts[1:]:
        cells = cells.unionByName(part)
    suppressed = F.col("respondents") < MIN_RESPONDENTS
    share = F.col("_swy") / F.col("_sw")
    n_eff = F.col("_sw") * F.col("_sw") / F.col("_sw2")
    out = [*dimensions, "respondents", F.when(~suppressed, share).alias(share_name)]
    if with_interval:
        low, high = wilson_columns(share, n_eff)
        out += [F.when(~suppressed, low).alias("ci_low"), F.when(~suppressed, high).alias("ci_high")]
    out.append(suppressed.alias("suppressed"))
    return cells.select(*out)


ADOPTION_DIMENSIONS = ("wave", "land", "ags", "nace_section", "size_class")
ADOPTION_GROUPING_SETS: tuple[tuple[str, ...], ...] = (
    ("wave",),
    ("wave", "land"),
)


def ai_adoption(silver: DataFrame, grouping_sets: Sequence[Sequence[str]] = ADOPTION_GROUPING_SETS) -> DataFrame:
    """`gold/ai_adoption`: weighted share of enterprises with `uses_ai` = yes."""
    return weighted_share_cells(silver, F.col("uses_ai") == "yes", grouping_sets, ADOPTION_DIMENSIONS)
