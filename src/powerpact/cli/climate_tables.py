"""Terminal tables of a Monte Carlo run over climate years (`powerpact adequacy`): each year,
then the spread across historical years, the worst years and the stress cases by area."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from rich.table import Table

from powerpact.adequacy.results import AdequacyResult, format_significant


def _value(value: float | None) -> str:
    return "–" if value is None else format_significant(value)


def _with_error(record: Mapping[str, Any], key: str) -> str:
    error = record.get(f"{key}_stderr")
    return _value(record[key]) + ("" if error is None else f" ± {format_significant(error, 2)}")


def climate_tables(result: AdequacyResult) -> Iterator[Table]:
    """The climate-year tables of `result` (system figures; zones when it has them)."""
    headline = result.headline()
    years = Table(title="By climate year (system)")
    for column in ("climate year", "samples", "LOLE (h)", "LOLD (days)", "EENS (MWh)"):
        years.add_column(column, justify="right")
    for label, record in headline["by_climate_year"].items():
        years.add_row(
            label,
            str(record["samples"]),
            *(_with_error(record, k) for k in ("lole_hours", "lold_days", "eens_mwh")),
        )
    yield years
    areas = {"system": headline["climate_year_spread"]} | headline.get(
        "zones_climate_year_spread", {}
    )
    spread = Table(title="Across historical climate years: LOLE (h) and EENS (MWh) of a year")
    spread.add_column("area")
    for key in ("LOLE", "EENS"):
        for name in ("min", "P50", "P90", "max"):
            spread.add_column(f"{key} {name}", justify="right")
    spread.add_column("worst years")
    for area, summary in areas.items():
        spread.add_row(
            area,
            *(
                _value(summary["spread"][key][name])
                for key in ("lole_hours", "eens_mwh")
                for name in ("min", "p50", "p90", "max")
            ),
            ", ".join(summary["worst_years"]) or "none lose load",
        )
    yield spread
    cases = sorted({case for summary in areas.values() for case in summary["stress_cases"]})
    if cases:
        stress = Table(title="Stress cases by area: LOLE (h) and EENS (MWh) ± stderr")
        stress.add_column("area")
        for case in cases:
            stress.add_column(f"{case} LOLE", justify="right")
            stress.add_column(f"{case} EENS", justify="right")
        for area, summary in areas.items():
            records = summary["stress_cases"]
            stress.add_row(
                area,
                *(
                    _with_error(records[case], key) if case in records else "–"
                    for case in cases
                    for key in ("lole_hours", "eens_mwh")
                ),
            )
        yield stress
