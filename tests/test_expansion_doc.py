"""scripts/expansion_doc.py's tables: counts print as integers beside figures with decimals."""

from __future__ import annotations

import expansion_doc  # scripts/ is on the path (tests/conftest.py)

from powerpact.report.expansion import markdown


def test_security_table_prints_counts_as_integers() -> None:
    """The page once showed "1.000" iterations and "24.000" days: a transposed frame of mixed
    columns had turned the counts into floats."""
    headline = {
        "security_iterations": 2,
        "lole_hours_after": 0.5,
        "adequacy_standard_lole_hours": 3.0,
        "representative_days": 24,
    }
    table = expansion_doc._security_table({"a": headline, "b": headline}, {"a": 1.5, "b": 2.0})
    rows = markdown(table, 3).splitlines()[2:]
    assert rows[0] == "| a | 2 | 0.500 | 3.000 | -2.500 | 24 | 1.500 |"
    assert all(".000 |" not in row.split("|")[2] for row in rows)
