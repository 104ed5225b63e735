"""Render a `lakehouse bench` JSON file as the Markdown tables used in BENCHMARKS.md.

``python -m bench.markdown bench-results.json``
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _num(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def render(report: dict) -> str:
    m, v = report.get("machine", {}), report.get("versions", {})
    out = [
        f"Run: {report.get('date')}, scale {report['scale']['responses']:,} survey rows / "
        f"{report['scale']['articles']:,} articles.",
        f"Machine: {m.get('cpus')} cores, {m.get('memory_gib')} GiB ({m.get('platform')}); load average at start "
        f"{m.get('load_average_at_start')}, at end {m.get('load_average_at_end', 'n/a (run cut short)')}"
        + (
            f"; CPU busy before the run {m['cpu_busy_percent_at_start']} %, other JVMs {m['other_jvms_at_start']}"
            if "cpu_busy_percent_at_start" in m
            else ""
        )
        + f"{' - shared machine, loaded by other jobs' if m.get('shared_machine_loaded') else ''}.",
        "Versions: " + ", ".join(f"{k} {val}" for k, val in v.items()) + ".",
        "",
        "| Stage | Wall s | Rows | Rows/s | Peak RSS MiB (Python + JVM) |",
        "|---|---:|---:|---:|---:|",
    ]
    cold = report.get("spark_cold_start")
    if cold:
        out.append(
            f"| Spark cold start (session {cold['session_seconds']} s + first job {cold['first_job_seconds']} s) "
            f"| {_num(cold['seconds'])} | – | – | {_num(cold['peak_rss_mib'])} |"
        )
    survey = report.get("survey", {})
    for name, rec in survey.get("stages", {}).items():
        out.append(
            f"| survey {name} | {_num(rec.get('seconds'))} | {_num(rec.get('rows'))} | "
            f"{_num(rec.get('rows_per_s'))} | {_num(rec.get('peak_rss_mib'))} |"
        )
    if survey:
        out.append(
            f"| **survey CSV → all gold (end to end)** | **{_num(survey.get('end_to_end_seconds'))}** | "
            f"{_num(survey.get('responses'))} | {_num(survey.get('end_to_end_rows_per_s'))} | "
            f"{_num(survey.get('peak_rss_mib'))} |"
        )
        out.append(
            f"| **incremental wave (bronze + MERGE + gold)** | **{_num(survey.get('increment_seconds'))}** | "
            f"{_num(survey.get('increment_rows'))} | – | – |"
        )
    news = report.get("news")
    if news:
        out.append(
            f"| news generate + extract + Delta (total) | {_num(news.get('seconds'))} | {_num(news.get('rows'))} | "
            f"{_num(news.get('rows_per_s'))} | {_num(news.get('peak_rss_mib'))} |"
        )
        for key in ("extract_s", "extract_to_delta_s"):
            if key in news:
                out.append(
                    f"| news {key.removesuffix('_s')} | {_num(news[key])} | {_num(news.get('articles'))} | "
                    f"{_num(news.get(key.removesuffix('_s') + '_articles_per_s'))} | – |"
                )
    comp = report.get("comparison", {}).get("spark_vs_duckdb")
    if comp:
        out += [
            "",
            "Same aggregation (weighted AI share by wave × Land over silver/survey_responses, "
            f"{_num(comp['rows_scanned'])} rows, warm, median of {comp['repeat']}):",
            "",
            "| Engine | Seconds |",
            "|---|---:|",
            f"| Spark on the Delta table | {_num(comp['spark_seconds_median'], 3)} |",
            f"| DuckDB delta_scan on the same files | {_num(comp['duckdb_seconds_median'], 3)} |",
            f"| ratio Spark / DuckDB | {_num(comp['spark_over_duckdb'], 1)}× (results agree: {comp['results_agree']}) |",
        ]
    op = report.get("operator")
    if op:
        d = op.get("dagster", {})
        out += [
            "",
            f"Operator path: `lakehouse survey ingest` of a {_num(op['rows'])}-row file for {op['wave']} in a "
            "fresh process (Dagster loads, Spark starts cold, bronze → silver → gold and the asset checks "
            f"of those tables), on a copy of the bench lake: **{_num(op['wall_seconds'])} s** wall, Dagster run "
            f"{_num(d.get('run_seconds'))} s, peak {_num(op['peak_rss_mib'])} MiB.",
            "",
            "| Dagster step | Seconds |",
            "|---|---:|",
        ]
        out += [f"| {step} | {_num(sec)} |" for step, sec in d.get("asset_steps", {}).items()]
        out.append(f"| {d.get('check_steps', 0)} asset checks (together) | {_num(d.get('check_seconds_total'))} |")
    dash = report.get("dashboard", {})
    if dash.get("queries"):
        out += [
            "",
            f"Dashboard queries ({dash.get('source')}):",
            "",
            "| Query | Rows | p50 ms | p95 ms |",
            "|---|---:|---:|---:|",
        ]
        for name, rec in dash["queries"].items():
            out.append(f"| {name} | {_num(rec.get('rows'))} | {_num(rec['p50_ms'], 1)} | {_num(rec['p95_ms'], 1)} |")
    prof = report.get("profile", {})
    if prof.get("slowest_stages"):
        out += [
            "",
            f"Slowest Spark stages (event log, {prof['spark_stages']} stages, "
            f"{_num(prof['stage_seconds_total'])} s of stage time):",
            "",
            "| Spark stage (call site) | Count | Seconds | Share |",
            "|---|---:|---:|---:|",
        ]
        for s in prof["slowest_stages"]:
            out.append(f"| `{s['stage']}` | {s['count']} | {_num(s['seconds'])} | {s['share_of_stage_time']:.0%} |")
    if "targets_met" in report:
        out += ["", f"Targets met: {report['targets_met']}"]
    return "\n".join(out)


if __name__ == "__main__":
    print(render(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))))
