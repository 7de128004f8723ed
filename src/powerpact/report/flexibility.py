"""The flexibility study as a report section: starts, ramps and the value of flexibility of each
new plant, in its quick form (representative weeks scaled to the year, assess's default) or its
full form (`assess --flexibility full`). `section(results)` is the hook `assess`'s report calls."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from powerpact.report.html import Section

if TYPE_CHECKING:
    from powerpact.studies.flexibility import FlexibilityFigures, FlexibilityResult

# Columns of the table: FlexibilityFigures field → (heading, multiplier, decimals).
COLUMNS = {
    "starts": ("starts", 1.0, 1),
    "hours_online": ("hours online", 1.0, 0),
    "capacity_factor": ("capacity factor (%)", 100.0, 1),
    "ramp_mw_per_h_mean": ("mean ramp (MW/h)", 1.0, 1),
    "ramp_mw_per_h_max": ("max ramp (MW/h)", 1.0, 1),
    "start_cost_eur": ("start cost (EUR k)", 1e-3, 1),
    "saving_commitment_eur": ("saving, commitment on (EUR m)", 1e-6, 2),
    "saving_no_commitment_eur": ("saving, no commitment (EUR m)", 1e-6, 2),
    "value_of_flexibility_eur": ("value of flexibility (EUR m)", 1e-6, 2),
    "value_of_flexibility_se_eur": ("its standard error, quick form (EUR m)", 1e-6, 2),
}


def document(results: Sequence[FlexibilityResult]) -> dict[str, Any]:
    """results.json's `flexibility` key (scenario → plant → figures); nothing without results."""
    if not results:
        return {}
    by_scenario: dict[str, dict[str, Any]] = {}
    for result in results:
        by_scenario.setdefault(result.system, {})[result.figures().plant] = result.headline()
    return {"flexibility": by_scenario}


def table_rows(results: Sequence[FlexibilityResult]) -> list[list[str]]:
    rows = []
    for result in results:
        figures = result.figures().to_dict()
        rows.append(
            [result.system, result.figures().plant]
            + [
                f"{figures[key] * scale:,.{decimals}f}"
                for key, (_, scale, decimals) in COLUMNS.items()
            ]
        )
    return rows


# Half-width of the quick form's rough 95 % range of the value of flexibility, in standard errors.
Z95 = 1.96


def sentence(result: FlexibilityResult) -> str:
    f = result.figures()
    more = "more" if f.value_of_flexibility_eur >= 0 else "less"
    value_m = abs(f.value_of_flexibility_eur) / 1e6
    scaled = " (representative weeks scaled to them)" if f.form == "quick" else ""
    return (
        f"{f.plant} ({result.system}): {f.starts:,.1f} starts in {f.hours:,} hours{scaled}, "
        f"online {f.hours_online:,.0f} hours at a capacity factor of {f.capacity_factor:.1%}; "
        f"with start-ups and minimum loads priced it saves the system EUR {value_m:,.2f} m "
        f"{more} than the dispatch without commitment credits it with{uncertainty(f)}."
    )


def uncertainty(f: FlexibilityFigures) -> str:
    """The quick form's rough 95 % range, and whether it settles the sign; nothing for the full
    form."""
    if f.form != "quick":
        return ""
    half_m = Z95 * f.value_of_flexibility_se_eur / 1e6
    settled = (
        "so the sign is not settled"
        if abs(f.value_of_flexibility_eur) / 1e6 < half_m
        else "which settles the sign"
    )
    return f" (± EUR {half_m:,.2f} m from sampling weeks, a rough 95 % range, {settled})"


def ranking(results: Sequence[FlexibilityResult]) -> str:
    """Whether the quick form ranks the plants' values of flexibility: only when their rough
    95 % ranges do not overlap. Empty for fewer than two plants or the full form."""
    quick = [r.figures() for r in results if r.figures().form == "quick"]
    if len(quick) < 2:
        return ""
    ranges = [
        (
            f.value_of_flexibility_eur - Z95 * f.value_of_flexibility_se_eur,
            f.value_of_flexibility_eur + Z95 * f.value_of_flexibility_se_eur,
        )
        for f in quick
    ]
    overlap = any(
        a[0] <= b[1] and b[0] <= a[1] for i, a in enumerate(ranges) for b in ranges[i + 1 :]
    )
    if overlap:
        return (
            "The quick form does not rank the plants by value of flexibility: their ranges "
            "overlap (assess --flexibility full dispatches the whole year)."
        )
    return "The quick form's ranges do not overlap, so it ranks the plants by value of flexibility."


def section(results: Sequence[FlexibilityResult]) -> Section | None:
    """The report section; None without results."""
    if not results:
        return None
    head = "".join(f"<th>{escape(h)}</th>" for h, _, _ in COLUMNS.values())
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
        for row in table_rows(results)
    )
    words = "".join(f"<p>{escape(sentence(r))}</p>" for r in results)
    if ranking(results):
        words += f"<p>{escape(ranking(results))}</p>"
    mode = results[0].figures().commitment
    return Section(
        anchor="flexibility",
        nav="Flexibility",
        title="Starts, ramps and the value of flexibility of each new plant",
        lead=(
            "How each new plant runs when start-ups, minimum loads and minimum up and down times "
            "are priced, and how much more (or less) it saves the system than a dispatch that "
            "ignores them credits it with."
        ),
        # In a scrolling box, as the summary table: twelve columns are wider than the page.
        body=words
        + '<div class="scroll"><table>'
        + f"<tr><th>scenario</th><th>plant</th>{head}</tr>{body}</table></div>",
        note=(
            f"Unit commitment ({'tight LP relaxation' if mode == 'lp' else 'MILP'}) in rolling "
            "48 h windows keeping 24 h, with the derived commitment data (data/derived/"
            "commitment.csv: Serbian thermal units from Dispa-SET's PP_2015, the Niš options "
            "from PyPSA-Eur's unit_commitment.csv); units of other zones are not committable. "
            "Saving: system cost without the plant minus with it, over the run's hours. Value of "
            "flexibility: saving with commitment on minus saving with it off. Hours online: "
            "hours with output above zero; ramps: hour-to-hour output changes while online. "
            + form_note(results)
        ),
    )


def form_note(results: Sequence[FlexibilityResult]) -> str:
    """How the figures were made: the whole horizon, or which representative weeks."""
    weeks = max(r.figures().weeks for r in results)
    if all(r.figures().form == "full" for r in results):
        return "Full form: the four dispatches cover the whole horizon."
    return (
        f"Quick form: the four dispatches run on up to {weeks} representative weeks (the week of "
        "the highest net load and each season's medoid week, each starting afresh), weighted by "
        "the hours each stands for; the largest ramp is the largest in those weeks. Starts, "
        "hours online and capacity factor are sampled the same way: a season whose week the "
        "plant sits out counts as a season off. The ± "
        "range assumes every week differs from its representative as much as the "
        "representative weeks differ from one another (docs/flexibility.md compares the quick "
        "form with the whole year; assess --flexibility full runs it)."
    )
