"""The keys of `system.yaml` and of a scenario's YAML, validated with pydantic."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from powerpact.system.errors import InputError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fuel(_Strict):
    price_eur_per_mwh_th: float = Field(0.0, ge=0, allow_inf_nan=False)
    co2_t_per_mwh_th: float = Field(0.0, ge=0, le=1.0, allow_inf_nan=False)


class Market(_Strict):
    import_availability: float = Field(1.0, ge=0, le=1, allow_inf_nan=False)


class GasSettings(_Strict):
    fuel: str = "gas"
    # Gross calorific value of pipeline gas, about 38 MJ/m3 (ENTSOG uses 10.55 kWh/m3 for
    # conversions between bcm and TWh).
    energy_mwh_per_mcm: float = Field(10550.0, gt=1000, lt=20000, allow_inf_nan=False)
    peak_day_demand_mcm: float | None = Field(None, gt=0, allow_inf_nan=False)
    demand_side_measures_mcm_per_day: float = Field(0.0, ge=0, allow_inf_nan=False)


class Settings(_Strict):
    name: str = Field(min_length=1)
    zones: tuple[str, ...] = Field(min_length=1)
    markets: dict[str, Market] = Field(default_factory=dict)
    year: int | None = Field(None, ge=1900, le=2200)
    currency: str = "EUR"
    timezone: str = "UTC"
    value_of_lost_load_eur_per_mwh: float = Field(10000.0, gt=0, allow_inf_nan=False)
    co2_price_eur_per_t: float = Field(0.0, ge=0, allow_inf_nan=False)
    fuels: dict[str, Fuel] = Field(default_factory=dict)
    gas: GasSettings = Field(default_factory=GasSettings)
    description: str = ""

    @field_validator("markets", mode="before")
    @classmethod
    def _markets_as_mapping(cls, value: Any) -> Any:
        if isinstance(value, list):
            return {str(name): {} for name in value}
        return {k: ({} if v is None else v) for k, v in value.items()} if value else {}

    @field_validator("zones")
    @classmethod
    def _unique_zones(cls, zones: tuple[str, ...]) -> tuple[str, ...]:
        duplicates = sorted({z for z in zones if zones.count(z) > 1})
        if duplicates:
            raise ValueError(f"zone {duplicates[0]!r} is listed twice")
        return zones

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, name: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {name!r}") from exc
        return name


class Outage(_Strict):
    component: str
    start: dt.date | dt.datetime
    days: float = Field(gt=0, allow_inf_nan=False)


class DemandChange(_Strict):
    scale: float | dict[str, float] = 1.0
    add_mw: dict[str, float] = Field(default_factory=dict)
    add_profile_csv: str | None = None


class ScenarioSpec(_Strict):
    name: str = Field(min_length=1)
    base: str = ".."
    description: str = ""
    assumptions: list[str] = Field(default_factory=list)
    settings: dict[str, Any] = Field(default_factory=dict)
    add: dict[str, list[dict[str, Any]]] = Field(default_factory=dict)
    remove: dict[str, list[str]] = Field(default_factory=dict)
    modify: dict[str, dict[str, dict[str, Any]]] = Field(default_factory=dict)
    scale: dict[str, dict[str, dict[str, float]]] = Field(default_factory=dict)
    demand: DemandChange = Field(default_factory=DemandChange)
    outages: list[Outage] = Field(default_factory=list)


def first_error(where: str, exc: ValidationError) -> InputError:
    """Turn pydantic's report into one line naming the key path."""
    error = exc.errors()[0]
    path = ".".join(str(p) for p in error["loc"]) or None
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        message = "unknown key"
    elif error["type"] == "missing":
        message = "required key is missing"
    else:
        message = f"{message} (got {error.get('input')!r})"
    return InputError(where, message, field=path)


def parse_settings(data: Any, where: str) -> Settings:
    if not isinstance(data, dict):
        raise InputError(where, "must be a YAML mapping of keys to values")
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise first_error(where, exc) from None


def parse_scenario(data: Any, where: str) -> ScenarioSpec:
    if not isinstance(data, dict):
        raise InputError(where, "must be a YAML mapping of keys to values")
    try:
        return ScenarioSpec.model_validate(data)
    except ValidationError as exc:
        raise first_error(where, exc) from None
