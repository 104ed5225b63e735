"""Benchmarks (`lakehouse bench`, BENCHMARKS.md).

The scale every BENCHMARKS.md figure uses lives here, once, so the CLI can show it as its
defaults without importing the bench sections (and their pandas/DuckDB) on start-up.
"""

INCREMENT_ROWS = 10_000  # rows of the late wave: survey increment, operator and engine ingests
DASHBOARD_REPEAT = 30  # runs of each dashboard query behind its p50/p95
