"""One self-contained HTML report (no network needed to view it) for the latest document:
budget by pillar split by funding source, the 20 largest projects, new versus continuing
projects. The data is embedded as JSON and drawn as SVG by a small inline script; every
bar carries its figure (`data-value`), and the tables under the charts show the same
numbers, all read from the marts.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import duckdb

from serving.files import output_folder, replacing

# one colour per funding source, in printed order (a layout declares up to six)
COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")


def report_data(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Everything the charts draw, straight from the marts (latest document)."""
    document = con.execute(
        "select document_id, fiscal_year, title, file_name from marts.dim_document "
        "order by fiscal_year desc limit 1"
    ).fetchone()
    if document is None:
        raise ValueError("the warehouse holds no document")
    document_id, fiscal_year, title, file_name = document
    pillars = con.execute(
        "select p.pillar_no, p.pillar_mark, p.pillar_title, f.funding_source, "
        "f.amount_thousand_yen from marts.fct_pillar_funding as f "
        "join marts.dim_pillar as p using (document_id, pillar_no) "
        "where f.document_id = ? order by p.pillar_no, f.funding_source_seq",
        [document_id],
    ).fetchall()
    # the document's funding sources as its layout prints them, in printed order
    sources = list(dict.fromkeys(source for _, _, _, source, _ in pillars))
    by_pillar: dict[int, dict[str, Any]] = {}
    for pillar_no, mark, pillar_title, source, amount in pillars:
        entry = by_pillar.setdefault(pillar_no, {"label": f"{mark} {pillar_title}", "values": {}})
        entry["values"][source] = amount
    largest = con.execute(
        "select project_name, pillar_no, budget_thousand_yen, funding_status "
        "from marts.fct_budget_line where document_id = ? and not is_repost "
        "order by budget_thousand_yen desc, line_seq limit 20",
        [document_id],
    ).fetchall()
    new_vs_continuing = con.execute(
        "select case when is_new then 'new' else 'continuing' end as kind, "
        "count(*) as projects, sum(budget_thousand_yen) as budget, "
        "count(*) filter (where flags_status != 'exact') as not_proven "
        "from marts.fct_budget_line where document_id = ? and not is_repost "
        "group by 1 order by 1 desc",
        [document_id],
    ).fetchall()
    return {
        "document": {"fiscal_year": fiscal_year, "title": title, "file_name": file_name},
        "pillars": [by_pillar[k] for k in sorted(by_pillar)],
        "largest": [
            {"label": name, "pillar": pillar, "value": budget, "status": status}
            for name, pillar, budget, status in largest
        ],
        "new_vs_continuing": [
            {"label": kind, "projects": n, "value": budget, "not_proven": np_}
            for kind, n, budget, np_ in new_vs_continuing
        ],
        "sources": sources,
        "colors": [COLORS[i % len(COLORS)] for i in range(len(sources))],
    }


SCRIPT = r"""
const data = JSON.parse(document.getElementById('report-data').textContent);
const NS = 'http://www.w3.org/2000/svg';
const fmt = (v) => v.toLocaleString('ja-JP');
function el(name, attrs, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
function hbars(svgId, rows, segments, colors, kind) {
  const svg = document.getElementById(svgId);
  const labelW = 330, barW = 560, rowH = 24;
  const max = Math.max(...rows.map(r => segments.reduce((s, k) => s + (r.values[k] || 0), 0)));
  svg.setAttribute('viewBox', `0 0 ${labelW + barW + 120} ${rows.length * rowH + 30}`);
  rows.forEach((r, i) => {
    const y = i * rowH + 4;
    svg.appendChild(el('text', {x: labelW - 6, y: y + 15, 'text-anchor': 'end',
      'font-size': 11}, r.label.length > 30 ? r.label.slice(0, 29) + '…' : r.label));
    let x = labelW, total = 0;
    segments.forEach((k, j) => {
      const v = r.values[k] || 0;
      const w = max > 0 ? v / max * barW : 0;
      const rect = el('rect', {x, y, width: w, height: rowH - 6, fill: colors[j],
        class: kind === 'share' ? 'share' : 'bar', 'data-series': k, 'data-value': v});
      rect.appendChild(el('title', {}, `${r.label} ${k}: ${fmt(v)} 千円`));
      svg.appendChild(rect);
      x += w; total += v;
    });
    svg.appendChild(el('text', {x: x + 4, y: y + 15, 'font-size': 11},
      kind === 'share' ? '100%' : fmt(total)));
  });
}
hbars('chart-pillars', data.pillars, data.sources, data.colors);
hbars('chart-pillar-shares', data.pillars.map(p => {
  const total = Object.values(p.values).reduce((a, b) => a + b, 0);
  const values = {};
  for (const k of data.sources) {
    values[k] = total ? Math.round((p.values[k] || 0) / total * 1000) / 10 : 0;
  }
  return {label: p.label, values};
}), data.sources, data.colors, 'share');
hbars('chart-largest', data.largest.map(r => ({label: r.label, values: {'事業費': r.value}})),
      ['事業費'], ['#4c72b0']);
hbars('chart-new', data.new_vs_continuing.map(r => ({label: `${r.label} (${r.projects}事業)`,
      values: {'事業費': r.value}})), ['事業費'], ['#8172b2']);
document.body.setAttribute('data-charts-drawn',
  document.querySelectorAll('rect.bar').length.toString());
"""


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td class='num'>{v:,}</td>"
            if isinstance(v, int)
            else f"<td>{html.escape(str(v))}</td>"
            for v in row
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


