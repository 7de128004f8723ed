"""powerpact: does a new plant, gas deal or interconnector make energy supply more secure, and at
what cost and carbon?"""

from importlib.metadata import PackageNotFoundError, version

from powerpact.system import InputError, System, load, load_scenario, load_system

try:
    __version__ = version("powerpact")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"

__all__ = ["InputError", "System", "__version__", "load", "load_scenario", "load_system"]
