"""Derive small shape factors for the embedded Serbia default from public hourly series.

Reads the public series in ``../shared/data`` (relative to the repository root; override with
``--data``) and writes small derived tables to ``src/powerpact/data/derived/``. Hourly series are
never copied into the project: only aggregates (monthly means, month x hour shapes, quantiles,
AR(1) parameters, outage statistics) are written, each with its provenance in
``derived/README.md``.

Sources (see derived/README.md for commits and licences):
- Dispa-SET Balkans, Serbia inputs (EUPL 1.1): LRT_2010 (load), AF_2015 (run-of-river
  availability), SI_2015 (reservoir inflows), OF_2015 (thermal outages), PP_2015 (plant list).
- JRC Dispa-SET EU database 2016 (EUPL 1.2): solar PV (Serbia) and onshore wind (Romania, standing
  in for Serbia) hourly capacity factors.

Run:  python scripts/derive_serbia_data.py
"""

from __future__ import annotations

import argparse
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd
from serbia_default.fleet import LIGNITE_UNITS, STEAM_CHPS

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
OUT = REPO / "src" / "powerpact" / "data" / "derived"
# Commitment figures of the Niš options (absent from the 2015 plant list), each with its source.
NIS_COMMITMENT = REPO / "scripts" / "operations" / "nis_commitment.csv"

BALKANS = "dispaset-balkans-rs"
EU2016 = "dispaset-eu-2016"
QUANTILES = np.linspace(0.0, 1.0, 101)

# Run-of-river plants of AF_2015 grouped into the profiles shipped with the default. The small
# Southern-Morava plants share one AF column pattern in the source, so they are averaged.
ROR_GROUPS: dict[str, list[str]] = {
    "djerdap1": ["HE Derdap 1"],
    "djerdap2": ["HE Derdap 2"],
    "drina": ["HE Zvornik", "HE Bajina Basta G4"],
    "lim": ["HE Potpec"],
    "small": [
        "HE Medjuvrsje",
        "HE Ovcar Banja",
        "HE Seljasnica",
        "HE Sicevo",
        "HE Sokolovica",
        "HE Vlasontice",
        "HE Ostrovica",
    ],
}


