"""Asset checks on every silver and gold table of the lake contract.

`ASSET_CHECKS` is collected by `orchestration.definitions`. Checks marked blocking stop the run's
downstream assets when they fail (a broken silver table never feeds gold, a broken gold table
never feeds the report); freshness only warns. The rules live in `orchestration.checks.rules`.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass

import dagster as dg

from lake import catalog, vocabulary
from lake.query import LakeQuery
from orchestration.checks import rules
from orchestration.resources import DuckDBResource


class CheckThresholds(dg.Config):
    """Limits of the asset checks, as run config of each check (Launchpad, `dg.RunConfig`): each
    field if set, else its environment variable, else the published default of `lake.vocabulary`
    (survey 100 days, news 2 days, 5 respondents)."""

    survey_max_age_days: float | None = None  # LAKEHOUSE_SURVEY_MAX_AGE_DAYS
    news_max_age_days: float | None = None  # LAKEHOUSE_NEWS_MAX_AGE_DAYS
    min_respondents: int | None = None  # LAKEHOUSE_MIN_RESPONDENTS

    def max_age(self, domain: str):
        """How old a table of `domain` (survey, news) may be before `fresh` warns."""
        import datetime as dt

        from lake import vocabulary

        if domain == "news":
            days = (
                self.news_max_age_days or os.environ.get("LAKEHOUSE_NEWS_MAX_AGE_DAYS") or vocabulary.NEWS_MAX_AGE_DAYS
            )
        else:
            days = (
                self.survey_max_age_days
                or os.environ.get("LAKEHOUSE_SURVEY_MAX_AGE_DAYS")
                or vocabulary.SURVEY_MAX_AGE_DAYS
            )
        return dt.timedelta(days=float(days))

    def respondents(self) -> int:
        """Cells below this many respondents must be suppressed."""
        from lake import vocabulary

        return int(self.min_respondents or os.environ.get("LAKEHOUSE_MIN_RESPONDENTS") or vocabulary.MIN_RESPONDENTS)


@dataclass(frozen=True)
class CheckSpec:
    table: str
    name: str
    description: str
    rule: Callable[..., dg.AssetCheckResult]
    """`rule(query)`, or `rule(query, t=thresholds)` for rules with limits (`CheckThresholds`)."""
    blocking: bool = False


def _specs() -> list[CheckSpec]:
    specs: list[CheckSpec] = []

    def add(table, name, description, rule, blocking=False):
        specs.append(CheckSpec(table, name, description, rule, blocking))

    def keys(table, cols, blocking=True):
        add(
            table,
            "keys_unique",
            f"No two rows share ({', '.join(cols)}).",
            lambda q: rules.keys_unique(q, table, cols),
            blocking,
        )

    def pii(table):
        add(
            table,
            "no_personal_data",
            "No personal-data column (contact_email, comment, ...) in the table.",
            lambda q: rules.no_personal_data(q, table),
            True,
        )

    def fresh(table, domain, default_days):
        add(
            table,
            "fresh",
            f"Written within the last {default_days:g} days (warning only; limit: check config CheckThresholds).",
            lambda q, t=None: rules.fresh(q, table, (t or CheckThresholds()).max_age(domain)),
        )

    # per table, from the table contract: unique keys, no personal data beyond bronze, freshness
    ages = {"survey": vocabulary.SURVEY_MAX_AGE_DAYS, "news": vocabulary.NEWS_MAX_AGE_DAYS}
    for table, info in catalog.TABLES.items():
        if info.layer == "bronze":
            continue
        if info.keys:
            keys(table, list(info.keys))
        pii(table)
        if info.fresh_check:
            fresh(table, info.domain, ages[info.domain])

    # rules of single tables
    add(catalog.SILVER_DISTRICTS, "complete", "Sachsen has 13 districts, Thüringen 22.", rules.districts_complete, True)
    add(
        catalog.SILVER_SURVEY_RESPONSES,
        "counts_reconcile",
        "Per file: bronze rows read = accepted + rejected, matching bronze, rejects and silver.",
        rules.survey_counts_reconcile,
        True,
    )
    add(
        catalog.SILVER_NEWS_ARTICLES,
        "reconciles_with_bronze",
        "Every silver article has a bronze article; no more silver rows than distinct bronze articles.",
        rules.news_reconciles_with_bronze,
        True,
    )
    add(
        catalog.GOLD_AI_ADOPTION,
        "shares_in_unit_interval",
        "weighted_share, ci_low and ci_high lie in [0, 1].",
        lambda q: rules.shares_in_unit_interval(q, catalog.GOLD_AI_ADOPTION, ["weighted_share", "ci_low", "ci_high"]),
        True,
    )
    add(
        catalog.GOLD_AI_ADOPTION,
        "interval_contains_share",
        "ci_low <= weighted_share <= ci_high wherever shown.",
        lambda q: rules.interval_contains_share(q, catalog.GOLD_AI_ADOPTION),
        True,
    )
    add(
        catalog.GOLD_AI_ADOPTION,
        "suppression",
        f"respondents < {vocabulary.MIN_RESPONDENTS} => suppressed and no share.",
        lambda q, t=None: rules.suppression_consistent(
            q, catalog.GOLD_AI_ADOPTION, "weighted_share", (t or CheckThresholds()).respondents()
        ),
        True,
    )
    add(
        catalog.GOLD_AI_ADOPTION,
        "secondary_suppression",
        "No additive relation has exactly one suppressed member beside a published total.",
        lambda q, t=None: rules.no_single_suppressed_member(q, catalog.GOLD_AI_ADOPTION),
        True,
    )
    modelled = catalog.GOLD_AI_ADOPTION_MODELLED
    add(
        modelled,
        "complete",
        "One row per wave of gold/ai_adoption and district of silver/districts.",
        rules.modelled_complete,
        True,
    )
    add(
        modelled,
        "values_valid",
        "Modelled share and 95 % interval never null, in [0, 1], low <= share <= high.",
        rules.modelled_values_valid,
        True,
    )
    add(
        modelled,
        "method_consistent",
        "method = synthetic exactly where the district has no respondent.",
        rules.modelled_method_consistent,
        True,
    )
    add(
        modelled,
        "direct_matches_gold",
        "direct_* equal gold/ai_adoption's district cells, null where suppressed.",
        rules.modelled_direct_matches_gold,
        True,
    )
    add(
        modelled,
        "benchmarked",
        "Population-weighted modelled shares of a Land reproduce its direct share.",
        rules.modelled_benchmarked,
        True,
    )
    for table, share in (
        (catalog.GOLD_AI_TECHNOLOGIES, "share_of_users"),
        (catalog.GOLD_AI_BARRIERS, "share_of_non_users"),
    ):
        add(
            table,
            "shares_in_unit_interval",
            f"{share} lies in [0, 1].",
            lambda q, table=table, share=share: rules.shares_in_unit_interval(q, table, [share]),
            True,
        )
        add(
            table,
            "suppression",
            f"respondents < {vocabulary.MIN_RESPONDENTS} => suppressed and no share.",
            lambda q, t=None, table=table, share=share: rules.suppression_consistent(
                q, table, share, (t or CheckThresholds()).respondents()
            ),
            True,
        )
        add(
            table,
            "secondary_suppression",
            "Both Länder = Sachsen + Thüringen never has a single suppressed member.",
            lambda q, t=None, table=table: rules.no_single_suppressed_member(q, table),
            True,
        )
    return specs


CHECK_SPECS = _specs()


def asset_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(table.split("/"))


def _build(spec: CheckSpec) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=asset_key(spec.table), name=spec.name, description=spec.description, blocking=spec.blocking)
    def _check(config: CheckThresholds, duckdb: DuckDBResource) -> dg.AssetCheckResult:
        return _evaluate(spec, duckdb.query(), config)

    return _check


def build_checks(asset_keys=None) -> list[dg.AssetChecksDefinition]:
    """The checks, restricted to assets that exist (`asset_keys`), so definitions always load."""
    return [_build(s) for s in CHECK_SPECS if asset_keys is None or asset_key(s.table) in asset_keys]


def _evaluate(spec: CheckSpec, query: LakeQuery, thresholds: CheckThresholds) -> dg.AssetCheckResult:
    import inspect

    takes_limits = "t" in inspect.signature(spec.rule).parameters  # rules with limits take them as `t`
    return spec.rule(query, t=thresholds) if takes_limits else spec.rule(query)


def run_check(
    table: str, name: str, query: LakeQuery, thresholds: CheckThresholds | None = None
) -> dg.AssetCheckResult:
    """Evaluate one check's rule directly (tests, CLI)."""
    for spec in CHECK_SPECS:
        if spec.table == table and spec.name == name:
            return _evaluate(spec, query, thresholds or CheckThresholds())
    raise KeyError(f"no check {name!r} on {table}")
