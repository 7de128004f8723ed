"""Column specifications of the component tables, and parsing of rows into typed frames.

Rows arrive as text (from a CSV file or a scenario's YAML) with an `_origin` label naming where
each row came from, so that every error points at the file, row and field at fault.
"""

from __future__ import annotations

import difflib
import math
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from powerpact.system.errors import InputError
from powerpact.system.settings import MAX_PRICE

ORIGIN = "_origin"


def edit_origin(column: str) -> str:
    """Column holding, for rows a scenario edited, where the value of `column` was set."""
    return f"{ORIGIN}:{column}"


def is_origin(column: str) -> bool:
    return column.startswith(ORIGIN)


def origin_of(row: pd.Series | Mapping[str, Any], *fields: str) -> str:
    """The place that set the first of `fields` a scenario edited, else the row's own place."""
    for name in fields:
        edited = row.get(edit_origin(name))
        if isinstance(edited, str) and edited:
            return edited
    return str(row[ORIGIN])


@dataclass(frozen=True)
class Column:
    kind: Literal["text", "number", "integer"] = "number"
    required: bool = False
    default: float | int | str | None = None
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    choices: tuple[str, ...] | None = None
    # Shown when a value is above `high`: for upper bounds that catch unit mistakes.
    too_high_hint: str = ""

    def describe_range(self) -> str:
        parts = []
        if self.low is not None:
            parts.append(f"{'>' if self.low_open else '>='} {self.low:g}")
        if self.high is not None:
            parts.append(f"{'<' if self.high_open else '<='} {self.high:g}")
        return " and ".join(parts)


@dataclass(frozen=True)
class Table:
    file: str
    key: str
    columns: dict[str, Column]


def _text(required: bool = False, default: str | None = None, **kw: Any) -> Column:
    return Column(kind="text", required=required, default=default, **kw)


_DAILY_GAS_HINT = (
    "mcm/day is million m³ per day; 500 is above any single European entry point, so this "
    "looks like mcm/yr or m³/day"
)
_RATE = Column(default=0.0, low=0.0, high=1.0, high_open=True)
_FRACTION: dict[str, Any] = dict(low=0.0, high=1.0)
_NONNEGATIVE: dict[str, Any] = dict(low=0.0)

# Upper bounds that catch unit mistakes and overflows, far above any real value (the reasons are
# in docs/input-format.md, "Plausibility bounds").
MAX_POWER_MW = 1_000_000.0
_POWER: dict[str, Any] = dict(
    low=0.0,
    high=MAX_POWER_MW,
    too_high_hint="1 000 000 MW (1 TW) is more than any country's whole fleet; this looks like "
    "W or kW instead of MW",
)
_ENERGY: dict[str, Any] = dict(
    low=0.0,
    high=1e9,
    too_high_hint="1e9 MWh (1 000 TWh) is more than Europe's yearly hydro output; this looks "
    "like kWh or Wh instead of MWh",
)
_COST: dict[str, Any] = dict(
    high=MAX_PRICE,
    too_high_hint="100 000 EUR/MWh is ten times the highest price cap in Europe; check the unit",
)
MAX_UNITS = 1000
# Hours: 10 years for a repair, 10 000 years between failures.
# A ramp limit as a fraction of capacity per hour; above 60 (a full swing each minute) it is a
# unit mistake, e.g. MW/min written where a fraction was meant.
_RAMP: dict[str, Any] = dict(low=0.0, low_open=True, high=60.0)
_MTTR: dict[str, Any] = dict(low=0.0, low_open=True, high=87_600.0)
_MTTF: dict[str, Any] = dict(low=0.0, low_open=True, high=87_600_000.0)

