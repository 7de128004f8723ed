"""Build the embedded default system ``src/powerpact/data/serbia-2025`` and its scenarios.

Inputs: the small derived tables in ``src/powerpact/data/derived`` (written by
``scripts/derive_serbia_data.py``) and the published figures in
``scripts/serbia_default/figures.csv``, each tied to a source in
``scripts/serbia_default/sources.csv``. Hourly and daily series are synthesised with
``scripts/serbia_default/synthesis.py`` from a fixed seed, so the folder is reproducible byte for
byte.

Every number written to the folder is listed in its ``sources.csv`` with the source and the year
it refers to; numbers that are assumptions say so and why. See ``docs/default-data.md``.

Run:  python scripts/build_serbia_default.py [--seed 2025]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from serbia_default.build import build
from serbia_default.common import OUT, SEED
from serbia_default.synthesis import summarise


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    print(summarise(build(args.out, args.seed)))


if __name__ == "__main__":
    main()