def _read_series(path: Path, header: bool) -> pd.DataFrame:
    """Read a Dispa-SET hourly file and drop the leading hour of the previous year."""
    if header:
        df = pd.read_csv(path, index_col=0)
    else:
        df = pd.read_csv(path, header=None, index_col=0)
    df.index = pd.to_datetime(df.index, utc=True)
    year = df.index[len(df) // 2].year
    return df[df.index.year == year]


def _ar1(x: np.ndarray) -> tuple[float, float]:
    """Lag-1 autocorrelation and innovation standard deviation of a series."""
    x = np.asarray(x, dtype=float)
    x = x - x.mean()
    denom = float(np.dot(x[:-1], x[:-1]))
    phi = float(np.dot(x[1:], x[:-1]) / denom) if denom > 0 else 0.0
    phi = min(max(phi, 0.0), 0.995)
    innov = x[1:] - phi * x[:-1]
    return phi, float(innov.std())


def _normal_scores(x: pd.Series) -> pd.Series:
    """Rank-based normal scores (van der Waerden), ties broken by order."""
    ranks = x.rank(method="first").to_numpy()
    u = ranks / (len(x) + 1.0)
    nd = NormalDist()
    return pd.Series([nd.inv_cdf(float(v)) for v in u], index=x.index)


def derive_demand(data: Path) -> dict[str, pd.DataFrame]:
    load = _read_series(data / BALKANS / "LRT_2010.csv", header=False).iloc[:, 0]
    ts = load.index
    month = ts.month
    weekend = np.where(ts.day_of_week >= 5, "weekend", "weekday")
    annual_mean = load.mean()
    monthly_mean = load.groupby(month).mean()
    monthly = pd.DataFrame(
        {
            "month": monthly_mean.index,
            "mean_load_ratio": (monthly_mean / annual_mean).round(5).to_numpy(),
        }
    )
    rel = load / monthly_mean.reindex(month).to_numpy()
    frame = pd.DataFrame(
        {"rel": rel.to_numpy(), "month": month, "daytype": weekend, "hour": ts.hour}
    )
    shape = frame.groupby(["month", "daytype", "hour"])["rel"].mean().rename("factor")
    shape = shape.round(5).reset_index()
    # Residual around the deterministic shape: weather, holidays and everything else.
    idx = pd.MultiIndex.from_arrays([frame["month"], frame["daytype"], frame["hour"]])
    expected = shape.set_index(["month", "daytype", "hour"])["factor"].reindex(idx).to_numpy()
    resid = frame["rel"].to_numpy() / expected - 1.0
    rows = []
    for m in range(1, 13):
        r = resid[frame["month"].to_numpy() == m]
        phi, sd = _ar1(r)
        rows.append(
            {
                "month": m,
                "phi": round(phi, 5),
                "innovation_sd": round(sd, 5),
                "residual_sd": round(float(r.std()), 5),
            }
        )
    daily = load.resample("D").sum()
    stats = pd.DataFrame(
        {
            "item": [
                "annual_energy_mwh",
                "annual_mean_mw",
                "peak_mw",
                "min_mw",
                "max_day_mwh",
                "max_day_over_mean_day",
            ],
            "value": [
                round(float(load.sum())),
                round(float(annual_mean), 1),
                round(float(load.max()), 1),
                round(float(load.min()), 1),
                round(float(daily.max())),
                round(float(daily.max() / daily.mean()), 4),
            ],
        }
    )
    return {
        "demand_monthly.csv": monthly,
        "demand_shape.csv": shape,
        "demand_residual.csv": pd.DataFrame(rows),
        "demand_2010_stats.csv": stats,
    }


def derive_wind_solar(data: Path) -> dict[str, pd.DataFrame]:
    df = pd.read_csv(data / EU2016 / "wind_solar_cf_2016.csv")
    df["timestamp"] = pd.to_datetime(df["timestamp"], utc=True)
    df = df[~((df["timestamp"].dt.month == 2) & (df["timestamp"].dt.day == 29))]
    df = df.set_index("timestamp")
    month = df.index.month
    hour = df.index.hour

    wind = df["wind_onshore_cf"]
    quant_rows = []
    ar_rows = []
    diurnal_rows = []
    for m in range(1, 13):
        w = wind[month == m]
        qs = np.quantile(w.to_numpy(), QUANTILES)
        quant_rows += [
            {"month": m, "q": round(float(q), 2), "cf": round(float(v), 5)}
            for q, v in zip(QUANTILES, qs, strict=True)
        ]
        z = _normal_scores(w)
        mu = z.groupby(z.index.hour).mean()
        e = z.to_numpy() - mu.reindex(z.index.hour).to_numpy()
        phi, sd = _ar1(e)
        ar_rows.append(
            {
                "month": m,
                "phi": round(phi, 5),
                "innovation_sd": round(sd, 5),
                "residual_sd": round(float(e.std()), 5),
                "mean_cf": round(float(w.mean()), 5),
                "share_below_0p05": round(float((w < 0.05).mean()), 4),
            }
        )
        diurnal_rows += [
            {"month": m, "hour": int(h), "mean_score": round(float(v), 5)} for h, v in mu.items()
        ]

    solar = df["solar_pv_cf"]
    solar_shape = solar.groupby([month, hour]).mean().rename("mean_cf").round(5)
    solar_shape.index.names = ["month", "hour"]
    daily = solar.resample("D").sum()
    daily_rows = []
    for m in range(1, 13):
        d = daily[daily.index.month == m]
        ratio = d / d.mean()
        phi, sd = _ar1(ratio.to_numpy())
        qs = np.quantile(ratio.to_numpy(), np.linspace(0, 1, 21))
        row = {"month": m, "phi": round(phi, 5), "innovation_sd": round(sd, 5)}
        row.update(
            {
                f"q{round(float(q) * 100):03d}": round(float(v), 4)
                for q, v in zip(np.linspace(0, 1, 21), qs, strict=True)
            }
        )
        daily_rows.append(row)
    stats = pd.DataFrame(
        {
            "item": ["wind_mean_cf", "solar_mean_cf"],
            "value": [round(float(wind.mean()), 5), round(float(solar.mean()), 5)],
        }
    )
    return {
        "wind_quantiles.csv": pd.DataFrame(quant_rows),
        "wind_ar1.csv": pd.DataFrame(ar_rows),
        "wind_diurnal.csv": pd.DataFrame(diurnal_rows),
        "solar_shape.csv": solar_shape.reset_index(),
        "solar_daily.csv": pd.DataFrame(daily_rows),
        "wind_solar_stats.csv": stats,
    }


def derive_hydro(data: Path) -> dict[str, pd.DataFrame]:
    af = _read_series(data / BALKANS / "AF_2015.csv", header=True)
    si = _read_series(data / BALKANS / "SI_2015.csv", header=True)
    pp = pd.read_csv(data / BALKANS / "PP_2015.csv", index_col=0)
    cap = pp.set_index("Unit")["PowerCapacity"]

    ror_rows = []
    daily_rows = []
    for group, plants in ROR_GROUPS.items():
        weights = cap.reindex(plants).to_numpy()
        series = (af[plants] * weights).sum(axis=1) / weights.sum()
        monthly = series.groupby(series.index.month).mean()
        for m, v in monthly.items():
            ror_rows.append({"profile": group, "month": int(m), "mean_af": round(float(v), 5)})
        daily = series.resample("D").mean()
        ratio = daily / daily.groupby(daily.index.month).transform("mean")
        phi, sd = _ar1(np.log(ratio.clip(lower=0.05)).to_numpy())
        daily_rows.append(
            {
                "profile": group,
                "phi": round(phi, 5),
                "innovation_sd": round(sd, 5),
                "annual_mean_af": round(float(series.mean()), 5),
                "capacity_2015_mw": round(float(weights.sum()), 2),
            }
        )

    inflow_rows = []
    for plant in si.columns:
        s = si[plant]
        monthly = s.groupby(s.index.month).sum()
        share = monthly / monthly.sum()
        for m, v in share.items():
            inflow_rows.append({"plant": plant, "month": int(m), "share": round(float(v), 5)})
    return {
        "ror_monthly.csv": pd.DataFrame(ror_rows),
        "ror_daily.csv": pd.DataFrame(daily_rows),
        "hydro_inflow_shares.csv": pd.DataFrame(inflow_rows),
    }


def derive_outages(data: Path) -> dict[str, pd.DataFrame]:
    of = _read_series(data / BALKANS / "OF_2015.csv", header=True)
    pp = pd.read_csv(data / BALKANS / "PP_2015.csv", index_col=0).set_index("Unit")
    winter = of.index.month.isin([10, 11, 12, 1, 2, 3])
    rows = []
    for plant in of.columns:
        s = of[plant]
        level = s.round(4)
        changes = level.diff().fillna(0) != 0
        spell_id = changes.cumsum()
        spells = level.groupby(spell_id).agg(["first", "size"])
        out_spells = spells[spells["first"] > 0]
        rows.append(
            {
                "plant": plant,
                "capacity_2015_mw": float(pp.loc[plant, "PowerCapacity"]),
                "mean_unavailability": round(float(s.mean()), 5),
                "oct_mar_unavailability": round(float(s[winter].mean()), 5),
                "apr_sep_unavailability": round(float(s[~winter].mean()), 5),
                "outage_spells": len(out_spells),
                "mean_spell_h": round(float(out_spells["size"].mean()), 1)
                if len(out_spells)
                else 0.0,
                "part_load_min_2015": float(pp.loc[plant, "PartLoadMin"]),
                "efficiency_2015": float(pp.loc[plant, "Efficiency"]),
                "co2_t_per_mwh_e_2015": float(pp.loc[plant, "CO2Intensity"]),
            }
        )
    plants = pp.reset_index()[
        [
            "Unit",
            "PowerCapacity",
            "Technology",
            "Fuel",
            "Efficiency",
            "PartLoadMin",
            "STOCapacity",
            "STOMaxChargingPower",
            "STOChargingEfficiency",
        ]
    ]
    plants = plants.rename(columns={"Unit": "plant"})
    return {"thermal_outages.csv": pd.DataFrame(rows), "pp_2015_plants.csv": plants}


# Serbia-2025 generator rows and the PP_2015 plant whose commitment data they take. Pančevo's CCGT
# (2021) is not in the 2015 list: it takes TETO Novi Sad's combined-cycle (COMC) data, an
# assumption. The lignite and steam-CHP mappings are the fleet build's own.
COMMITMENT_PLANTS: list[tuple[str, str]] = [
    *LIGNITE_UNITS,
    ("pancevo-ccgt", "TETO Novi Sad"),
    *STEAM_CHPS,
]


def derive_commitment(data: Path) -> dict[str, pd.DataFrame]:
    """Start-up cost, minimum up and down times, hourly ramp rates and minimum load per thermal
    generator of the default, from PP_2015 (Dispa-SET units: ramps are fractions of capacity per
    minute, start-up costs EUR per start of the whole plant)."""
    pp = pd.read_csv(data / BALKANS / "PP_2015.csv", index_col=0).set_index("Unit")
    rows = []
    for generator, plant in COMMITMENT_PLANTS:
        row = pp.loc[plant]
        rows.append(
            {
                "generator": generator,
                "plant_2015": plant,
                "start_cost_eur_per_mw": round(
                    float(row["StartUpCost"]) / float(row["PowerCapacity"]), 2
                ),
                "min_up_h": float(row["MinUpTime"]),
                "min_down_h": float(row["MinDownTime"]),
                "ramp_up_fraction_per_h": round(float(row["RampUpRate"]) * 60, 4),
                "ramp_down_fraction_per_h": round(float(row["RampDownRate"]) * 60, 4),
                "part_load_min_2015": float(row["PartLoadMin"]),
            }
        )
    return {"commitment.csv": pd.DataFrame(rows + nis_commitment_rows())}


def nis_commitment_rows() -> list[dict[str, object]]:
    """The commitment rows of the Niš options from NIS_COMMITMENT (PyPSA-Eur's per-technology
    table), in commitment.csv's columns: its p_min_pu stands in the minimum-load column."""
    figures = pd.read_csv(NIS_COMMITMENT)
    rows = []
    for generator, group in figures.groupby("generator", sort=False):
        value = group.set_index("attribute")["value"].astype(float)
        rows.append(
            {
                "generator": generator,
                "plant_2015": f"PyPSA-Eur {group['technology'].iloc[0]}",
                "start_cost_eur_per_mw": value["start_up_cost"],
                "min_up_h": value["min_up_time"],
                "min_down_h": value["min_down_time"],
                "ramp_up_fraction_per_h": value["ramp_limit_up"],
                "ramp_down_fraction_per_h": value["ramp_limit_down"],
                "part_load_min_2015": value["p_min_pu"],
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    tables: dict[str, pd.DataFrame] = {}
    for fn in (derive_demand, derive_wind_solar, derive_hydro, derive_outages, derive_commitment):
        tables.update(fn(args.data))
    for name, table in tables.items():
        table.to_csv(args.out / name, index=False, lineterminator="\n")
        print(f"wrote {args.out / name} ({len(table)} rows)")


if __name__ == "__main__":
    main()
