"""The engines a sweep can run, by name: each is `(system, seed, **options) -> {name: scalar}`.

An engine plugs in with one `ENGINES` entry. Modules are imported only when a point runs, so
that the registry costs nothing to import and names an engine before its module exists.
"""

from __future__ import annotations

import importlib
import inspect
import math
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from powerpact.system import InputError, System

Engine = Callable[..., dict[str, Any]]


def _scalars(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Numbers, booleans and text; mappings are flattened to `key.subkey`; None becomes NaN;
    anything else (arrays, lists) is left out."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_scalars(value, f"{name}."))
        elif value is None:
            flat[name] = math.nan
        elif isinstance(value, bool | str):
            flat[name] = value
        elif isinstance(value, int | np.integer):
            flat[name] = int(value)
        elif isinstance(value, float | np.floating):
            # inf is no measurement: null (NaN in Parquet), as engines report undefined figures
            flat[name] = float(value) if math.isfinite(value) else math.nan
    return flat


@dataclass(frozen=True)
class ModuleEngine:
    """Calls `module.function(system, ...)` and takes the result's headline.

    The spec's options for the engine that are parameters of the function (`samples`, `plant`)
    go in as keyword arguments; the others build its options object,
    `options=options_class(**others)`. `seed=` is added if the engine is seeded.
    """

    module: str
    function: str
    seeded: bool = False
    options_class: str | None = None

    def _call_arguments(
        self, options: Mapping[str, Any]
    ) -> tuple[Callable[..., Any], dict[str, Any]]:
        module = importlib.import_module(self.module)
        function = getattr(module, self.function)
        accepted = inspect.signature(function).parameters
        kwargs = {k: v for k, v in options.items() if k in accepted and k != "options"}
        others = {k: v for k, v in options.items() if k not in kwargs}
        if others:
            if self.options_class is None:
                raise TypeError(f"unknown option {next(iter(others))!r}")
            kwargs["options"] = getattr(module, self.options_class)(**others)
        missing = [
            name
            for name, parameter in list(accepted.items())[1:]
            if parameter.default is inspect.Parameter.empty
            and name not in kwargs
            and not (self.seeded and name == "seed")
        ]
        if missing:
            raise TypeError(f"needs option {missing[0]!r}")
        return function, kwargs

    def __call__(self, system: System, seed: int, **options: Any) -> dict[str, Any]:
        function, kwargs = self._call_arguments(options)
        if self.seeded:
            kwargs["seed"] = seed
        result = function(system, **kwargs)
        headline = result.headline() if hasattr(result, "headline") else result.to_dict()
        return _scalars(headline)

    def check(self, options: Mapping[str, Any], where: str) -> None:
        """Fail at once on options the engine would refuse at every point."""
        try:
            self._call_arguments(options)
        except (ImportError, AttributeError):
            raise InputError(where, "engine is not available in this installation") from None
        except Exception as exc:  # the options class's own validation: any type, one line
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(where, f"bad options: {message}") from None


ENGINES: dict[str, Engine] = {
    "overview": ModuleEngine("powerpact.system.metrics", "overview"),
    "dispatch": ModuleEngine("powerpact.dispatch", "run", options_class="DispatchOptions"),
    "adequacy.copt": ModuleEngine("powerpact.adequacy", "copt", options_class="CoptOptions"),
    "adequacy.monte_carlo": ModuleEngine(
        "powerpact.adequacy", "monte_carlo", seeded=True, options_class="MonteCarloOptions"
    ),
    "gas.n_minus_1": ModuleEngine("powerpact.gas", "n_minus_1"),
    "economics": ModuleEngine(
        "powerpact.studies.appraisal", "appraise", options_class="AppraisalOptions"
    ),
    "volatility": ModuleEngine(
        "powerpact.studies.volatility", "of_system", seeded=True, options_class="VolatilityOptions"
    ),
}


def check_engine(name: str, options: Mapping[str, Any], where: str) -> None:
    """A one-line error for an unknown engine, one this installation lacks, or bad options."""
    engine = ENGINES.get(name)
    if engine is None:
        raise InputError(where, f"unknown engine {name!r} (engines: {', '.join(ENGINES)})")
    if isinstance(engine, ModuleEngine):
        engine.check(options, f"{where}.{name}")


def evaluate(
    engines: Mapping[str, Mapping[str, Any]],
    system: System,
    seed: int,
    outputs: list[str],
    taken: Collection[str] = (),
) -> dict[str, Any]:
    """Every engine's scalars. A name two engines share, or one already `taken` (parameters,
    record columns), is written `engine.name`."""
    results = {name: ENGINES[name](system, seed, **options) for name, options in engines.items()}
    counts = Counter(key for values in results.values() for key in values)
    merged = {
        (key if counts[key] == 1 and key not in taken else f"{engine}.{key}"): value
        for engine, values in results.items()
        for key, value in values.items()
    }
    if not outputs:
        return merged
    missing = [name for name in outputs if name not in merged]
    if missing:
        raise KeyError(f"no output {missing[0]!r} (outputs: {', '.join(sorted(merged))})")
    # An output without a value (null) keeps the engine's reason, `undefined.<output>`.
    reasons = {
        key: value
        for key, value in merged.items()
        if "undefined." in key and key.rsplit(".", 1)[-1] in outputs
    }
    return {**{name: merged[name] for name in outputs}, **reasons}
