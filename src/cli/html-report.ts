import type { ReachabilityMatrix } from './graph';
import { visible } from './printable';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * JSON that is safe inside a <script> element: `</script>`, `<!--` and the line separators that
 * end a JavaScript string cannot appear in it.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const STYLE = `
  :root { --allowed: #1b7f3b; --denied: #f3d9d9; --na: #f4f4f4; --ink: #1d1d1d; }
  body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 1.5rem; }
  h1 { font-size: 1.3rem; margin: 0 0 .3rem; }
  p.summary { margin: 0 0 1rem; color: #444; }
  p.note { background: #fff4d6; border: 1px solid #e0c36a; padding: .4rem .6rem; margin: 0 0 .6rem; }
  .legend span { display: inline-block; margin-right: 1rem; }
  .swatch { display: inline-block; width: 1em; height: 1em; vertical-align: -2px; margin-right: .3em; border: 1px solid #999; }
  .wrap { display: flex; gap: 1.5rem; align-items: flex-start; flex-wrap: wrap; }
  table.matrix { border-collapse: collapse; }
  table.matrix th { font-weight: 600; font-size: 12px; padding: 2px 6px; white-space: nowrap; }
  table.matrix thead th { vertical-align: bottom; height: 9rem; }
  table.matrix thead th div { writing-mode: vertical-rl; transform: rotate(180deg); }
  table.matrix tbody th { text-align: right; position: sticky; left: 0; background: #fff; }
  table.matrix thead th { position: sticky; top: 0; background: #fff; }
  table.matrix th.hover { background: #e3ebff; }
  table.matrix td { width: 1.7rem; height: 1.7rem; min-width: 1.7rem; border: 1px solid #fff; text-align: center; cursor: pointer; font-size: 13px; }
  td.allowed { background: var(--allowed); color: #fff; }
  td.denied { background: var(--denied); color: #8a1f1f; }
  td.diagonal { box-shadow: inset 0 0 0 2px rgba(0, 0, 0, .25); }
  td.na { background: var(--na); cursor: default; }
  td.ports { width: auto; font-size: 11px; padding: 0 3px; white-space: nowrap; }
  td.ports.partial { background: #7fbf8f; color: #0b3a18; }
  td.selected { outline: 3px solid #1f4fbf; outline-offset: -3px; }
  #explanation { flex: 1 1 26rem; min-width: 20rem; }
  #explanation pre { white-space: pre-wrap; background: #f7f7f7; border: 1px solid #ddd; padding: .75rem; margin: 0; font-size: 13px; }
`;

