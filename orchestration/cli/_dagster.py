"""Run Dagster materializations from the CLI on the project's Dagster instance.

Assets with different partitionings cannot share a run, so `materialize` splits the selection
into runs (in dependency order): unpartitioned assets as they are, survey assets over the range
of waves in the files being ingested, news assets over the landing days of their files. Each
partitioned run is one run over a partition range (the assets' single-run backfill policy).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from lake.config import PROJECT_ROOT

RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"


def console_log_level(verbose: bool = True) -> str:
    """Dagster's console log level: `LAKEHOUSE_LOG_LEVEL` if set; else INFO with `--verbose` (and
    outside the CLI), CRITICAL without it (the CLI prints its own summary; a failed run's step
    errors go to the log file, the whole event log stays in the Dagster UI)."""
    return os.environ.get("LAKEHOUSE_LOG_LEVEL") or ("INFO" if verbose else "CRITICAL")


CONSOLE_LOG_LEVEL = console_log_level()


class RunFailed(RuntimeError):
    """A Dagster run failed; carries the failed steps' errors so the CLI can classify the fault."""

    def __init__(self, result) -> None:
        self.run_id = getattr(result, "run_id", None)
        self.step_errors: list[tuple[str, Any]] = []
        for event in getattr(result, "all_events", []):
            if event.is_step_failure and event.step_failure_data and event.step_failure_data.error:
                self.step_errors.append((event.step_key or "", event.step_failure_data.error))
            elif event.is_run_failure and getattr(event.event_specific_data, "error", None):
                self.step_errors.append(("run", event.event_specific_data.error))
        super().__init__(f"Dagster run {self.run_id} failed: {self.summary()}")

    def summary(self) -> str:
        """The first failed step and the first line of its error."""
        if not self.step_errors:
            return "no step error recorded (see the Dagster UI)"
        step, error = self.step_errors[0]
        while error.cause is not None:  # the innermost cause says what went wrong
            error = error.cause
        first = (error.message or error.cls_name or "").strip().splitlines()
        return f"step {step}: {first[0] if first else error.cls_name}"

    def fault_text(self) -> str:
        """Every failed step's error with its causes and stack (what `errors.classify` reads)."""
        return "\n".join(f"[{step}] {error.to_string()}" for step, error in self.step_errors)


def ensure_dagster_home() -> Path:
    """Use `DAGSTER_HOME`, default `.dagster_home/` in the checkout, seeded with `dagster.yaml`."""
    home = Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster_home")
    home.mkdir(parents=True, exist_ok=True)
    source = PROJECT_ROOT / "dagster.yaml"
    target = home / "dagster.yaml"
    if source.exists() and source.resolve() != target.resolve():
        if not target.exists() or target.read_bytes() != source.read_bytes():
            shutil.copyfile(source, target)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def lake_resources(root: str | None = None) -> dict:
    """The definitions' resources, with the lake (and its DuckDB reader) at `root` when given."""
    from orchestration.definitions import defs
    from orchestration.resources import DuckDBResource, LakeResource

    resources = dict(defs.resources)
    if root:
        resources.update(lake=LakeResource(root=root), duckdb=DuckDBResource(root=root))
    return resources


def _as_dict(run_config: Any) -> dict:
    """Run config as a plain dict: a typed `dg.RunConfig` (the assets' Config classes) or a dict."""
    import dagster as dg

    if isinstance(run_config, dg.RunConfig):
        run_config = run_config.to_config_dict()
    return {k: v for k, v in (run_config or {}).items() if v}  # RunConfig has empty sections


def _paths_in(run_config: dict | None, op: str, field: str) -> list[str]:
    return list(((run_config or {}).get("ops", {}).get(op, {}).get("config", {}) or {}).get(field) or [])


