"""Where the shared data come from: repository, commit, file and licence of every source."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("POWERPACT_SHARED_DATA", REPO.parent / "shared" / "data"))
if not SHARED.exists():  # worktrees live next to /work/main, the pack in /work/shared
    SHARED = Path("/work/shared/data")
PACK = SHARED / "see-region"
EU = PACK / "dispaset-eu"
BALKANS = PACK / "dispaset-balkans"
BALKANS_RS = SHARED / "dispaset-balkans-rs"
PPM = PACK / "powerplantmatching" / "powerplants_see.csv"

EU_REPO = (
    "JRC Dispa-SET EU database, GitHub energy-modelling-toolkit/Dispa-SET commit "
    "b30cc1a4a16b51ef2a1b33b1647647766180864f, Database/{path}, EUPL 1.2"
)
BALKANS_REPO = (
    "Dispa-SET for the Balkans, GitHub balkans-energy-modelling/DispaSET-for-the-Balkans commit "
    "e590ec10772bd2e560ab3edc7426222512ab1be2 (2018-10-30), Database/{path}, EUPL 1.1"
)
PPM_REPO = (
    "powerplantmatching, GitHub PyPSA/powerplantmatching commit "
    "9a63ed0363e748a6967673c00cb2a6dd7d6c80c4 (2024-09-18), powerplants.csv, GPL-3.0 at that "
    "commit / CC BY 4.0 declared since 2025 (credit: powerplantmatching contributors)"
)


def eu(path: str) -> str:
    return EU_REPO.format(path=path)


def balkans(path: str) -> str:
    return BALKANS_REPO.format(path=path)