// Builds the matrix from the embedded data. Every user string goes through textContent or an
// attribute, never innerHTML, so names in the manifests cannot inject markup.
const SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('matrix-data').textContent);
  var symbols = { allowed: '\\u2713', denied: '\\u2717', 'n/a': '' };
  var classes = { allowed: 'allowed', denied: 'denied', 'n/a': 'na' };
  var table = document.getElementById('matrix');
  var head = table.createTHead().insertRow();
  var corner = document.createElement('th');
  corner.textContent = 'from \\u2193  to \\u2192';
  head.appendChild(corner);
  data.nodes.forEach(function (node) {
    var th = document.createElement('th');
    var div = document.createElement('div');
    div.textContent = node.id;
    th.appendChild(div);
    th.scope = 'col';
    head.appendChild(th);
  });
  var body = table.createTBody();
  var explanation = document.getElementById('explanation-text');
  var selected = null;
  var counts = { allowed: 0, denied: 0 };
  var portCells = [];
  data.nodes.forEach(function (from, i) {
    var row = body.insertRow();
    var th = document.createElement('th');
    th.scope = 'row';
    th.textContent = from.id;
    row.appendChild(th);
    data.nodes.forEach(function (to, j) {
      var cell = data.cells[i][j];
      var td = row.insertCell();
      td.className = classes[cell.verdict] + (i === j ? ' diagonal' : '');
      td.setAttribute('data-from', from.id);
      td.setAttribute('data-to', to.id);
      td.setAttribute('data-verdict', cell.verdict);
      td.title = cell.explanation;
      td.textContent = symbols[cell.verdict];
      if (cell.connections !== undefined) {
        // The all-ports view: the connection set in the cell, refiltered by the port/protocol filter.
        td.classList.add('ports');
        portCells.push({ td: td, cell: cell });
      }
      if (counts[cell.verdict] !== undefined) counts[cell.verdict]++;
      td.id = 'cell-' + i + '-' + j;
      // Hovering a cell lights up its source and destination headers: big matrices stay readable.
      td.addEventListener('mouseenter', function () { th.classList.add('hover'); head.cells[j + 1].classList.add('hover'); });
      td.addEventListener('mouseleave', function () { th.classList.remove('hover'); head.cells[j + 1].classList.remove('hover'); });
      if (cell.verdict !== 'n/a') {
        td.addEventListener('click', function () {
          if (selected) selected.classList.remove('selected');
          selected = td;
          td.classList.add('selected');
          explanation.textContent = cell.explanation;
          if (history.replaceState) history.replaceState(null, '', '#' + td.id);
        });
      }
    });
  });
  var portInput = document.getElementById('port-filter');
  var protocolInput = document.getElementById('protocol-filter');
  function admits(ranges, protocol, port) {
    return ranges.some(function (r) {
      if (protocol && r[0] !== protocol) return false;
      if (!port) return r.length > 1;
      for (var k = 1; k < r.length; k += 2) if (port >= r[k] && port <= r[k + 1]) return true;
      return false;
    });
  }
  function applyFilter() {
    var port = portInput && portInput.value ? Number(portInput.value) : 0;
    var protocol = protocolInput ? protocolInput.value : '';
    portCells.forEach(function (p) {
      var ok = admits(p.cell.ranges, protocol, port);
      var label = port ? (protocol || 'any') + '/' + port : p.cell.connections === 'All Connections' ? 'All' : p.cell.connections;
      p.td.textContent = ok ? (port ? '\u2713' : label) : '';
      p.td.classList.toggle('allowed', ok);
      p.td.classList.toggle('denied', !ok);
      p.td.classList.toggle('partial', ok && !port && p.cell.connections !== 'All Connections');
      p.td.setAttribute('data-verdict', ok ? 'allowed' : 'denied');
    });
  }
  if (portInput) { portInput.addEventListener('input', applyFilter); protocolInput.addEventListener('change', applyFilter); applyFilter(); }
  document.getElementById('counts').textContent =
    counts.allowed + ' allowed, ' + counts.denied + ' denied connections between ' + data.nodes.length + ' endpoints.';
  // A link to #cell-<row>-<column> opens with that cell's explanation shown.
  var linked = location.hash.length > 1 ? document.getElementById(location.hash.slice(1)) : null;
  if (linked && linked.tagName === 'TD') linked.click();
  document.body.setAttribute('data-ready', 'true');
})();
`;

/** One self-contained page (inline CSS and JS, no network): the colour matrix of who can reach whom. */
export function renderHtmlReport(matrix: ReachabilityMatrix): string {
  const title = `Who can reach whom on ${matrix.title ?? `${matrix.protocol}/${matrix.port}`}`;
  const allPorts = matrix.cells.some((row) => row.some((c) => c.connections !== undefined));
  const filter = allPorts ? '<p class="filter">Show only: <label>port <input id="port-filter" type="number" min="1" max="65535" placeholder="any"></label> ' +
    '<label>protocol <select id="protocol-filter"><option value="">any</option><option>TCP</option><option>UDP</option><option>SCTP</option></select></label></p>' : '';
  // Markup is escaped by the DOM (textContent, attributes); invisible characters are shown as escapes.
  const data = {
    nodes: matrix.nodes.map((n) => ({ ...n, id: visible(n.id) })),
    cells: matrix.cells.map((row) => row.map((c) => ({ ...c, explanation: visible(c.explanation, '\n') }))),
  };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="summary">Rows are sources, columns are destinations; <b>internet</b> is any address outside the cluster.
Hover a cell for the verdict, click it for the explanation (the address of the page then links to it). <span id="counts"></span></p>
<p class="legend"><span><i class="swatch" style="background:var(--allowed)"></i>allowed</span><span><i class="swatch" style="background:var(--denied)"></i>denied</span><span>the outlined diagonal: one replica of a workload to another</span></p>
${(matrix.notes ?? []).map((n) => `<p class="note">${escapeHtml(visible(n))}</p>`).join('\n')}
${filter}
<noscript><p>This report builds its matrix with JavaScript; please enable it.</p></noscript>
<div class="wrap">
<table class="matrix" id="matrix"></table>
<div id="explanation"><h2 style="font-size:1rem;margin:0 0 .4rem">Explanation</h2><pre id="explanation-text">Click a cell of the matrix.</pre></div>
</div>
<script type="application/json" id="matrix-data">${scriptSafeJson(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
