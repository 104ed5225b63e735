"""`delta_io.same_rows`: a multiset comparison of two DataFrames (columns by name, doubles rounded),
which decides whether a partition run commits a new version."""

from __future__ import annotations

from lake import delta_io

SCHEMA = "wave string, share double, n long, tags array<string>"
ROWS = [
    ("2025-Q3", 0.25, 10, ["a"]),
    ("2025-Q3", 0.25, 10, ["a"]),
    ("2025-Q4", None, 3, None),
    ("2025-Q4", 0.0, 7, ["b", "c"]),
]


def test_same_rows_is_a_multiset_comparison(spark) -> None:
    def df(rows, schema=SCHEMA):
        return spark.createDataFrame(rows, schema)

    stored = df(ROWS)
    assert delta_io.same_rows(df(list(reversed(ROWS))), stored)  # order does not matter
    # columns by name, not position
    assert delta_io.same_rows(df(ROWS).select("n", "tags", "share", "wave"), stored)
    # doubles rounded (a sum in another order), and -0.0 equals 0.0
    nudged = [(w, s + 1e-12 if s else s, n, t) for w, s, n, t in ROWS]
    nudged[3] = ("2025-Q4", -0.0, 7, ["b", "c"])
    assert delta_io.same_rows(df(nudged), stored)
    # one value, one multiplicity, one row fewer, a null instead of a value: different
    changed = list(ROWS)
    changed[2] = ("2025-Q4", None, 4, None)
    assert not delta_io.same_rows(df(changed), stored)
    assert not delta_io.same_rows(df([ROWS[0], *ROWS[2:], ROWS[2]]), stored)
    assert not delta_io.same_rows(df(ROWS[1:]), stored)
    assert not delta_io.same_rows(df([*ROWS[:3], ("2025-Q4", None, 7, ["b", "c"])]), stored)
    # another schema is never the same
    assert not delta_io.same_rows(df([(w, s, n) for w, s, n, _ in ROWS], "wave string, share double, n long"), stored)
