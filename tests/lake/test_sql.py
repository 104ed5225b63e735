"""lake.sql: quoting that DuckDB reads back as the original text."""

from __future__ import annotations

import duckdb

from lake import sql


def test_literals_and_identifiers_round_trip_through_duckdb():
    con = duckdb.connect()
    text = 'it\'s a "path"; DROP TABLE x; --'
    assert con.execute(f"SELECT {sql.literal(text)}").fetchone()[0] == text
    assert con.execute(f"SELECT 'it' IN ({sql.literal_list(['a', text, 'b'])}) AS x").fetchone()[0] is False
    assert con.execute(f"SELECT {sql.literal(text)} IN ({sql.literal_list(['a', text])})").fetchone()[0] is True
    name = 'we"ird col'
    df = con.execute(f"SELECT 1 AS {sql.identifier(name)}").df()
    assert list(df.columns) == [name]
