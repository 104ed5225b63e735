"""Asset checks on every silver and gold table of the lake contract.

`ASSET_CHECKS` is collected by `orchestration.definitions`. Checks marked blocking stop the run's
downstream assets when they fail (a broken silver table never feeds gold, a broken gold table
never feeds the report); freshness only warns. The rules live in `orchestration.checks.rules`.
"""

import datetime as dt
import os
from dataclasses import dataclass
from typing import Callable

import dagster as dg

from lake import catalog, vocabulary
from lake.query import LakeQuery
from orchestration.checks import rules
from orchestration.resources import DuckDBResource


def _days(env: str, default: float) -> dt.timedelta:
    return dt.timedelta(days=float(os.environ.get(env) or default))


@dataclass(frozen=True)
class CheckSpec:
    table: str
    name: str
    description: str
    rule: Callable[[LakeQuery], dg.AssetCheckResult]
    blocking: bool = False


def _specs() -> list[CheckSpec]:
    survey_age = _days("LAKEHOUSE_SURVEY_MAX_AGE_DAYS", vocabulary.SURVEY_MAX_AGE_DAYS)  # one quarter plus slack
    news_age = _days("LAKEHOUSE_NEWS_MAX_AGE_DAYS", vocabulary.NEWS_MAX_AGE_DAYS)  # daily schedule plus slack
    specs: list[CheckSpec] = []

    def add(table, name, description, rule, blocking=False):
        specs.append(CheckSpec(table, name, description, rule, blocking))

    def keys(table, cols, blocking=True):
        add(table, "keys_unique", f"No two rows share ({', '.join(cols)}).",
            lambda q: rules.keys_unique(q, table, cols), blocking)

    def pii(table):
        add(table, "no_personal_data", "No personal-data column (contact_email, comment, ...) in the table.",
            lambda q: rules.no_personal_data(q, table), True)

    def fresh(table, age):
        add(table, "fresh", f"Written within the last {age.days} days (warning only).",
            lambda q: rules.fresh(q, table, age))

    # silver
    keys(catalog.SILVER_DISTRICTS, ["ags"])
    pii(catalog.SILVER_DISTRICTS)
    add(catalog.SILVER_DISTRICTS, "complete", "Sachsen has 13 districts, Thüringen 22.",
        rules.districts_complete, True)

    add(catalog.SILVER_SURVEY_RESPONSES, "counts_reconcile",
        "Per file: bronze rows read = accepted + rejected, matching bronze, rejects and silver.",
        rules.survey_counts_reconcile, True)
    keys(catalog.SILVER_SURVEY_RESPONSES, ["wave", "response_id"])
    pii(catalog.SILVER_SURVEY_RESPONSES)
    fresh(catalog.SILVER_SURVEY_RESPONSES, survey_age)

    keys(catalog.SILVER_SURVEY_REJECTS, ["_source_file", "_source_row"])
    pii(catalog.SILVER_SURVEY_REJECTS)

    add(catalog.SILVER_NEWS_ARTICLES, "reconciles_with_bronze",
        "Every silver article has a bronze article; no more silver rows than distinct bronze articles.",
        rules.news_reconciles_with_bronze, True)
    keys(catalog.SILVER_NEWS_ARTICLES, ["id"])
    pii(catalog.SILVER_NEWS_ARTICLES)
    fresh(catalog.SILVER_NEWS_ARTICLES, news_age)

    keys(catalog.SILVER_NEWS_ORG_MENTIONS, ["article_id", "organization", "land"])
    pii(catalog.SILVER_NEWS_ORG_MENTIONS)

    # gold
    dims = ["wave", "land", "ags", "nace_section", "size_class"]
    keys(catalog.GOLD_AI_ADOPTION, dims)
    pii(catalog.GOLD_AI_ADOPTION)
    add(catalog.GOLD_AI_ADOPTION, "shares_in_unit_interval", "weighted_share, ci_low and ci_high lie in [0, 1].",
        lambda q: rules.shares_in_unit_interval(q, catalog.GOLD_AI_ADOPTION, ["weighted_share", "ci_low", "ci_high"]),
        True)
    add(catalog.GOLD_AI_ADOPTION, "interval_contains_share", "ci_low <= weighted_share <= ci_high wherever shown.",
        lambda q: rules.interval_contains_share(q, catalog.GOLD_AI_ADOPTION), True)
    add(catalog.GOLD_AI_ADOPTION, "suppression", f"respondents < {vocabulary.MIN_RESPONDENTS} => suppressed and no share.",
        lambda q: rules.suppression_consistent(q, catalog.GOLD_AI_ADOPTION, "weighted_share"), True)
    fresh(catalog.GOLD_AI_ADOPTION, survey_age)

    modelled = catalog.GOLD_AI_ADOPTION_MODELLED
    keys(modelled, ["wave", "ags"])
    pii(modelled)
    add(modelled, "complete", "One row per wave of gold/ai_adoption and district of silver/districts.",
        rules.modelled_complete, True)
    add(modelled, "values_valid", "Modelled share and 95 % interval never null, in [0, 1], low <= share <= high.",
        rules.modelled_values_valid, True)
    add(modelled, "method_consistent", "method = synthetic exactly where the district has no respondent.",
        rules.modelled_method_consistent, True)
    add(modelled, "direct_matches_gold", "direct_* equal gold/ai_adoption's district cells, null where suppressed.",
        rules.modelled_direct_matches_gold, True)
    add(modelled, "benchmarked", "Population-weighted modelled shares of a Land reproduce its direct share.",
        rules.modelled_benchmarked, True)
    fresh(modelled, survey_age)

    for table, dim, share in ((catalog.GOLD_AI_TECHNOLOGIES, "technology", "share_of_users"),
                              (catalog.GOLD_AI_BARRIERS, "barrier", "share_of_non_users")):
        keys(table, ["wave", "land", dim])
        pii(table)
        add(table, "shares_in_unit_interval", f"{share} lies in [0, 1].",
            lambda q, table=table, share=share: rules.shares_in_unit_interval(q, table, [share]), True)
        add(table, "suppression", f"respondents < {vocabulary.MIN_RESPONDENTS} => suppressed and no share.",
            lambda q, table=table, share=share: rules.suppression_consistent(q, table, share), True)
        fresh(table, survey_age)

    keys(catalog.GOLD_NEWS_ACTIVITY, ["month", "land", "topic"])
    pii(catalog.GOLD_NEWS_ACTIVITY)
    fresh(catalog.GOLD_NEWS_ACTIVITY, news_age)
    return specs


CHECK_SPECS = _specs()


def asset_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(table.split("/"))


def _build(spec: CheckSpec) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=asset_key(spec.table), name=spec.name, description=spec.description,
                    blocking=spec.blocking)
    def _check(duckdb: DuckDBResource) -> dg.AssetCheckResult:
        return spec.rule(duckdb.query())

    return _check


def build_checks(asset_keys=None) -> list[dg.AssetChecksDefinition]:
    """The checks, restricted to assets that exist (`asset_keys`), so definitions always load."""
    return [_build(s) for s in CHECK_SPECS if asset_keys is None or asset_key(s.table) in asset_keys]


def run_check(table: str, name: str, query: LakeQuery) -> dg.AssetCheckResult:
    """Evaluate one check's rule directly (tests, CLI)."""
    for spec in CHECK_SPECS:
        if spec.table == table and spec.name == name:
            return spec.rule(query)
    raise KeyError(f"no check {name!r} on {table}")