# Characters that could end or comment out the <script> element holding the data (</script>,
# <!--), or that older JavaScript parsers read as line ends, escaped as JSON allows.
_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def embedded_json(data: Any) -> str:
    """JSON safe to place inside <script type="application/json">: it parses back to `data`."""
    text = json.dumps(data, ensure_ascii=False)
    return "".join(_SCRIPT_UNSAFE.get(char, char) for char in text)


def render(data: dict[str, Any]) -> str:
    doc = data["document"]
    legend = " ".join(
        f"<span style='color:{c}'>■</span> {html.escape(s)}"
        for s, c in zip(data["sources"], data["colors"], strict=True)
    )
    pillar_rows = [
        [p["label"], *(p["values"].get(s, 0) for s in data["sources"]), sum(p["values"].values())]
        for p in data["pillars"]
    ]
    largest_rows = [[r["label"], r["pillar"], r["value"], r["status"]] for r in data["largest"]]
    new_rows = [
        [r["label"], r["projects"], r["value"], r["not_proven"]] for r in data["new_vs_continuing"]
    ]
    payload = embedded_json(data)
    return f"""<!doctype html>
<html lang="ja"><head><meta charset="utf-8">
<title>{html.escape(doc["title"])}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; max-width: 1100px; }}
svg {{ width: 100%; height: auto; }}
table {{ border-collapse: collapse; font-size: 12px; margin: 0.5em 0 2em; }}
td, th {{ border: 1px solid #ccc; padding: 2px 6px; }} td.num {{ text-align: right; }}
.note {{ color: #555; font-size: 12px; }}
</style></head>
<body>
<h1>{html.escape(doc["title"])}</h1>
<p class="note">{doc["fiscal_year"]}年度 · {html.escape(doc["file_name"])} · 単位: 千円.
Funding by line is attributed (see funding_status); pillar totals are the printed pillar totals.</p>
<h2>Budget by pillar and funding source（基本方針別・財源別）</h2>
<p>{legend}</p>
<svg id="chart-pillars" role="img" aria-label="budget by pillar"></svg>
<p class="note">③ (loan funds) dwarfs the rest; the shares below show each pillar's split.</p>
<svg id="chart-pillar-shares" role="img" aria-label="funding shares by pillar (%)"></svg>
{_table(["基本方針", *data["sources"], "計"], pillar_rows)}
<h2>The 20 largest projects（事業費上位20事業）</h2>
<svg id="chart-largest" role="img" aria-label="largest projects"></svg>
{_table(["事業名", "基本方針", "事業費", "funding_status"], largest_rows)}
<h2>New versus continuing projects</h2>
<svg id="chart-new" role="img" aria-label="new versus continuing"></svg>
{_table(["区分", "事業数", "事業費", "○ not proven (inferred)"], new_rows)}
<p class="note">"new" is the new-project flag (is_new): exact where the text proves it, otherwise
by the rules in seeds/flag_inference_rules.csv (last column).</p>
<script id="report-data" type="application/json">{payload}</script>
<script>{SCRIPT}</script>
</body></html>
"""


def write_report(warehouse: Path, out: Path) -> Path:
    """Write the report as the exports are written: under a temporary name in its folder,
    then renamed over `out` (a link at `out` is replaced, never written through); a folder
    that is a symbolic link is refused."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        data = report_data(con)
    folder = output_folder(out.parent)
    target = folder / out.name
    with replacing(target) as temporary:
        temporary.write_text(render(data), encoding="utf-8")
    return target
