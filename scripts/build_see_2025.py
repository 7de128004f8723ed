"""Build the embedded regional 2025 system ``src/powerpact/data/see-2025``.

Needs the shared public data pack (``../shared/data``, or POWERPACT_SHARED_DATA) and the embedded
``serbia-2025`` system (its RS zone is taken as shipped). Build-time code: ``scripts/region``
(``derive_2025.py``, ``build_2025.py``); sourced figures: ``scripts/region/figures.csv``.
See src/powerpact/data/see-2025/README.md and docs/see-2025.md.

Run:  python scripts/build_see_2025.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from region.build_2025 import write

if __name__ == "__main__":
    out = write()
    size = sum(f.stat().st_size for f in out.iterdir() if f.is_file())
    print(f"wrote {out} ({size / 1e6:.2f} MB)")
