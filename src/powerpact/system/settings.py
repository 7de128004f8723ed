"""The keys of `system.yaml` and of a scenario's YAML, validated with pydantic."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from powerpact.system.errors import InputError

_Model = TypeVar("_Model", bound=BaseModel)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# Plausibility bounds that catch unit mistakes (docs/input-format.md, "Plausibility bounds").
MAX_PRICE = 100_000.0  # EUR per MWh or per t: ten times the highest price cap in Europe
MAX_FUEL_MWH_TH = 1e12  # a million TWh: thousands of times any country's yearly fuel use


_FuelPrice = Annotated[float, Field(ge=0, le=MAX_PRICE, allow_inf_nan=False)]
_FuelLimit = Annotated[float, Field(gt=0, le=MAX_FUEL_MWH_TH, allow_inf_nan=False)]


class Fuel(_Strict):
    # Must be given for a fuel that plants burn (checked when the system is built), so that a
    # forgotten price is not a free fuel; the default serves fuels no plant burns.
    price_eur_per_mwh_th: _FuelPrice = 0.0
    co2_t_per_mwh_th: float = Field(default=0.0, ge=0, le=1.0, allow_inf_nan=False)
    # Fuel that cannot be had in any quantity (a lignite mine's output) caps what its plants burn:
    # the plants of every zone together.
    annual_limit_mwh_th: _FuelLimit | None = None
    # The same per zone (a country's own mines feed only its plants), like a fuel offtake limit
    # per region; binds besides annual_limit_mwh_th. Zone names are checked against `zones`.
    annual_limit_mwh_th_by_zone: dict[str, _FuelLimit] = Field(default_factory=dict)
    # The fuel's price in a zone where it differs (mine-mouth lignite costs differ by country);
    # zones not named pay price_eur_per_mwh_th.
    price_eur_per_mwh_th_by_zone: dict[str, _FuelPrice] = Field(default_factory=dict)

    def price_in(self, zone: str) -> float:
        """EUR per MWh_th the fuel costs in `zone`."""
        return self.price_eur_per_mwh_th_by_zone.get(zone, self.price_eur_per_mwh_th)


class Market(_Strict):
    import_availability: float = Field(default=1.0, ge=0, le=1, allow_inf_nan=False)


# Net over gross calorific value of natural gas, the convention of the IEA/OECD/Eurostat Energy
# Statistics Manual (2005): "the difference between the gross and net calorific values of natural
# gas is about 10 %". Pure methane gives 50.017 / 55.619 = 0.899 (scripts/gas_network/figures.csv,
# gas:gcv_ncv_ratio_methane); pipeline gas with some ethane lies at 0.90-0.91.
NCV_PER_GCV = 0.9


class GasSettings(_Strict):
    """Gas quantities are volumes (mcm) and gross energy (MWh GCV): the gas balance, contracts
    and gas prices (TTF and contract prices are quoted per MWh GCV) use the gross basis. Plant
    efficiencies are on `plant_efficiency_basis` (net, as PP_2015, DEA and manufacturers quote
    them), so a plant burning E MWh on that basis draws E × `gross_per_plant_mwh` MWh GCV, that
    is E / `plant_mwh_per_mcm` mcm (docs/gas-security.md, "Energy basis")."""

    fuel: str = "gas"
    # Gross calorific value (GCV) of the gas, MWh per million m3.
    energy_mwh_per_mcm: float = Field(default=10550.0, gt=1000, lt=20000, allow_inf_nan=False)
    # Net calorific value (NCV), MWh per million m3; None: NCV_PER_GCV × the GCV.
    ncv_mwh_per_mcm: float | None = Field(default=None, gt=1000, lt=20000, allow_inf_nan=False)
    # Basis of the efficiency of the plants burning `fuel` (and of its CO2 factor per MWh_th).
    plant_efficiency_basis: Literal["net", "gross"] = "net"
    # A contracted entry delivers at most swing × annual contract quantity ÷ days of the year
    # per day, in every engine (system/gas_supply.py); 1 = the annual quantity evenly.
    contract_swing: float = Field(default=1.0, gt=0, le=365, allow_inf_nan=False)
    # 10 000 mcm/day is several times the EU's whole peak-day gas demand.
    peak_day_demand_mcm: float | None = Field(default=None, gt=0, le=10_000, allow_inf_nan=False)
    # What the given D_max is: the Regulation's 1-in-20 peak day, or an observed (or a supplier's
    # expected) peak, which N-1 then reports as not being one (`dmax_from`).
    peak_day_basis: Literal["1-in-20", "observed"] = "1-in-20"
    # An observed peak day kept beside a 1-in-20 D_max: N-1 is also reported at it.
    observed_peak_day_mcm: float | None = Field(default=None, gt=0, le=10_000, allow_inf_nan=False)
    demand_side_measures_mcm_per_day: float = Field(
        default=0.0, ge=0, le=10_000, allow_inf_nan=False
    )

    @model_validator(mode="after")
    def _net_below_gross(self) -> GasSettings:
        if self.ncv_mwh_per_mcm is not None and self.ncv_mwh_per_mcm > self.energy_mwh_per_mcm:
            raise ValueError(
                f"ncv_mwh_per_mcm {self.ncv_mwh_per_mcm:g} is above the gross calorific value "
                f"energy_mwh_per_mcm {self.energy_mwh_per_mcm:g}"
            )
        return self

    @property
    def gcv_mwh_per_mcm(self) -> float:
        return self.energy_mwh_per_mcm

    @property
    def ncv(self) -> float:
        """Net calorific value, MWh per mcm."""
        if self.ncv_mwh_per_mcm is not None:
            return self.ncv_mwh_per_mcm
        return NCV_PER_GCV * self.energy_mwh_per_mcm

    @property
    def plant_mwh_per_mcm(self) -> float:
        """MWh per mcm on the basis of plant efficiencies: what a plant turns into power."""
        return self.ncv if self.plant_efficiency_basis == "net" else self.energy_mwh_per_mcm

    @property
    def gross_per_plant_mwh(self) -> float:
        """MWh GCV (priced, and counted in the gas balance) per MWh_th a plant's efficiency
        counts: GCV / NCV for net efficiencies, 1 for gross ones."""
        return self.energy_mwh_per_mcm / self.plant_mwh_per_mcm


_Price = Annotated[float, Field(ge=0, le=MAX_PRICE, allow_inf_nan=False)]
_TPerMwh = Annotated[float, Field(ge=0, le=5, allow_inf_nan=False)]

# ISO 3166 codes of the EU-27: a zone or market named by one of them is in the EU ETS by default.
EU_27 = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)

# EU ETS allowance prices in EUR/t, interpolated linearly between years and held flat outside.
# 2024 and 2025: yearly averages (Veyt, year reviews 2024 and 2025; /work/shared/reference/
# serbia-facts.md). 2030: Veyt's base-case forecast of "close to EUR 160/t" ("2030 European
# carbon price forecast", veyt.com), an outlook, not a forward price.
ETS_PRICE_EUR_PER_T_BY_YEAR = {2024: 67.0, 2025: 75.0, 2030: 160.0}

# CBAM default emission factors of electricity per exporting country, t CO2/MWh. DERIVED, not
# read from the implementing regulation's table (not found in our sources): the CBAM cost per MWh
# reported for Q1 2026 (RS 78.45, BA 86.5, ME 73.8 EUR/MWh, AL 0; cbam.clarion.engineer, "CBAM's
# default carbon costs are reshaping electricity competitiveness in Southeast Europe") divided by
# an assumed certificate price of EUR 75/t (the 2025 EUA average). MK and XK: UNSOURCED, assumed
# like their coal-heavy neighbours. A country not listed pays the EU's own factor (the rule for a
# country without a default value), UNSOURCED here as 0.3 t/MWh.
CBAM_DEFAULT_FACTOR_T_PER_MWH = {
    "RS": 1.05,
    "BA": 1.15,
    "ME": 0.98,
    "AL": 0.0,
    "MK": 1.0,
    "XK": 1.1,
}
CBAM_EU_FACTOR_T_PER_MWH = 0.3
CBAM_FIRST_YEAR = 2026  # the charging phase started on 1 January 2026


class Cbam(_Strict):
    # None: charged from CBAM_FIRST_YEAR on.
    enabled: bool | None = None
    # "default": the factor of each exporting country (default_factor_t_per_mwh over the
    # built-in table); "actual": the exporting zone's average emission intensity in the same
    # dispatch without CBAM (docs/dispatch.md).
    emission_factor: Literal["default", "actual"] = "default"
    default_factor_t_per_mwh: dict[str, _TPerMwh] = Field(default_factory=dict)


class Carbon(_Strict):
    # None: the zones and markets whose name is an EU-27 country code.
    eu_members: tuple[str, ...] | None = None
    ets_price_eur_per_t_by_year: dict[int, _Price] = Field(
        default_factory=lambda: dict(ETS_PRICE_EUR_PER_T_BY_YEAR), min_length=1
    )
    # Carbon price paid by generators outside the EU, by zone (0 where not given).
    non_eu_price_eur_per_t: dict[str, _Price] = Field(default_factory=dict)
    cbam: Cbam = Field(default_factory=Cbam)


class TransmissionPath(_Strict):
    """A capacity right over a chain of interconnectors, reserved for deliveries from the first
    zone to the last (a contracted corridor): `capacity_mw` is taken out of each leg's capacity
    in the direction of travel and only the path may use it (system/paths.py)."""

    zones: tuple[str, ...] = Field(min_length=2)
    capacity_mw: float = Field(ge=0, le=1_000_000, allow_inf_nan=False)


class Settings(_Strict):
    name: str = Field(min_length=1)
    zones: tuple[str, ...] = Field(min_length=1)
    markets: dict[str, Market] = Field(default_factory=dict)
    year: int | None = Field(default=None, ge=1900, le=2200)
    currency: str = "EUR"
    timezone: str = "UTC"
    # VOLL estimates reach tens of thousands of EUR/MWh; a million is a unit mistake.
    value_of_lost_load_eur_per_mwh: float = Field(
        default=10000.0, gt=0, le=1_000_000, allow_inf_nan=False
    )
    # With `carbon`, giving this too sets one price for every zone (see system/carbon.py).
    co2_price_eur_per_t: float = Field(default=0.0, ge=0, le=MAX_PRICE, allow_inf_nan=False)
    carbon: Carbon | None = None
    # Adequacy target, loss-of-load hours per year: 3 h is the reliability standard of France,
    # Belgium, Great Britain and others under the ACER VOLL/CONE/RS methodology (Decision
    # 23/2020); a system with its own standard sets it. At most every hour of a year.
    reliability_standard_lole_hours: float = Field(default=3.0, gt=0, le=8784, allow_inf_nan=False)
    fuels: dict[str, Fuel] = Field(default_factory=dict)
    gas: GasSettings = Field(default_factory=GasSettings)
    # How every engine and study dispatches this system unless told otherwise: "year", one LP
    # over the horizon (exact), or "weeks", weeks solved apart after a coarse plan (as Antares and
    # ERAA run; dispatch/weeks.py). A regional system sets "weeks" so that assess fits in minutes.
    dispatch_horizon: Literal["year", "weeks"] = "year"
    # The zone whose own figures the verdict reports beside the region's (cost including trade,
    # CO2, price, net imports); None: RS when the system has it, else the first zone.
    focus_zone: str | None = None
    # Capacity rights over chains of interconnectors, by name (docs/input-format.md, "Paths").
    paths: dict[str, TransmissionPath] = Field(default_factory=dict)
    description: str = ""

    @field_validator("markets", mode="before")
    @classmethod
    def _markets_as_mapping(cls, value: Any) -> Any:
        if isinstance(value, list):
            return {str(name): {} for name in value}
        return {k: ({} if v is None else v) for k, v in value.items()} if value else {}

    @model_validator(mode="after")
    def _carbon_areas_known(self) -> Settings:
        if self.carbon is None:
            return self
        known = set(self.zones) | set(self.markets)
        named = {
            "carbon.eu_members": self.carbon.eu_members or (),
            "carbon.non_eu_price_eur_per_t": self.carbon.non_eu_price_eur_per_t,
        }
        for key, areas in named.items():
            unknown = sorted(set(areas) - known)
            if unknown:
                raise ValueError(f"{key}: {unknown[0]!r} is neither a zone nor a market")
        return self

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


# Finite bounds keep scenario numbers from overflowing dates and sums (`days: 1e300`).
_Factor = Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)]
_ExtraMw = Annotated[float, Field(ge=-1_000_000, le=1_000_000, allow_inf_nan=False)]


class Outage(_Strict):
    component: str
    start: dt.date | dt.datetime
    days: float = Field(gt=0, le=36_525, allow_inf_nan=False)  # up to a century


class DemandChange(_Strict):
    scale: _Factor | dict[str, _Factor] = 1.0
    add_mw: dict[str, _ExtraMw] = Field(default_factory=dict)
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
    scale: dict[str, dict[str, dict[str, _Factor]]] = Field(default_factory=dict)
    demand: DemandChange = Field(default_factory=DemandChange)
    outages: list[Outage] = Field(default_factory=list)
    # Zones the scenario adds (a corridor's source zone): no demand unless demand.add_profile_csv
    # gives them some, no gas demand.
    add_zones: list[str] = Field(default_factory=list)
    # Hourly profiles the scenario adds (its new plants' wind and solar shapes), from a CSV
    # beside it laid out as profiles.csv.
    add_profiles_csv: str | None = None


def _input_path(data: Any, loc: tuple[int | str, ...]) -> list[int | str]:
    """The part of pydantic's location that names keys of the input.

    Pydantic appends the names of union members (`outages.0.start.date`), which are not keys a
    user wrote; a missing key of a mapping is kept.
    """
    path: list[int | str] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            if isinstance(node, dict):
                path.append(part)
            break
        path.append(part)
    return path


def _known_keys(model: type[BaseModel], parents: list[int | str]) -> list[str]:
    """Keys allowed in the mapping at `parents` inside `model`, for did-you-mean hints."""
    node: Any = model
    for part in parents:
        if isinstance(node, type) and issubclass(node, BaseModel):
            field = node.model_fields.get(str(part))
            if field is None:
                return []
            node = field.annotation
        elif get_origin(node) in (dict, list, tuple):
            node = get_args(node)[-1]
        else:
            return []
    if isinstance(node, type) and issubclass(node, BaseModel):
        return list(node.model_fields)
    return []


def first_error(
    where: str, exc: ValidationError, data: Any = None, model: type[BaseModel] | None = None
) -> InputError:
    """Turn pydantic's report into one line naming the key path (as written, given `data`)."""
    errors = exc.errors()
    # A misspelt key also makes its intended key "missing": report the cause, the unknown key.
    error = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    path = list(error["loc"]) if data is None else _input_path(data, error["loc"])
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        known = _known_keys(model, path[:-1]) if model else []
        close = difflib.get_close_matches(str(path[-1]), known, n=1)
        if close:
            message = f"unknown key; did you mean '{close[0]}'?"
        else:
            message = f"unknown key (known: {', '.join(known)})" if known else "unknown key"
    elif error["type"] == "missing":
        message = "required key is missing"
    else:
        message = f"{message} (got {error.get('input')!r})"
    return InputError(where, message, field=".".join(map(str, path)) or None)


def _parse(model: type[_Model], data: Any, where: str) -> _Model:
    if not isinstance(data, dict):
        raise InputError(where, "must be a YAML mapping of keys to values")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise first_error(where, exc, data, model) from None


def parse_settings(data: Any, where: str) -> Settings:
    return _parse(Settings, data, where)


def parse_scenario(data: Any, where: str) -> ScenarioSpec:
    return _parse(ScenarioSpec, data, where)
