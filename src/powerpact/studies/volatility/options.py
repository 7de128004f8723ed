"""The options the study compares by default: the partnership's scenarios of the embedded
default, and the larger SOCAR contract alone (no scenario file holds it: it is the baseline with
the contract of nis-ccgt), and the Niš plant with the green corridor in 2032."""

from __future__ import annotations

import json

from powerpact.studies.volatility.design import OptionSpec

# The SOCAR–Srbijagas contract raised from 400 to 1,000 mcm a year, as in scenario nis-ccgt.
SOCAR_1BCM = json.dumps(
    {"modify": {"gas_contracts": {"socar-srbijagas": {"annual_max_mcm": 1000.0}}}}
)
# The firm 500 MW green-corridor import of az-green-corridor-2032, added to nis-ccgt-2032.
GREEN_IMPORT = {
    "name": "az-green-import",
    "zone": "RS",
    "technology": "other",
    "capacity_mw": 500.0,
    "units": 1,
    "marginal_cost_eur_per_mwh": 85.0,
    "forced_outage_rate": 0.03,
    "mttr_h": 720,
}

DEFAULT_OPTIONS = (
    OptionSpec("baseline-2025", "baseline-2025"),
    OptionSpec("socar-1bcm", "baseline-2025", SOCAR_1BCM, "baseline-2025"),
    OptionSpec("nis-ccgt", "nis-ccgt", "", "baseline-2025"),
    OptionSpec("nis-ocgt", "nis-ocgt", "", "baseline-2025"),
    OptionSpec("coal-exit-2032", "coal-exit-2032"),
    OptionSpec("nis-ccgt-2032", "nis-ccgt-2032", "", "coal-exit-2032"),
    OptionSpec("az-green-corridor-2032", "az-green-corridor-2032", "", "coal-exit-2032"),
    OptionSpec(
        "nis-ccgt+green-corridor-2032",
        "nis-ccgt-2032",
        json.dumps({"add": {"generators": [GREEN_IMPORT]}}),
        "coal-exit-2032",
    ),
)


def option_spec(name: str) -> OptionSpec:
    """A default option by name, else a scenario (embedded name or path) as it is."""
    for option in DEFAULT_OPTIONS:
        if option.name == name:
            return option
    return OptionSpec(name, name)