TABLES: dict[str, Table] = {
    "generators": Table(
        "generators.csv",
        "name",
        {
            "name": _text(required=True),
            "zone": _text(required=True),
            "technology": _text(required=True),
            "capacity_mw": Column(required=True, **_POWER),
            # Units are drawn one by one in Monte Carlo: a wind farm is one row of 1 unit, not
            # one unit per turbine.
            "units": Column(
                kind="integer",
                default=1,
                low=1,
                high=MAX_UNITS,
                too_high_hint="outages are drawn per unit; model many small units as one row "
                "with a lower forced_outage_rate",
            ),
            "fuel": _text(default=""),
            "efficiency": Column(low=0.0, low_open=True, high=1.0),
            "variable_om_eur_per_mwh": Column(default=0.0, **_NONNEGATIVE, **_COST),
            # May be negative (subsidised output), but not below any market's price floor.
            "marginal_cost_eur_per_mwh": Column(low=-MAX_PRICE, **_COST),
            # No default: whether it was given decides how it combines with mttf_h and mttr_h.
            "forced_outage_rate": Column(low=0.0, high=1.0, high_open=True),
            "mttf_h": Column(**_MTTF),
            "mttr_h": Column(**_MTTR),
            "min_stable_mw": Column(default=0.0, **_POWER),
            "profile": _text(default=""),
            # Hourly minimum output as a fraction of capacity, a profiles.csv column: a
            # heat-led CHP's electric output its heat demand forces (system/heat.py).
            "min_profile": _text(default=""),
            # Unit commitment (used only when dispatch runs with commitment on). No default:
            # a unit is committable exactly when its minimum stable fraction is given.
            "min_stable_fraction": Column(**_FRACTION),
            "start_cost_eur_per_mw": Column(default=0.0, **_NONNEGATIVE),
            "min_up_h": Column(default=1.0, **_NONNEGATIVE),
            "min_down_h": Column(default=1.0, **_NONNEGATIVE),
            "ramp_up_fraction_per_h": Column(default=1.0, **_RAMP),
            "ramp_down_fraction_per_h": Column(default=1.0, **_RAMP),
        },
    ),
    "storage": Table(
        "storage.csv",
        "name",
        {
            "name": _text(required=True),
            "zone": _text(required=True),
            "power_mw": Column(required=True, **_POWER),
            "energy_mwh": Column(required=True, **_ENERGY),
            "charge_power_mw": Column(**_POWER),
            "round_trip_efficiency": Column(default=0.75, low=0.0, low_open=True, high=1.0),
            "initial_soc_fraction": Column(default=0.5, **_FRACTION),
            "technology": _text(default="pumped_hydro"),
            "forced_outage_rate": _RATE,
            "mttr_h": Column(default=50.0, **_MTTR),
        },
    ),
    "interconnectors": Table(
        "interconnectors.csv",
        "name",
        {
            "name": _text(required=True),
            "from_zone": _text(required=True),
            "to_zone": _text(required=True),
            "capacity_mw": Column(required=True, **_POWER),
            "capacity_reverse_mw": Column(**_POWER),
            "hurdle_cost_eur_per_mwh": Column(default=0.0, **_NONNEGATIVE, **_COST),
            "forced_outage_rate": _RATE,
            "mttr_h": Column(default=50.0, **_MTTR),
        },
    ),
    "hydro_inflows": Table(
        "hydro_inflows.csv",
        "",
        {
            "generator": _text(required=True),
            "month": Column(kind="integer", required=True, low=1, high=12),
            "energy_mwh": Column(required=True, **_ENERGY),
        },
    ),
    "gas_entries": Table(
        "gas_entries.csv",
        "name",
        {
            "name": _text(required=True),
            "zone": _text(required=True),
            "kind": _text(default="pipeline", choices=("pipeline", "production", "lng")),
            # 500 mcm/day is far above any single entry point in Europe: larger values are
            # almost always a unit mistake (mcm/yr or m3/day).
            "capacity_mcm_per_day": Column(
                required=True, low=0.0, high=500.0, too_high_hint=_DAILY_GAS_HINT
            ),
            "supplier": _text(default=""),
            "outage_rate_per_year": Column(default=0.0, low=0.0, high=365.0),
            "outage_duration_days": Column(default=30.0, low=0.0, low_open=True, high=365.0),
        },
    ),
    "gas_contracts": Table(
        "gas_contracts.csv",
        "name",
        {
            "name": _text(required=True),
            "supplier": _text(required=True),
            "entry": _text(required=True),
            "annual_max_mcm": Column(required=True, low=0.0, high=200_000.0),
            "annual_min_mcm": Column(default=0.0, low=0.0, high=200_000.0),
            "price_eur_per_mwh_th": Column(**_NONNEGATIVE, **_COST),
        },
    ),
    "gas_storage": Table(
        "gas_storage.csv",
        "name",
        {
            "name": _text(required=True),
            "zone": _text(required=True),
            "working_volume_mcm": Column(
                required=True,
                low=0.0,
                high=100_000.0,
                too_high_hint="mcm is million m³; 100 000 mcm is several times the largest "
                "storage site in Europe, so this looks like m³",
            ),
            "withdrawal_mcm_per_day": Column(
                required=True, low=0.0, high=500.0, too_high_hint=_DAILY_GAS_HINT
            ),
            "injection_mcm_per_day": Column(low=0.0, high=500.0, too_high_hint=_DAILY_GAS_HINT),
            "initial_fill_fraction": Column(default=0.5, **_FRACTION),
        },
    ),
    # The optional gas network (docs/input-format.md, "Gas network"): without these two files
    # the gas engine treats each zone as one node fed by its gas_entries.csv rows.
    "gas_nodes": Table(
        "gas_nodes.csv",
        "node",
        {
            "node": _text(required=True),
            "country": _text(required=True),
            "kind": _text(required=True, choices=("source", "transit", "demand", "edge")),
            # The system zone this node stands for: its demand, production and storage come from
            # gas_demand.csv, gas_entries.csv and gas_storage.csv. Empty for foreign nodes.
            "zone": _text(default=""),
            "supply_mcm_per_day": Column(
                default=0.0, low=0.0, high=500.0, too_high_hint=_DAILY_GAS_HINT
            ),
            "supply_kind": _text(default="pipeline", choices=("pipeline", "production", "lng")),
            "supplier": _text(default=""),
            "demand_mcm_per_day": Column(
                default=0.0, low=0.0, high=500.0, too_high_hint=_DAILY_GAS_HINT
            ),
            "demand_supplier": _text(default=""),
            "protected_share": Column(default=0.0, **_FRACTION),
            "storage_mcm": Column(default=0.0, low=0.0, high=100_000.0),
            "storage_withdrawal_mcm_per_day": Column(
                default=0.0, low=0.0, high=500.0, too_high_hint=_DAILY_GAS_HINT
            ),
        },
    ),
    "gas_pipelines": Table(
        "gas_pipelines.csv",
        "name",
        {
            "name": _text(required=True),
            "from": _text(required=True),
            "to": _text(required=True),
            "capacity_mcm_per_day": Column(
                required=True, low=0.0, high=500.0, too_high_hint=_DAILY_GAS_HINT
            ),
            "reverse_capacity_mcm_per_day": Column(
                default=0.0, low=0.0, high=500.0, too_high_hint=_DAILY_GAS_HINT
            ),
            "booked_by_others_mcm_per_day": Column(default=0.0, low=0.0, high=500.0),
            "transit_obligation_mcm_per_day": Column(default=0.0, low=0.0, high=500.0),
            "outage_rate_per_year": Column(default=0.0, low=0.0, high=365.0),
            "outage_duration_days": Column(default=30.0, low=0.0, low_open=True, high=365.0),
        },
    ),
    # Operating reserves a zone's TSO holds (docs/dispatch.md, "Operating reserves"): optional,
    # one row per zone; without the file no reserve is held and nothing is withheld.
    "reserves": Table(
        "reserves.csv",
        "zone",
        {
            "zone": _text(required=True),
            "upward_mw": Column(default=0.0, **_POWER),
            "downward_mw": Column(default=0.0, **_POWER),
            # Penalty per MWh of requirement not held in an hour: reserves are never a reason to
            # shed load, so it stays below the value of lost load (checked when built).
            "shortfall_cost_eur_per_mwh": Column(default=1000.0, **_NONNEGATIVE, **_COST),
        },
    ),
    "sources": Table(
        "sources.csv",
        "",
        {
            "item": _text(required=True),
            "value": _text(default=""),
            "unit": _text(default=""),
            "year": _text(default=""),
            "source": _text(required=True),
            "note": _text(default=""),
        },
    ),
}

