"""Derive `src/powerpact/data/derived/climate_years.csv`: per zone and calendar year 1980–2023,
a hydro energy index and a heating-degree-day (HDD) index.

Reads the multi-year pack kept outside the project (`../shared/data/see-climate/pypsa-eur/`,
byte copies of PyPSA/pypsa-eur files; see that folder's README) and writes only the two small
indices, never the source rows.

- `hydro_index`: annual hydro generation / its mean over the zone's usable EIA years (EIA
  "hydroelectricity net generation", CC0-1.0). Where EIA has no usable figure for the zone
  (RS before 2006, ME before 2006, XK before 2008, and the war years 1992–1995 of the
  ex-Yugoslav successor states, which reflect war damage rather than weather) the index is
  extended with the ERA5 runoff index (CC-BY-4.0): 1 + b·(runoff / mean runoff − 1), both
  means over the same EIA years, where b is the least-squares slope of the generation index
  on the runoff index over those years, clipped to [0, 1]. PyPSA-Eur extends EIA with the raw
  runoff ratio (b = 1); the fitted b is smaller because reservoirs and turbine capacity smooth
  generation (RS: generation CV 0.11 against runoff CV 0.24), so the raw ratio would overstate
  dry and wet years. Column `hydro_source` says which was used.
- `hdd_index`: ERA5 annual HDD / its 1980–2023 mean without 2022. The source's 2022 column is
  suspect in every zone (highest of the record although 2022 was mild), so 2022 is left empty.

Run: python scripts/derive_climate_years.py [path/to/see-climate]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "see-climate"
OUT = ROOT / "src" / "powerpact" / "data" / "derived" / "climate_years.csv"
YEARS = range(1980, 2024)
EIA_NAMES = {
    "RS": "Serbia",
    "XK": "Kosovo",
    "ME": "Montenegro",
    "BA": "Bosnia and Herzegovina",
    "HR": "Croatia",
    "SI": "Slovenia",
    "MK": "North Macedonia",
    "AL": "Albania",
    "GR": "Greece",
    "BG": "Bulgaria",
    "RO": "Romania",
    "HU": "Hungary",
    "AT": "Austria",
}
# Ex-Yugoslav successor states: their 1992–1995 generation reflects the wars, not weather.
WAR_YEARS = {"RS", "XK", "ME", "BA", "HR", "SI", "MK"}
SUSPECT_HDD_YEARS = (2022,)
HEADER = (
    "# Climate-year indices per zone, derived by scripts/derive_climate_years.py.\n"
    "# Sources (byte copies from GitHub PyPSA/pypsa-eur): EIA hydro generation,\n"
    "# commit 16ed084ecd04e481d67c24a2af284275ca47dde8 data/eia_hydro_annual_generation.csv\n"
    "# (CC0-1.0); ERA5 annual runoff and HDD per country (Fabian Neumann, Copernicus C3S),\n"
    "# commit 8f373b7d684d728b88bf612af261868638676f33 data/era5-annual-runoff-per-country.csv\n"
    "# and data/era5-annual-HDD-per-country.csv (CC-BY-4.0).\n"
    "# hydro_index: generation / mean of the zone's EIA years (hydro_source=eia), else\n"
    "# 1 + b*(runoff/mean - 1) with b fitted on the EIA years (hydro_source=era5-runoff).\n"
    "# hdd_index: HDD / 1980-2023 mean without 2022; 2022 left empty (suspect in the source).\n"
)


def read_eia(path: Path) -> pd.DataFrame:
    """EIA table as country name × year (TWh), `--` as missing."""
    frame = pd.read_csv(path, skiprows=2, header=0, encoding="utf-8-sig")
    frame = frame.rename(columns={frame.columns[1]: "country"}).iloc[1:]
    frame["country"] = frame["country"].str.strip()
    years = [c for c in frame.columns if str(c).isdigit()]
    values = frame.set_index("country")[years].replace("--", np.nan).astype(float)
    values.columns = values.columns.astype(int)
    return values


def read_era5(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, index_col="name")
    frame.columns = frame.columns.astype(int)
    return frame


def hydro_index(
    generation: pd.Series, runoff: pd.Series, zone: str
) -> tuple[pd.Series, pd.Series, float]:
    """Index per year, its source per year, and the runoff slope b used to extend it."""
    usable = generation.dropna()
    if zone in WAR_YEARS:
        usable = usable[(usable.index < 1992) | (usable.index > 1995)]
    base = list(usable.index)
    gen_index = usable / usable.mean()
    runoff_index = runoff / runoff[base].mean()
    x = runoff_index[base].to_numpy() - 1
    y = gen_index.to_numpy() - 1
    slope = float(np.clip((x @ y) / (x @ x), 0.0, 1.0))
    index = 1 + slope * (runoff_index[list(YEARS)] - 1)
    source = pd.Series("era5-runoff", index=index.index)
    index[base] = gen_index
    source[base] = "eia"
    return index, source, slope


def derive(source_dir: Path) -> pd.DataFrame:
    pack = source_dir / "pypsa-eur"
    eia = read_eia(pack / "eia_hydro_annual_generation.csv")
    runoff = read_era5(pack / "era5-annual-runoff-per-country.csv")
    hdd = read_era5(pack / "era5-annual-HDD-per-country.csv")
    rows = []
    for zone, name in EIA_NAMES.items():
        index, source, slope = hydro_index(eia.loc[name, list(YEARS)], runoff.loc[zone], zone)
        heating = hdd.loc[zone, list(YEARS)].astype(float)
        heating[list(SUSPECT_HDD_YEARS)] = np.nan
        heating_index = heating / heating.mean()
        for year in YEARS:
            rows.append(
                {
                    "zone": zone,
                    "year": year,
                    "hydro_index": round(float(index[year]), 4),
                    "hydro_source": source[year],
                    "runoff_slope": round(slope, 3),
                    "hdd_index": round(float(heating_index[year]), 4),
                }
            )
    return pd.DataFrame(rows)


def main() -> None:
    source_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    table = derive(source_dir)
    with OUT.open("w", newline="") as handle:
        handle.write(HEADER)
        table.to_csv(handle, index=False, lineterminator="\n")
    print(f"wrote {OUT} ({len(table)} rows)")


if __name__ == "__main__":
    main()
