"""Build the embedded regional backcast system ``src/powerpact/data/backcast-2016``.

Needs the shared public data pack (``../shared/data``, or POWERPACT_SHARED_DATA). The build-time
code is the package ``scripts/region``; sourced figures are in ``scripts/region/figures.csv``.
See docs/backcast.md.

Run:  python scripts/build_backcast_2016.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from region.build import write

if __name__ == "__main__":
    out = write()
    size = sum(f.stat().st_size for f in out.iterdir() if f.is_file())
    print(f"wrote {out} ({size / 1e6:.2f} MB)")