# Read from a system folder but not edited by scenarios (yet).
NETWORK_TABLES = ("gas_nodes", "gas_pipelines")

EDITABLE_TABLES = (
    "generators",
    "storage",
    "interconnectors",
    "gas_entries",
    "gas_contracts",
    "gas_storage",
    "reserves",
)


def empty_raw(table: str) -> pd.DataFrame:
    return pd.DataFrame(columns=[*TABLES[table].columns, ORIGIN], dtype=object)


def _parse_number(text: str, kind: str) -> float | int:
    value = float(text)
    if math.isnan(value) or math.isinf(value):
        raise ValueError
    if kind == "integer":
        if value != int(value):
            raise ValueError
        return int(value)
    return value


def _check_range(value: float, column: Column) -> bool:
    if column.low is not None and (value < column.low or (column.low_open and value == column.low)):
        return False
    return not (
        column.high is not None
        and (value > column.high or (column.high_open and value == column.high))
    )


def _range_message(column: Column, value: float, text: str) -> str:
    message = f"must be {column.describe_range()}, got {text}"
    if column.high is None or value <= column.high:
        return message
    if column.too_high_hint:
        return f"{message} ({column.too_high_hint})"
    if column.high == 1 and 2 < value <= 100:
        return f"{message} (a fraction: write {value / 100:g} for {value:g}%)"
    return message


