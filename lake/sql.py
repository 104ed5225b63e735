"""Quoting of values and names in SQL text (DuckDB and Spark SQL share these rules).

Table paths, wave keys and column names end up inside SQL strings (`delta_scan('...')`, MERGE
conditions, `replaceWhere`); quoting them in one place keeps a quote in a path from breaking or
changing a statement.
"""

from __future__ import annotations

from collections.abc import Iterable


def literal(text: str) -> str:
    """A string literal: `it's` -> `'it''s'`."""
    return "'" + str(text).replace("'", "''") + "'"


def literal_list(values: Iterable[str]) -> str:
    """A comma-separated list of string literals, for `IN (...)`."""
    return ", ".join(literal(v) for v in values)


def identifier(name: str) -> str:
    """A quoted identifier (DuckDB, ANSI): `a"b` -> `"a""b"`."""
    return '"' + str(name).replace('"', '""') + '"'
