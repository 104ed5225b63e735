"""Where test data live, independent of where a test file sits in tests/."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
REPO_ROOT = TESTS.parent
BADINPUT = TESTS / "badinput"
SAMPLES = REPO_ROOT / "samples"
NEWS_SAMPLES = SAMPLES / "news"

# The shared reference data sit beside the checkout (/work/shared beside /work/main, or a copy
# beside the clone in CI): the first ancestor with shared/data, so git worktrees find them too.
SHARED_DATA = next(
    (p / "shared" / "data" for p in REPO_ROOT.parents if (p / "shared" / "data").is_dir()),
    REPO_ROOT.parent / "shared" / "data",
)