def _survey_waves(paths: list[str], mapping_path: str | None = None) -> list[str]:
    from orchestration.partitions import WaveScanError, survey_file_waves
    from transforms.survey.mapping import MappingError, load_mapping
    from transforms.survey.read import expand_paths

    try:
        mapping = load_mapping(mapping_path) if mapping_path else None
    except MappingError:
        return []  # the ingest itself reports the mapping's problem
    waves: set[str] = set()
    for f in expand_paths(paths):  # the ingester's own file list and CSV reader
        try:
            waves.update(survey_file_waves(f, mapping))
        except (WaveScanError, OSError, ValueError, UnicodeError):
            continue  # the ingest itself reports an unreadable file, by name and reason
    return sorted(waves)


def _news_days(paths: list[str]) -> list[str]:
    from orchestration.partitions import file_day

    days: set[str] = set()
    for p in map(Path, paths):
        if "://" in str(p):
            continue
        files = [f for f in p.rglob("*") if f.is_file()] if p.is_dir() else [p]
        days.update(file_day(f) for f in files if f.exists())
    return sorted(days)


def partition_range(partitions_def, run_config: dict | None, resources: dict) -> tuple[str, str]:
    """The partition range a CLI run covers: the waves / days of its input files, else the current one."""
    import datetime as dt

    from orchestration.partitions import news_days, survey_waves, wave_of

    if partitions_def == survey_waves:
        paths = _paths_in(run_config, "bronze__survey_responses", "paths") or [str(resources["landing"].survey_dir())]
        mapping = ((run_config or {}).get("ops", {}).get("bronze__survey_responses", {}).get("config", {}) or {}).get(
            "mapping"
        )
        keys = [w for w in _survey_waves(paths, mapping) if survey_waves.has_partition_key(w)] or [
            wave_of(dt.date.today())
        ]
    elif partitions_def == news_days:
        paths = _paths_in(run_config, "bronze__news_articles", "sources") or [str(resources["landing"].news_dir())]
        keys = _news_days(paths) or [dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")]
    else:
        keys = list(partitions_def.get_partition_keys())[-1:]
    return keys[0], keys[-1]


def plan_runs(asset_graph, keys) -> list[tuple[Any, list]]:
    """Split asset keys into runs of one partitioning each, in dependency order (few runs)."""
    remaining = set(keys)
    runs: list[tuple[Any, list]] = []
    while remaining:
        ready = [k for k in remaining if not (asset_graph.get(k).parent_keys & remaining)]
        # unpartitioned first (reference data feeds the partitioned assets), then by name
        first = sorted(ready, key=lambda k: (asset_graph.get(k).partitions_def is not None, k.to_user_string()))[0]
        pdef = asset_graph.get(first).partitions_def
        chunk: list = []
        grew = True
        while grew:  # take every asset of this partitioning whose upstream is done or in the chunk
            grew = False
            for k in sorted(remaining - set(chunk), key=lambda k: k.to_user_string()):
                node = asset_graph.get(k)
                if node.partitions_def == pdef and not (node.parent_keys & (remaining - set(chunk))):
                    chunk.append(k)
                    grew = True
        runs.append((pdef, chunk))
        remaining -= set(chunk)
    return runs


def run_partition(
    keys: list,
    partition_key: str,
    run_config: Any = None,
    tags: dict[str, str] | None = None,
    defs=None,
    instance=None,
    resources: dict | None = None,
):
    """Materialize `keys` for one partition of the project's definitions (Dagster's own runner)."""
    import dagster as dg

    if defs is None:
        from orchestration.definitions import defs
    cfg = {"loggers": {"console": {"config": {"log_level": CONSOLE_LOG_LEVEL}}}, **_as_dict(run_config)}

    def _go(inst):
        result = dg.materialize(
            [*defs.assets, *(defs.asset_checks or [])],
            resources={**defs.resources, **(resources or {})},
            selection=keys,
            run_config=cfg,
            instance=inst,
            tags=tags,
            partition_key=partition_key,
            raise_on_error=False,
        )
        if not result.success:
            raise RunFailed(result)
        return result

    if instance is not None:
        return _go(instance)
    ensure_dagster_home()
    with dg.DagsterInstance.get() as inst:
        return _go(inst)


class RunResults(list):
    """The results of the runs of one `materialize` call, read like one result."""

    @property
    def success(self) -> bool:
        return all(r.success for r in self)

    def get_asset_materialization_events(self) -> list:
        return [e for r in self for e in r.get_asset_materialization_events()]

    def get_asset_check_evaluations(self) -> list:
        return [e for r in self for e in r.get_asset_check_evaluations()]


def _single_run(policy) -> bool:
    return policy is not None and policy.max_partitions_per_run is None


def materialize(
    selection: list[str] | str | None = None,
    run_config: Any = None,
    tags: dict[str, str] | None = None,
    defs=None,
    instance=None,
    resources: dict | None = None,
    progress: str | None = None,
):
    """Materialize assets (all, or a selection string / key paths) in-process; raise on failure.

    ``progress`` names the work for `orchestration.cli.progress` (a spinner on a terminal, JSON
    lines otherwise: one per run with its assets); None shows nothing (library use, tests).

    Partitioned assets with a single-run backfill policy run over the whole partition range of
    their inputs in one run; partitioned assets that take one partition at a time (the report)
    run for the latest partition of that range. Returns the results of all runs (`RunResults`:
    `success`, `get_asset_materialization_events()`).
    """
    import dagster as dg

    if defs is None:
        from orchestration.definitions import defs
    resources = {**defs.resources, **(resources or {})}  # a caller overrides some, the rest as deployed
    graph = defs.resolve_asset_graph()
    if selection is None:
        keys = set(graph.materializable_asset_keys)
    else:
        keys = dg.AssetSelection.from_coercible(selection).resolve(graph)
    assets = [*defs.assets, *(defs.asset_checks or [])]
    run_config = _as_dict(run_config)
    results = RunResults()
    all_ops = (run_config or {}).get("ops", {})

    def _one(inst, chunk: list, run_tags: dict, partition_key: str | None = None) -> None:
        if reporter is not None:
            reporter.advance(", ".join(k.to_user_string() for k in chunk), runs_done=len(results))
        chunk_ops = {"__".join(k.path) for k in chunk}
        cfg = {**run_config, "ops": {o: v for o, v in all_ops.items() if o in chunk_ops}} if all_ops else run_config
        # The console shows INFO and up (the run's full DEBUG event log stays in the Dagster UI).
        cfg = {"loggers": {"console": {"config": {"log_level": CONSOLE_LOG_LEVEL}}}, **(cfg or {})}
        result = dg.materialize(
            assets=assets,
            resources=resources,
            selection=chunk,
            run_config=cfg,
            instance=inst,
            tags=run_tags,
            partition_key=partition_key,
            raise_on_error=False,
        )
        results.append(result)
        if not result.success:
            raise RunFailed(result)

    def _run(inst) -> None:
        for pdef, chunk in plan_runs(graph, keys):
            if pdef is None:
                _one(inst, chunk, dict(tags or {}))
                continue
            start, end = partition_range(pdef, run_config, resources)
            ranged = [k for k in chunk if _single_run(graph.get(k).backfill_policy)]
            if ranged:
                _one(inst, ranged, {**(tags or {}), RANGE_START_TAG: start, RANGE_END_TAG: end})
            rest = [k for k in chunk if k not in ranged]
            if rest:
                _one(inst, rest, dict(tags or {}), partition_key=end)

    def _go() -> None:
        if instance is not None:
            _run(instance)
        else:
            ensure_dagster_home()
            with dg.DagsterInstance.get() as inst:
                _run(inst)

    reporter = None
    if progress is None:
        _go()
        return results
    from orchestration.cli import progress as progress_mod

    with progress_mod.task(progress) as task:
        reporter = task  # read by _one when each run starts
        _go()
    return results
