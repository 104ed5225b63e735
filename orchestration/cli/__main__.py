"""`python -m orchestration.cli` = `lakehouse` (for environments without the console script)."""

from orchestration.cli import main

main()
