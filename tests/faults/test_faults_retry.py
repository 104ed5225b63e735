"""`lake.delta_io.with_conflict_retry`: Delta's optimistic-concurrency conflicts are retried, any
other error is raised at once (a retry must never hide a real failure)."""

from __future__ import annotations

import pytest

from lake import delta_io

CONFLICTS = [
    "io.delta.exceptions.ConcurrentAppendException: Files were added to partition [wave=2025-Q3] by a concurrent update.",
    "[DELTA_CONCURRENT_DELETE_READ] ConcurrentDeleteReadException: This transaction attempted to read one or more files that were deleted",
    "ProtocolChangedException: The protocol version of the Delta table has been changed by a concurrent update. "
    "This happens when multiple writers are writing to an empty directory.",
    "MetadataChangedException: The metadata of the Delta table has been changed by a concurrent update.",
    "[DELTA_PATH_EXISTS] Cannot write to already existent path file:/lake/silver/x without setting OVERWRITE = 'true'.",
]


@pytest.mark.parametrize("message", CONFLICTS)
def test_conflicts_are_retried_until_the_write_succeeds(message: str) -> None:
    calls = []

    def write() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise RuntimeError(message)
        return "committed"

    assert delta_io.with_conflict_retry(write, attempts=5, base_delay=0.001) == "committed"
    assert len(calls) == 3


def test_other_errors_are_not_retried() -> None:
    calls = []

    def write() -> None:
        calls.append(1)
        raise RuntimeError("[PATH_NOT_FOUND] Path does not exist: file:/lake/bronze/x")

    with pytest.raises(RuntimeError, match="PATH_NOT_FOUND"):
        delta_io.with_conflict_retry(write, attempts=5, base_delay=0.001)
    assert len(calls) == 1


def test_a_conflict_that_persists_is_raised_after_the_last_attempt() -> None:
    calls = []

    def write() -> None:
        calls.append(1)
        raise RuntimeError(CONFLICTS[0])

    with pytest.raises(RuntimeError, match="ConcurrentAppendException"):
        delta_io.with_conflict_retry(write, attempts=3, base_delay=0.001)
    assert len(calls) == 3
