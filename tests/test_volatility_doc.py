"""docs/volatility.md's figures are written by scripts/volatility_doc.py.

Its run takes minutes (a regional year's held-out check), so here: every marked block of the
page has the shape the script writes (the same words, any figures), and the held-out statistics
of a line are checked by hand. `python scripts/volatility_doc.py --check` compares the figures.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import volatility_doc as script
from docblock import read_block

NUMBER = r"[-+−]?\d[\d,.]*"


def shape(rendered: str) -> re.Pattern[str]:
    """A pattern matching `rendered` with any figures in place of its figures."""
    words = re.split(NUMBER, rendered)
    return re.compile(NUMBER.join(re.escape(w) for w in words))


def fake_blocks() -> dict[str, str]:
    counts = [
        script.Counts(radius, 10 + i, i, 3 if radius is None else 0)
        for i, radius in enumerate(script.RADII)
    ]
    gap = np.array([0.001, -0.02, 0.005, 0.3])
    checks = [
        script.HeldOut(check, 20, 5, gap, np.array([True, True, True, False]))
        for check in (script.WEEK, script.YEAR, script.FORTNIGHT)
    ]
    regime = script.Regime("gazprom-srbijagas", 28.91, 36.0, 0.8, 2.2, 0.4, 0.12)
    return {
        "volatility-dispatches": script.dispatches_block(counts),
        "volatility-regimes": script.regimes_block(regime),
        "volatility-checks": script.checks_block(checks),
        "volatility-radius": script.radius_block(counts),
        "volatility-repricing": script.repricing_block(
            script.HeldOut(
                script.YEAR,
                20,
                5,
                gap,
                np.ones(4, dtype=bool),
                script.Repricing(
                    np.array([0.2, 0.8]),
                    np.array([0.01, 0.04]),
                    np.array([-0.03, 0.4]),
                    np.array([0.6, 2.3]),
                ),
            )
        ),
    }


@pytest.mark.parametrize("name", list(fake_blocks()))
def test_the_pages_blocks_are_the_scripts_output(name: str) -> None:
    text = script.DOC.read_text(encoding="utf-8")
    block = read_block(text, name, script.DOC)
    assert shape(fake_blocks()[name]).fullmatch(block), f"{name}:\n{block}"


def test_a_blocks_shape_fails_on_other_words() -> None:
    rendered = script.dispatches_block(
        [script.Counts(None, 50, 0, 3), script.Counts(1.0, 117, 67, 0)]
    )
    assert shape(rendered).fullmatch(rendered.replace("117", "118"))
    assert not shape(rendered).fullmatch(rendered.replace("by the guard", "by hand"))


def test_repricing_block_by_hand() -> None:
    repricing = script.Repricing(
        np.array([0.25, 0.82, 0.4]),
        np.array([0.004, 0.042, 0.02]),
        np.array([-0.026, 0.451, 0.01]),
        np.array([0.59, 2.31, 1.0]),
    )
    held = script.HeldOut(script.YEAR, 22, 14, np.zeros(3), np.ones(3, dtype=bool), repricing)
    text = script.repricing_block(held)
    assert "At the 3 held-out paths" in text and "0.25 to 0.82 volatilities away" in text
    assert "0.40 to 4.20 % more than the path's own dispatch (median 2.00 %)" in text
    assert "-2.60 to +45.10 % off" in text and "lies 0.59 to 2.31 volatilities away." in text


def test_held_out_line_by_hand() -> None:
    # within the radius: |gap| 0.1 %, 2 %, 0.5 %, 4 %; the 30 % path is beyond it (the guard's)
    gap = np.array([0.001, -0.02, 0.005, 0.3, 0.04])
    inside = np.array([True, True, True, False, True])
    line = script.checks_block([script.HeldOut(script.YEAR, 22, 14, gap, inside)])
    # median of 0.1, 0.5, 2, 4 is 1.25; 90th percentile 2 + 0.7 x 2 = 3.4 (linear)
    assert (
        "median gap 1.25 %, 90th percentile 3.40 %, largest 4.00 %; 2 of 4 within 1.00 %." in line
    )
    assert "22 design dispatches, 14 by the guard" in line
    assert "12 held-out paths of seed 77, 4 within the radius" in line
