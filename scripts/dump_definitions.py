"""Print every asset, asset check, job, schedule, sensor and resource of the Dagster definitions.

A refactoring that should not change behaviour is checked by diffing this dump before and after
(`python scripts/dump_definitions.py > /tmp/before.txt`, change, dump again, `diff`). The dump is
sorted and free of object ids, so two dumps of the same definitions are identical.
"""

from __future__ import annotations

import json
import sys
import warnings
from typing import Any


def _jsonable(value: Any) -> Any:
    for attr in ("value", "data", "text"):
        if hasattr(value, attr) and type(value).__module__.startswith("dagster"):
            inner = getattr(value, attr)
            if attr == "value" and hasattr(inner, "columns"):  # TableSchema
                return [{"name": c.name, "type": c.type, "description": c.description} for c in inner.columns]
            try:
                json.dumps(inner, default=str)
                return inner
            except TypeError:
                return str(inner)
    return str(value)


def _config_fields(config_schema: Any) -> Any:
    if config_schema is None:
        return None
    config_type = getattr(config_schema, "config_type", None)
    if config_type is None:
        return None
    fields = getattr(config_type, "fields", None)
    if fields is None:
        return str(config_type.given_name or config_type.key)
    return {name: str(field.config_type.given_name or field.config_type.key) for name, field in sorted(fields.items())}


def dump() -> list[str]:
    warnings.simplefilter("ignore")
    import dagster as dg

    from orchestration.definitions import defs

    repo = defs.get_repository_def()
    graph = repo.asset_graph
    lines: list[str] = []
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        spec = {
            "deps": sorted(k.to_user_string() for k in node.parent_keys),
            "group": node.group_name,
            "partitions": str(node.partitions_def) if node.partitions_def else None,
            "backfill_policy": str(node.backfill_policy) if node.backfill_policy else None,
            "automation": str(node.automation_condition) if node.automation_condition else None,
            "owners": sorted(node.owners),
            "kinds": sorted(node.kinds),
            "tags": dict(sorted(node.tags.items())),
            "metadata": {k: _jsonable(v) for k, v in sorted(node.metadata.items())},
            "description": node.description,
            "checks": sorted(c.name for c in node.check_keys),
            "is_external": not node.is_materializable,
        }
        if node.is_materializable:
            assets_def = node.assets_def
            spec["op"] = assets_def.node_def.name
            spec["required_resources"] = sorted(assets_def.required_resource_keys)
            op_config = getattr(assets_def.node_def, "config_schema", None)
            spec["config"] = _config_fields(op_config)
        lines.append(f"asset {key.to_user_string()} {json.dumps(spec, sort_keys=True, default=str)}")
    for check_key in sorted(graph.asset_check_keys, key=lambda c: (c.asset_key.to_user_string(), c.name)):
        node = graph.get_check_spec(check_key) if hasattr(graph, "get_check_spec") else None
        desc = getattr(node, "description", None)
        blocking = getattr(node, "blocking", None)
        lines.append(
            f"check {check_key.asset_key.to_user_string()}:{check_key.name} "
            f"{json.dumps({'description': desc, 'blocking': blocking}, default=str)}"
        )
    for job in sorted(repo.get_all_jobs(), key=lambda j: j.name):
        selection = sorted(k.to_user_string() for k in job.asset_layer.executable_asset_keys) if job.asset_layer else []
        lines.append(
            f"job {job.name} "
            + json.dumps(
                {
                    "partitions": str(job.partitions_def) if job.partitions_def else None,
                    "assets": selection,
                    "tags": dict(sorted(job.tags.items())),
                    "description": job.description,
                },
                default=str,
            )
        )
    for sched in sorted(repo.schedule_defs, key=lambda s: s.name):
        lines.append(
            f"schedule {sched.name} "
            + json.dumps(
                {
                    "cron": sched.cron_schedule,
                    "timezone": sched.execution_timezone,
                    "job": sched.job_name,
                    "default_status": str(sched.default_status),
                    "description": sched.description,
                },
                default=str,
            )
        )
    for sensor in sorted(repo.sensor_defs, key=lambda s: s.name):
        targets = sorted(t.job_name for t in sensor.targets) if sensor.has_jobs else []
        monitored = getattr(sensor, "monitored_jobs", None) or []
        lines.append(
            f"sensor {sensor.name} "
            + json.dumps(
                {
                    "type": type(sensor).__name__,
                    "interval": sensor.minimum_interval_seconds,
                    "jobs": targets,
                    "monitored": sorted(str(getattr(j, "name", j)) for j in monitored),
                    "default_status": str(sensor.default_status),
                    "description": sensor.description,
                },
                default=str,
            )
        )
    for name, res in sorted(defs.resources.items()):
        lines.append(f"resource {name} {type(res).__name__}")
    del dg
    return lines


if __name__ == "__main__":
    sys.stdout.write("\n".join(dump()) + "\n")