def check_columns(table: str, header: list[str], where: str) -> None:
    """Reject unknown columns (typos) and missing required ones."""
    spec = TABLES[table]
    for name in header:
        if name not in spec.columns and not is_origin(name):
            close = difflib.get_close_matches(name, spec.columns, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise InputError(where, f"unknown column{hint}", field=name)
    for name, column in spec.columns.items():
        if column.required and name not in header:
            raise InputError(where, "required column is missing", field=name)


# Parsed tables by the text frame they came from. A variant of a system re-validates every table
# (system/variant.py), and a rolling horizon makes one variant per window: most of a week's
# commitment dispatch went into parsing the same unchanged tables again. A hit must equal the
# stored copy of the text, so a frame edited in place, or a new frame at a reused id, is parsed.
_PARSED: OrderedDict[tuple[str, int], tuple[pd.DataFrame, pd.DataFrame]] = OrderedDict()
_PARSED_MAX = 64


def parse_table(table: str, raw: pd.DataFrame) -> pd.DataFrame:
    """Typed frame from text rows: defaults filled, numbers checked, keys unique."""
    key = (table, id(raw))
    hit = _PARSED.get(key)
    if hit is not None and hit[0].equals(raw):
        _PARSED.move_to_end(key)
        return hit[1].copy()
    parsed = _parse_table(table, raw)
    _PARSED[key] = (raw.copy(), parsed.copy())
    if len(_PARSED) > _PARSED_MAX:
        _PARSED.popitem(last=False)
    return parsed


def _parse_table(table: str, raw: pd.DataFrame) -> pd.DataFrame:
    spec = TABLES[table]
    origins = [c for c in raw.columns if is_origin(c)]
    records: list[dict[str, object]] = []
    # Plain dicts, not iterrows' Series: building a Series per row made validating a regional
    # system's tables most of the time of each rolling-horizon window (system.variant.window).
    for row in raw.to_dict("records"):
        record: dict[str, object] = {c: row[c] for c in origins}
        for name, column in spec.columns.items():
            text = row.get(name)
            missing = text is None or (isinstance(text, float) and math.isnan(text))
            text = "" if missing else str(text)
            text = text.strip()
            if text == "":
                if column.required:
                    raise InputError(origin_of(row, name), "required value is empty", field=name)
                record[name] = column.default
                continue
            if column.kind == "text":
                if column.choices and text not in column.choices:
                    raise InputError(
                        origin_of(row, name),
                        f"must be one of {', '.join(column.choices)}, got {text!r}",
                        field=name,
                    )
                record[name] = text
                continue
            try:
                value = _parse_number(text, column.kind)
            except ValueError:
                kind = "a whole number" if column.kind == "integer" else "a finite number"
                raise InputError(
                    origin_of(row, name), f"must be {kind}, got {text!r}", field=name
                ) from None
            if not _check_range(value, column):
                raise InputError(
                    origin_of(row, name), _range_message(column, value, text), field=name
                )
            record[name] = value
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=[*spec.columns, *origins])
    for name, column in spec.columns.items():
        if column.kind == "number":
            frame[name] = pd.to_numeric(frame[name]).astype(float)
        elif column.kind == "integer" and column.default is not None:
            frame[name] = frame[name].astype(int)
    if spec.key:
        seen: set[str] = set()
        for position, key in enumerate(frame[spec.key]):
            if key in seen:
                raise InputError(
                    origin_of(frame.iloc[position], spec.key),
                    f"duplicate name {key!r}",
                    field=spec.key,
                )
            seen.add(key)
    return frame
