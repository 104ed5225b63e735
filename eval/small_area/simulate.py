"""Print how the modelled district shares do against a known truth (docs/statistics.md records it).

``python -m eval.small_area.simulate [--seeds 4] [--waves 8]``: simulated waves with known district
shares and 0–70 respondents per district (`samples.small_area_simulation`), the pipeline's model
on each, RMSE of direct and modelled estimates against the truth and 95 % interval coverage, by
respondent band, over all districts and waves of all seeds.
"""

from __future__ import annotations

import argparse
import time

from samples.small_area_simulation import run


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=4)
    parser.add_argument("--waves", type=int, default=8)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    table, per_seed = run(range(1, args.seeds + 1), args.waves)
    print(f"{args.seeds} seeds x {args.waves} waves x 35 districts, {time.perf_counter() - start:.1f} s\n")
    print(table.to_markdown(index=False, floatfmt=".3f"))
    print()
    print(per_seed.to_markdown(index=False, floatfmt=".3f"))


if __name__ == "__main__":
    main()
