"""The report's "Capacity credit" section: each scenario's LOLE against the reliability standard,
its headroom at the standard (the load it can add before the standard is breached, informative
when LOLE is 0) and, for a scenario that adds a plant or a path, that option's capacity credit
(ELCC) in MW and as a share of its nameplate. Read from assess's `adequacy` and `credit`
records, the figures of results.json."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from powerpact.adequacy.results import format_significant
from powerpact.report.html import Section

if TYPE_CHECKING:
    from powerpact.studies.assess import Assessment


def _with_error(value: float | None, error: float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    return text if error is None else f"{text} ± {error:,.{digits}f}"


def _row(name: str, headline: dict[str, Any]) -> str:
    adequacy, credit = headline.get("adequacy", {}), headline["credit"]
    lole = adequacy.get("lole_hours")
    lole_text = (
        "–"
        if lole is None
        else f"{format_significant(lole)} ± {format_significant(adequacy['lole_hours_stderr'], 2)}"
    )
    share = credit.get("elcc_share_of_nameplate")
    option = credit.get("option")
    cells = [
        escape(name),
        lole_text,
        f"{credit['reliability_standard_lole_hours']:g}",
        _with_error(credit["headroom_mw"], credit["headroom_mw_stderr"]),
        _with_error(credit.get("headroom_change_mw"), credit.get("headroom_change_mw_stderr")),
        "–" if option is None else f"{escape(option)} (vs {escape(credit['compared_with'])})",
        _with_error(credit.get("option_nameplate_mw"), None),
        _with_error(credit.get("elcc_mw"), credit.get("elcc_mw_stderr")),
        "–" if share is None else f"{100 * share:.0f} %",
    ]
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def credit_section(assessment: Assessment) -> Section | None:
    """The section, or None when the credit stage did not run."""
    headlines = {
        s.name: s.headline() for s in assessment.scenarios if s.results.get("credit") is not None
    }
    if not headlines:
        return None
    samples = {h["credit"]["credit_samples"] for h in headlines.values()}
    zone = escape(", ".join(sorted({h["credit"]["headroom_zone"] for h in headlines.values()})))
    table = (
        '<table class="text" id="capacity-credit"><tr><th>scenario</th>'
        "<th>LOLE (h) ± stderr</th><th>standard (h/yr)</th><th>headroom (MW) ± stderr</th>"
        "<th>headroom change vs compared scenario (MW)</th>"
        "<th>option</th><th>nameplate (MW)</th><th>ELCC (MW) ± stderr</th>"
        "<th>ELCC / nameplate</th></tr>"
        + "".join(_row(name, h) for name, h in headlines.items())
        + "</table>"
    )
    return Section(
        "credit",
        "Capacity credit",
        "Headroom at the reliability standard and what each option adds",
        "LOLE of 0 says only that no sampled year lost load. The headroom says how far each "
        f"scenario is from its reliability standard: the load that could be added in {zone} "
        "before the system's expected loss of load (any zone short) reaches the standard. "
        "An option's capacity credit (ELCC) is the headroom it adds: the load it lets the "
        "system carry at the standard. The headroom change is the scenario's whole change "
        "against the one it is compared with; for a path it also counts the border "
        "capacity the right takes from other trade, which its ELCC does not.",
        table,
        f"Headroom by bisection over Monte Carlo runs with common random numbers, "
        f"{', '.join(map(str, sorted(samples)))} sample-years a run (fewer than the LOLE "
        "column's, to keep the many runs short: read the ± beside each figure); ELCC is the "
        "difference of two headrooms, the scenario's and the scenario's without the option "
        "(a path: its right unused, its capacity still reserved on the legs), its error taken "
        "sample by sample. LOLE is per horizon; the standard per year (docs/adequacy.md, "
        "Capacity credit).",
    )
