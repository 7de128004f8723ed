"""Differences of the bill's figures between two options over the same paths, and their
standard errors by a paired bootstrap: checked by hand cases, against the textbook standard
error of a mean difference, and by symmetry."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from powerpact.studies.volatility.risk import cvar, paired_differences

KEYS = ("bill_eur_mean", "bill_eur_std", "bill_eur_cvar95")


def test_a_constant_shift_is_known_exactly() -> None:
    """Pairing: a bill that is the reference's plus EUR 5 m on every path differs by exactly
    that in mean and tail, by nothing in spread, with no sampling error at all, however wide
    the bills' own spread."""
    reference = np.random.default_rng(1).lognormal(20.0, 0.4, 1000)
    differences = paired_differences(reference + 5e6, reference)
    assert differences["bill_eur_mean"].eur == pytest.approx(5e6)
    assert differences["bill_eur_cvar95"].eur == pytest.approx(5e6)
    assert differences["bill_eur_std"].eur == pytest.approx(0.0, abs=1e-3)
    for key in KEYS:
        assert differences[key].se_eur == pytest.approx(0.0, abs=1e-3)


def test_the_mean_differences_error_is_the_textbook_one() -> None:
    """For the mean, the bootstrap's standard error is sd(a − b) / sqrt(n) (to its own sampling
    error, about 2 % with 2,000 resamples)."""
    rng = np.random.default_rng(7)
    common = rng.normal(1e9, 2e8, 1000)
    a = common + rng.normal(-3e7, 4e7, 1000)
    differences = paired_differences(a, common)
    expected = np.std(a - common) / np.sqrt(len(a))
    assert differences["bill_eur_mean"].se_eur == pytest.approx(expected, rel=0.08)
    assert differences["bill_eur_mean"].eur == pytest.approx(np.mean(a - common))
    assert differences["bill_eur_cvar95"].eur == pytest.approx(cvar(a) - cvar(common))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1e9), st.floats(0, 1e9)), min_size=2, max_size=60))
def test_swapping_the_options_negates_the_differences(pairs: list[tuple[float, float]]) -> None:
    a, b = (np.array(x) for x in zip(*pairs, strict=True))
    forward, backward = paired_differences(a, b), paired_differences(b, a)
    for key in KEYS:
        assert forward[key].eur == pytest.approx(-backward[key].eur, abs=1e-3)
        assert forward[key].se_eur == pytest.approx(backward[key].se_eur, rel=1e-9, abs=1e-3)
        assert forward[key].se_eur >= 0.0


def test_unpaired_series_are_refused() -> None:
    with pytest.raises(ValueError, match="paired"):
        paired_differences(np.ones(3), np.ones(4))
