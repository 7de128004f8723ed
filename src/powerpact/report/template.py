"""The HTML page of the report: one self-contained file, styled inline, charts drawn offline.

Kept as a Python string (not a package data file) so that it ships with every kind of install.
"""

PAGE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
:root {
  --ink: #1d2733; --muted: #5b6b7c; --line: #dde3ea; --paper: #ffffff; --wash: #f4f6f9;
  --accent: #0b5cad; --good: #1a7f4b; --bad: #b3261e;
}
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue",
  Arial, sans-serif; color: var(--ink); background: var(--wash); }
header { background: #10263f; color: #fff; padding: 28px 0 22px; }
header .wrap > p { margin: 4px 0 0; color: #c4d3e3; }
header h1 { margin: 0; font-size: 26px; font-weight: 600; letter-spacing: .2px; }
nav { background: #0d1f33; position: sticky; top: 0; z-index: 10; }
nav a { color: #c4d3e3; text-decoration: none; display: inline-block; padding: 9px 12px;
  font-size: 13px; }
nav a:hover { color: #fff; background: #1b3656; }
.wrap { max-width: 1120px; margin: 0 auto; padding: 0 24px; }
main .wrap { padding-top: 22px; padding-bottom: 40px; }
section { background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
  padding: 20px 24px; margin: 0 0 20px; }
h2 { font-size: 19px; margin: 0 0 6px; font-weight: 600; }
h3 { font-size: 15px; margin: 16px 0 6px; }
p.lead { margin: 0 0 12px; color: var(--muted); max-width: 820px; }
p.note { font-size: 13px; color: var(--muted); margin: 8px 0 0; }
.verdict { font-size: 16px; line-height: 1.5; border-left: 4px solid var(--accent);
  padding: 4px 0 4px 34px; margin: 8px 0 18px; max-width: 900px; }
.verdict li { margin: 0 0 6px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: right;
  white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
thead th { background: var(--wash); font-weight: 600; }
tr.delta td { color: var(--muted); font-size: 12px; border-bottom-style: dashed; }
tr.ref td { color: var(--muted); font-style: italic; }
/* scenario names may break at their hyphens, so eight scenarios fit without scrolling */
#summary-table th, #summary-table td { padding: 5px 6px; }
#summary-table thead th, #summary-table tr.ref td { white-space: normal; vertical-align: bottom; }
#summary-table td:first-child { white-space: normal; min-width: 12em; }
.scroll { overflow-x: auto; }
.scroll.tall { max-height: 560px; overflow-y: auto; border: 1px solid var(--line); }
.scroll.tall thead th { position: sticky; top: 0; }
table.text td, table.text th { text-align: left; white-space: normal; vertical-align: top; }
/* long sources (URLs, titles) wrap inside the page's width: the table never overflows */
#sources-table { table-layout: fixed; }
#sources-table td, #sources-table th { overflow-wrap: anywhere; word-break: break-word; }
.chart { width: 100%; min-height: 420px; }
dl.scen { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.scen dt { font-weight: 600; } dl.scen dd { margin: 0; }
dl.scen ul { margin: 2px 0 6px; padding-left: 18px; color: var(--muted); font-size: 13px; }
code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
details summary { cursor: pointer; color: var(--accent); }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 10px 0 30px; }
</style>
<script type="text/javascript">{{ plotlyjs|safe }}</script>
</head>
<body>
<header><div class="wrap">
  <h1>{{ title }}</h1>
  <p>{{ subtitle }}</p>
</div></header>
<nav><div class="wrap">
  <a href="#summary">Summary</a>
  {% for section in sections %}<a href="#{{ section.anchor }}">{{ section.nav }}</a>{% endfor %}
  <a href="#scenarios">Scenarios</a><a href="#sources">Sources</a>
  <a href="#provenance">Provenance</a>
</div></nav>
<main><div class="wrap">

<section id="summary">
  <h2>Executive summary</h2>
  <ul class="verdict" id="verdict">
  {% for finding in findings %}<li>{{ finding }}</li>{% endfor %}
  </ul>
  <div class="scroll"><table id="summary-table">
    <thead><tr><th></th>
      {% for name in summary.columns %}<th>{{ name }}</th>{% endfor %}</tr></thead>
    <tbody>
    {% for label, row in summary.iterrows() %}
      <tr{% if label.startswith("Δ") %} class="delta"{% elif label == "compared with" %}
        class="ref"{% endif %}><td>{{ label }}</td>
      {% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>
    {% endfor %}
    </tbody>
  </table></div>
  <p class="note">Δ rows: the change against the scenario named in the first row, the one each
  scenario edits (its <code>base:</code>) when that was run too, else the baseline; percentages
  change in points (pt). ± figures are 95 % confidence intervals (1.96 standard errors) of the
  Monte Carlo estimate. {{ units }} LOLE: expected hours when demand exceeds available supply; EENS:
  expected energy not served; N-1: share of peak-day gas demand met with the largest gas
  infrastructure out (EU standard: at least 100 %); HHI: supplier concentration, 0–10,000. Costs
  are in EUR of the study year; operating cost before penalties leaves out the penalties for lost
  load and for non-power gas not delivered, shown in their own row.</p>
</section>

{% for section in sections %}
<section id="{{ section.anchor }}">
  <h2>{{ section.title }}</h2>
  <p class="lead">{{ section.lead }}</p>
  {{ section.body|safe }}
  {% if section.note %}<p class="note">{{ section.note }}</p>{% endif %}
</section>
{% endfor %}

<section id="scenarios">
  <h2>Scenarios and assumptions</h2>
  <dl class="scen">
  {% for s in scenarios %}
    <dt>{{ s.name }}{% if s.name == baseline %} (baseline){% endif %}</dt>
    <dd>{{ s.description or "–" }}
      {% if s.assumptions %}<ul>{% for a in s.assumptions %}<li>{{ a }}</li>{% endfor %}</ul>
      {% endif %}
    </dd>
  {% endfor %}
  </dl>
</section>

<section id="sources">
  <h2>Sources of the inputs</h2>
  <p class="lead">Where every input number comes from, as listed in the system's
  <code>sources.csv</code>.</p>
  <div class="scroll tall"><table class="text" id="sources-table">
    <thead><tr>{% for c in sources.columns %}<th>{{ c }}</th>{% endfor %}</tr></thead>
    <tbody>
    {% for _, row in sources.iterrows() %}
      <tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>
    {% endfor %}
    </tbody>
  </table></div>
</section>

<section id="provenance">
  <h2>Provenance</h2>
  <p class="lead">What produced these numbers. The same inputs, seed and version give the same
  results.</p>
  <table class="text">
  {% for key, text in provenance if not key.startswith("input_hashes") %}
    <tr><th>{{ key }}</th><td><code>{{ text }}</code></td></tr>{% endfor %}
  </table>
  <details><summary>SHA-256 of every input file</summary>
  <table class="text">
  {% for key, text in provenance if key.startswith("input_hashes") %}
    <tr><th>{{ key[15:] }}</th><td><code>{{ text }}</code></td></tr>{% endfor %}
  </table></details>
</section>

</div></main>
<footer>powerpact {{ version }} · generated {{ generated }} · works offline</footer>
</body>
</html>
"""
