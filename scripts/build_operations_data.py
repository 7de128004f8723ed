"""Write src/powerpact/data/derived/operations.csv from scripts/operations/figures.csv.

The figures behind operating reserves, planned maintenance and heat-led CHP (sources, years and
licences stay in figures.csv; UNSOURCED figures are marked there and in the output's `sourced`
column). Run from the repository root: `python scripts/build_operations_data.py`; the output is
byte-identical on every run.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ROOT / "scripts" / "operations" / "figures.csv"
OUT = ROOT / "src" / "powerpact" / "data" / "derived" / "operations.csv"


def build() -> pd.DataFrame:
    figures = pd.read_csv(FIGURES, dtype=str, keep_default_na=False)
    return pd.DataFrame(
        {
            "item": figures["item"],
            "value": figures["value"],
            "unit": figures["unit"],
            "sourced": (figures["source"] != "UNSOURCED").map({True: "yes", False: "UNSOURCED"}),
        }
    )


def main() -> None:
    build().to_csv(OUT, index=False, lineterminator="\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
