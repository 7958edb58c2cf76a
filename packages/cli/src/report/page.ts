/**
 * The report as one self-contained HTML file: inline CSS and script, the data in a JSON script
 * block, no network and no external fonts. The map is drawn on a canvas from the bins (a fixed
 * number, whatever the dump's size), so a 1 GiB dump's page stays light.
 */
import type { ReportDocument } from './document.js';

/** JSON safe inside <script>: no `</script>` or `<!--` can end or open anything. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function reportHtml(doc: ReportDocument): string {
  const title = `xenlu report: ${doc.dumps.map((d) => d.file).join(' vs ')}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>xenlu report</h1><div id="dumps"></div></header>
<main>
<section class="card" id="map-card">
  <div class="card-head"><h2>Machine memory map</h2><div class="toolbar" id="toolbar"></div></div>
  <div id="map-summary" class="muted"></div>
  <div class="map-wrap"><canvas id="map" width="1120" height="460"></canvas><div id="tip" hidden></div></div>
  <div id="legend"></div>
  <div class="muted small">Each cell is a run of machine frames, filled bottom-up by owner in proportion (at least 2 px for any owner); grey is free. Hover for the cell's frames and owners, drag across cells to zoom in, click a finding or a domain to highlight where it is.</div>
</section>
<section class="card" id="diff-card" hidden><div class="card-head"><h2>Differences</h2></div><div id="diff"></div></section>
<section class="card" id="findings-card"><div class="card-head"><h2>Validation findings</h2></div><div id="findings"></div></section>
<section class="card"><div class="card-head"><h2>Domains</h2><span class="muted" id="domains-of"></span></div><div class="scroll"><table id="domains"></table></div></section>
<section class="card"><div class="card-head"><h2>Record sizes by type</h2><span class="muted" id="types-of"></span></div><table id="types"></table></section>
</main>
<script type="application/json" id="xenlu-report-data">${scriptJson(doc)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

const CSS = `
:root { --fg: #1f2937; --muted: #6b7280; --line: #e5e7eb; --bg: #f6f7f9; --card: #fff; --accent: #2563eb; --bad: #dc2626; --warn: #b45309; --ok: #15803d; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Liberation Sans", sans-serif; }
header { padding: 14px 24px 6px; }
h1 { font-size: 20px; margin: 0 0 6px; }
h2 { font-size: 15px; margin: 0; }
main { padding: 0 24px 24px; display: grid; grid-template-columns: minmax(0, 1fr); gap: 14px; max-width: 1400px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
.card-head { display: flex; align-items: center; gap: 16px; margin-bottom: 8px; flex-wrap: wrap; }
.muted { color: var(--muted); }
.small { font-size: 12px; margin-top: 6px; }
.mono, td.num, .path { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo, monospace; font-size: 12.5px; }
.dump { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: baseline; margin: 2px 0; }
.dump b { font-size: 14px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; }
.badge.valid { background: var(--ok); } .badge.invalid, .badge.refused, .badge.unreadable { background: var(--bad); } .badge.note { background: var(--warn); }
.toolbar { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
button { font: inherit; font-size: 13px; padding: 3px 10px; border: 1px solid #cbd5e1; background: #fff; border-radius: 6px; cursor: pointer; }
button.on { background: var(--accent); color: #fff; border-color: var(--accent); }
.map-wrap { position: relative; margin-top: 6px; }
canvas#map { display: block; cursor: crosshair; }
#tip { position: absolute; pointer-events: none; background: rgba(17, 24, 39, .94); color: #fff; padding: 6px 9px; border-radius: 6px; font-size: 12px; line-height: 1.4; max-width: 360px; z-index: 2; }
#tip .sw { border-color: #fff; }
#legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin-top: 8px; font-size: 12.5px; }
.sw { display: inline-block; width: 11px; height: 11px; border-radius: 2px; vertical-align: -1px; margin-right: 5px; border: 1px solid rgba(0, 0, 0, .15); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { font-size: 12px; color: var(--muted); font-weight: 600; position: sticky; top: 0; background: var(--card); }
td.num, th.num { text-align: right; }
tr.domain-row { cursor: pointer; }
tr.domain-row:hover { background: #f1f5f9; }
tr.hl, li.hl { background: #fef3c7 !important; outline: 2px solid #f59e0b; }
.scroll { max-height: 420px; overflow: auto; }
.bar { display: inline-flex; height: 10px; width: 160px; background: #f1f5f9; border-radius: 2px; overflow: hidden; vertical-align: middle; }
.bar > span { display: block; height: 100%; }
ul.list { list-style: none; margin: 0; padding: 0; max-height: 340px; overflow: auto; }
ul.list li { padding: 4px 6px; border-bottom: 1px solid var(--line); cursor: pointer; }
ul.list li:hover { background: #f1f5f9; }
.sev { display: inline-block; min-width: 58px; font-size: 11.5px; font-weight: 700; text-transform: uppercase; }
.sev.error { color: var(--bad); } .sev.warning { color: var(--warn); } .sev.info { color: var(--muted); }
.rule { font-weight: 600; margin-right: 6px; }
.path { color: #334155; margin-right: 6px; }
.kind-added { color: var(--ok); } .kind-removed { color: var(--bad); } .kind-changed { color: var(--warn); } .kind-inexpressible { color: #0e7490; }
.tag { font-size: 11px; font-weight: 700; color: var(--muted); margin-right: 6px; }
#diff-count { font-weight: 700; }
`;

// The page's script: plain ES5-style JavaScript in a string (no build step, nothing fetched).
const SCRIPT = String.raw`
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('xenlu-report-data').textContent);
  var DUMPS = DATA.dumps;
  var COLS = 128, CW = 8, CH = 14, LEFT = 92, TOP = 2, MAXCELLS = 4096;
  var FREE = '#e5e7eb';
  var XEN = { bootmem: '#334155', m2p: '#78716c', stream: '#0f172a' };
  var XEN_NAME = { bootmem: 'bootmem', m2p: 'M2P', stream: 'stream pages' };
  var P2M_COLORS = { ram: '#2563eb', mmio: '#9333ea', grant: '#059669', foreign: '#d97706', shared: '#db2777', pod: '#94a3b8', other: '#cbd5e1' };
  var state = { dump: 0, v0: 0, v1: DUMPS[0].map.nbins, hl: null, changes: !!DATA.diff, drag: null };

  function $(id) { return document.getElementById(id); }
  function el(tag, props, kids) {
    var e = document.createElement(tag);
    if (props) Object.keys(props).forEach(function (k) {
      if (k === 'text') e.textContent = props[k];
      else if (k === 'cls') e.className = props[k];
      else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), props[k]);
      else e.setAttribute(k, props[k]);
    });
    (kids || []).forEach(function (c) { if (c != null) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function fmt(n) { return Number(n).toLocaleString('en-US'); }
  function hex(n) { return '0x' + Number(n).toString(16); }
  function bytes(n) {
    return n >= 1073741824 ? (n / 1073741824).toFixed(1) + ' GiB' : n >= 1048576 ? (n / 1048576).toFixed(1) + ' MiB' : n >= 1024 ? (n / 1024).toFixed(1) + ' KiB' : n + ' B';
  }
  function domColor(domid) { return 'hsl(' + ((domid * 137.508 + 210) % 360).toFixed(0) + ',65%,' + (domid % 2 ? 45 : 56) + '%)'; }
  function ownerColor(o) { return o.kind === 'domain' ? domColor(o.domid) : XEN[o.kind]; }
  function swatch(color) { var s = el('span', { cls: 'sw' }); s.style.background = color; return s; }

  // Frames per owner summed over the bins, plus what lies beyond the map: each owner's total.
  DUMPS.forEach(function (d) {
    var t = d.map.owners.map(function (o) { return Number(o.outside); });
    d.map.bins.forEach(function (b) { for (var i = 0; i < b.length; i += 2) t[b[i]] += b[i + 1]; });
    d.binned = t;
    d.ownerOf = {};
    d.map.owners.forEach(function (o, i) { if (o.kind === 'domain') d.ownerOf[o.domid] = i; });
  });
  var changed = {};
  if (DATA.diff) DATA.diff.ownerChangedBins.forEach(function (c) { changed[c[0]] = c[1]; });

  // ---- header
  DUMPS.forEach(function (d, i) {
    var v = d.validation;
    var verdict = v.status === 'valid' ? 'valid' : v.status;
    var counts = (v.errors ? v.errors + ' error' + (v.errors === 1 ? '' : 's') : '') + (v.warnings ? (v.errors ? ', ' : '') + v.warnings + ' warning' + (v.warnings === 1 ? '' : 's') : '');
    $('dumps').appendChild(el('div', { cls: 'dump' }, [
      DUMPS.length > 1 ? el('span', { cls: 'tag', text: i ? 'B' : 'A' }) : null,
      el('b', { cls: 'mono', text: d.file }),
      el('span', { cls: 'badge ' + v.status, text: verdict + (counts ? ': ' + counts : '') }),
      v.streamed ? el('span', { cls: 'badge note', title: v.note, text: v.streamed === 'by-domain' ? 'rules run domain by domain' : 'structure only' }) : null,
      el('span', { cls: 'muted', text: 'schema v' + d.schemaVersion + ' \u00b7 ' + (d.producer || 'unknown producer') + ' \u00b7 ' + fmt(d.domains.length) + ' domains \u00b7 ' +
        fmt(d.records) + ' records \u00b7 ' + bytes(d.size) + ' \u00b7 ' + fmt(d.totalPages) + ' host frames (' + bytes(Number(d.totalPages) * 4096) + ')' }),
    ]));
  });

  // ---- map
  var canvas = $('map'), ctx = canvas.getContext('2d'), tip = $('tip');
  function cur() { return DUMPS[state.dump]; }
  function ncells() { return Math.min(MAXCELLS, state.v1 - state.v0); }
  function cellBins(i) { var n = ncells(), len = state.v1 - state.v0; return [state.v0 + Math.floor(i * len / n), state.v0 + Math.floor((i + 1) * len / n)]; }
  function binFrames(d, b) { var f = b * d.map.binSize; return [f, Math.min(d.map.totalPages, f + d.map.binSize)]; }
  function cellData(d, i) {
    var r = cellBins(i), own = {}, first = binFrames(d, r[0])[0], end = binFrames(d, r[1] - 1)[1], ch = 0;
    for (var b = r[0]; b < r[1]; b++) {
      var x = d.map.bins[b];
      for (var k = 0; k < x.length; k += 2) own[x[k]] = (own[x[k]] || 0) + x[k + 1];
      ch += changed[b] || 0;
    }
    return { bins: r, first: first, end: end, owners: own, changed: ch };
  }
  function hit(d, c) {
    var h = state.hl;
    if (!h) return false;
    if (h.domid != null && d.ownerOf[h.domid] != null && c.owners[d.ownerOf[h.domid]]) return true;
    for (var k = 0; k < h.ranges.length; k++) { var s = h.ranges[k][0], e = s + h.ranges[k][1]; if (s < c.end && e > c.first) return true; }
    return false;
  }
  function order(d, own) {
    return Object.keys(own).map(Number).sort(function (a, b) {
      var xa = d.map.owners[a].kind !== 'domain', xb = d.map.owners[b].kind !== 'domain';
      return xa !== xb ? (xa ? -1 : 1) : own[b] - own[a];
    });
  }
  function draw() {
    var d = cur(), n = ncells(), rows = Math.ceil(n / COLS), dpr = window.devicePixelRatio || 1;
    var w = LEFT + COLS * CW + 4, h = TOP + rows * CH + 4;
    canvas.width = w * dpr; canvas.height = h * dpr; canvas.style.width = w + 'px'; canvas.style.height = h + 'px';
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.font = '11px ui-monospace, "DejaVu Sans Mono", monospace';
    ctx.textBaseline = 'middle';
    var hits = 0, outlines = [], reds = [];
    for (var i = 0; i < n; i++) {
      var c = cellData(d, i), x = LEFT + (i % COLS) * CW, y = TOP + Math.floor(i / COLS) * CH;
      if (i % COLS === 0) { ctx.fillStyle = '#6b7280'; ctx.textAlign = 'right'; ctx.fillText(hex(c.first), LEFT - 8, y + CH / 2); }
      var isHit = hit(d, c);
      if (isHit) { hits++; outlines.push([x, y]); }
      ctx.globalAlpha = state.hl && !isHit ? 0.4 : 1;
      ctx.fillStyle = FREE; ctx.fillRect(x, y, CW - 1, CH - 1);
      var cap = Math.max(1, c.end - c.first), top = y + CH - 1;
      order(d, c.owners).forEach(function (o) {
        if (top <= y) return;
        var hh = Math.min(top - y, Math.max(2, Math.round((CH - 1) * c.owners[o] / cap)));
        ctx.fillStyle = ownerColor(d.map.owners[o]); ctx.fillRect(x, top - hh, CW - 1, hh); top -= hh;
      });
      if (state.changes && c.changed) reds.push([x, y]);
    }
    ctx.globalAlpha = 1;
    ctx.lineWidth = 2; ctx.strokeStyle = '#f59e0b';
    reds.forEach(function (p) { ctx.strokeRect(p[0] + 0.75, p[1] + 0.75, CW - 2.5, CH - 2.5); });
    ctx.strokeStyle = '#111827';
    outlines.forEach(function (p) { ctx.strokeRect(p[0] - 0.25, p[1] - 0.25, CW - 0.5, CH - 0.5); });
    canvas.setAttribute('data-highlight-cells', String(hits));
    canvas.setAttribute('data-changed-cells', String(reds.length));
    canvas.setAttribute('data-view', state.v0 + '-' + state.v1);
    var a = binFrames(d, state.v0)[0], b = binFrames(d, state.v1 - 1)[1];
    $('zoom').textContent = state.v0 === 0 && state.v1 === d.map.nbins ? 'whole map, ' + fmt(d.map.binSize) + ' frames per cell' :
      'frames ' + hex(a) + '\u2013' + hex(b - 1) + ' (' + fmt(b - a) + ' frames, ' + fmt(Math.ceil((b - a) / n)) + ' per cell)';
    summary();
  }
  function cellAt(ev) {
    var r = canvas.getBoundingClientRect(), x = ev.clientX - r.left - LEFT, y = ev.clientY - r.top - TOP;
    if (x < 0 || y < 0 || x >= COLS * CW) return -1;
    var i = Math.floor(y / CH) * COLS + Math.floor(x / CW);
    return i < ncells() ? i : -1;
  }
  canvas.addEventListener('mousemove', function (ev) {
    var i = cellAt(ev);
    if (i < 0) { tip.hidden = true; return; }
    var d = cur(), c = cellData(d, i), used = 0;
    tip.textContent = '';
    tip.appendChild(el('div', { cls: 'mono', text: 'frames ' + hex(c.first) + '\u2013' + hex(c.end - 1) + ' (' + fmt(c.end - c.first) + ')' }));
    order(d, c.owners).slice(0, 10).forEach(function (o) {
      used += c.owners[o];
      var ow = d.map.owners[o];
      tip.appendChild(el('div', null, [swatch(ownerColor(ow)), (ow.kind === 'domain' ? 'domain ' + ow.domid : XEN_NAME[ow.kind]) + ': ' + fmt(c.owners[o]) + ' frames']));
    });
    var more = Object.keys(c.owners).length - 10;
    if (more > 0) tip.appendChild(el('div', { text: '\u2026 and ' + more + ' more owners' }));
    Object.keys(c.owners).forEach(function (o, k) { if (k >= 10) used += c.owners[o]; });
    tip.appendChild(el('div', null, [swatch(FREE), 'free: ' + fmt(Math.max(0, c.end - c.first - used)) + ' frames']));
    if (DATA.diff && c.changed) tip.appendChild(el('div', { text: 'owner changed A\u2192B: ' + fmt(c.changed) + ' frames' }));
    var r = canvas.getBoundingClientRect();
    tip.hidden = false;
    tip.style.left = Math.min(ev.clientX - r.left + 14, r.width - 300) + 'px';
    tip.style.top = (ev.clientY - r.top + 16) + 'px';
  });
  canvas.addEventListener('mouseleave', function () { tip.hidden = true; });
  canvas.addEventListener('mousedown', function (ev) { state.drag = cellAt(ev); });
  canvas.addEventListener('mouseup', function (ev) {
    var a = state.drag, b = cellAt(ev);
    state.drag = null;
    if (a < 0 || b < 0 || a === b) return;
    var lo = cellBins(Math.min(a, b))[0], hi = cellBins(Math.max(a, b))[1];
    zoomTo(lo, hi);
  });
  function zoomTo(lo, hi) { state.v0 = Math.max(0, lo); state.v1 = Math.min(cur().map.nbins, Math.max(hi, lo + 1)); draw(); }

  var tb = $('toolbar');
  var dumpButtons = [];
  if (DUMPS.length > 1) {
    DUMPS.forEach(function (d, i) {
      var btn = el('button', { text: (i ? 'B: ' : 'A: ') + d.file, onclick: function () { select(i); } });
      dumpButtons.push(btn); tb.appendChild(btn);
    });
    var cb = el('input', { type: 'checkbox', id: 'show-changes', onchange: function () { state.changes = cb.checked; draw(); } });
    cb.checked = true;
    tb.appendChild(el('label', null, [cb, ' outline cells whose owner changed A\u2192B']));
  }
  tb.appendChild(el('button', { text: 'Whole map', onclick: function () { zoomTo(0, cur().map.nbins); } }));
  tb.appendChild(el('button', { text: 'Zoom out', onclick: function () { var len = state.v1 - state.v0, mid = state.v0 + len / 2; zoomTo(Math.floor(mid - len * 2), Math.ceil(mid + len * 2)); } }));
  tb.appendChild(el('button', { text: 'Clear highlight', onclick: function () { highlight(null); } }));
  tb.appendChild(el('span', { cls: 'muted mono', id: 'zoom' }));

  function summary() {
    var d = cur(), dom = 0, xen = 0;
    d.map.owners.forEach(function (o, i) { if (o.kind === 'domain') dom += d.binned[i]; else xen += d.binned[i]; });
    var total = Number(d.totalPages);
    $('map-summary').textContent = (DUMPS.length > 1 ? (state.dump ? 'B' : 'A') + ': ' : '') + fmt(total) + ' host frames: ' + fmt(dom) + ' owned by ' + d.domains.length + ' domains, ' +
      fmt(xen) + ' in Xen ranges (bootmem, M2P, stream), ' + fmt(Math.max(0, total - dom - xen)) + ' free' + (DATA.diff ? '; owner changed A\u2192B: ' + fmt(DATA.diff.ownerChangedFrames) + ' frames (at cell resolution)' : '');
    var lg = $('legend');
    lg.textContent = '';
    lg.appendChild(el('span', null, [swatch(FREE), 'free']));
    ['bootmem', 'm2p', 'stream'].forEach(function (k) { lg.appendChild(el('span', null, [swatch(XEN[k]), XEN_NAME[k]])); });
    d.domains.slice().sort(function (a, b) { return d.binned[b.owner] - d.binned[a.owner]; }).slice(0, 12).forEach(function (x) {
      lg.appendChild(el('span', null, [swatch(domColor(x.domid)), 'd' + x.domid]));
    });
    if (d.domains.length > 12) lg.appendChild(el('span', { cls: 'muted', text: '\u2026 colours of the others in the domain table' }));
    if (DATA.diff) { var r = el('span', null, [el('span', { cls: 'sw' }), 'owner changed A\u2192B']); r.firstChild.style.border = '2px solid #f59e0b'; lg.appendChild(r); }
  }

  // ---- highlight: a finding or a domain, on the map and in the domain table
  function highlight(h, item) {
    state.hl = h;
    document.querySelectorAll('.hl').forEach(function (e) { e.classList.remove('hl'); });
    if (item) item.classList.add('hl');
    var row = h ? (h.row != null ? h.row : h.domid) : null;
    if (row != null) document.querySelectorAll('tr.domain-row[data-domid="' + row + '"]').forEach(function (r) { r.classList.add('hl'); });
    draw();
  }

  // ---- domains and record types of the dump shown
  function tables() {
    var d = cur(), maxBytes = Math.max.apply(null, d.domains.map(function (x) { return x.bytes; }).concat([1]));
    $('domains-of').textContent = DUMPS.length > 1 ? 'of ' + (state.dump ? 'B' : 'A') + ': ' + d.file : '';
    $('types-of').textContent = $('domains-of').textContent;
    var t = $('domains');
    t.textContent = '';
    t.appendChild(el('tr', null, ['', 'domid', 'type', 'state', 'vCPUs', 'ports', 'owned frames', 'P2M coverage (guest frames)', 'P2M runs', 'findings', 'records', 'bytes'].map(function (h, k) {
      return el('th', { cls: k >= 4 && k !== 7 ? 'num' : '', text: h });
    })));
    var nf = {};
    d.findings.forEach(function (f) { if (f.domid != null) nf[f.domid] = (nf[f.domid] || 0) + 1; });
    d.domains.forEach(function (x) {
      var mapped = 0, bar = el('span', { cls: 'bar' }), title = [];
      Object.keys(x.p2m).forEach(function (k) { mapped += Number(x.p2m[k]); });
      Object.keys(x.p2m).forEach(function (k) {
        var n = Number(x.p2m[k]);
        if (!n) return;
        var s = el('span'); s.style.width = (100 * n / mapped) + '%'; s.style.background = P2M_COLORS[k]; bar.appendChild(s);
        title.push(k + ' ' + fmt(n));
      });
      bar.title = title.join(', ') || 'no P2M (PV)';
      var bb = el('span', { cls: 'bar' }), s2 = el('span'); s2.style.width = (100 * x.bytes / maxBytes) + '%'; s2.style.background = '#64748b'; bb.appendChild(s2);
      var row = el('tr', { cls: 'domain-row', 'data-domid': String(x.domid), onclick: function () { highlight({ domid: x.domid, ranges: [] }, null); } }, [
        el('td', null, [swatch(domColor(x.domid))]), el('td', { cls: 'num', text: String(x.domid) }), el('td', { text: x.type }), el('td', { text: x.state }),
        el('td', { cls: 'num', text: fmt(x.vcpus) }), el('td', { cls: 'num', text: fmt(x.eventChannels) }),
        el('td', { cls: 'num owned', text: fmt(d.binned[x.owner]) }),
        el('td', null, [bar, el('span', { cls: 'muted mono', text: ' ' + (mapped ? fmt(mapped) : 'none (PV)') })]),
        el('td', { cls: 'num', text: fmt(x.p2mRuns) }), el('td', { cls: 'num', text: nf[x.domid] ? String(nf[x.domid]) : '' }),
        el('td', { cls: 'num', text: fmt(x.records) }), el('td', { cls: 'num' }, [bb, ' ' + bytes(x.bytes)]),
      ]);
      if (state.hl && (state.hl.row != null ? state.hl.row : state.hl.domid) === x.domid) row.classList.add('hl');
      t.appendChild(row);
    });
    var p2mLegend = el('div', { cls: 'small muted' }, ['P2M: '].concat(Object.keys(P2M_COLORS).map(function (k) { return el('span', { style: 'margin-right:10px' }, [swatch(P2M_COLORS[k]), k]); })));
    var old = $('p2m-legend'); if (old) old.remove();
    p2mLegend.id = 'p2m-legend';
    t.parentNode.parentNode.appendChild(p2mLegend);
    var tt = $('types'), total = d.size;
    tt.textContent = '';
    tt.appendChild(el('tr', null, ['record type', 'records', 'bytes', 'share'].map(function (h, k) { return el('th', { cls: k ? 'num' : '', text: h }); })));
    d.recordTypes.forEach(function (r) {
      var bar = el('span', { cls: 'bar' }), s = el('span'); s.style.width = (100 * r.bytes / total) + '%'; s.style.background = '#2563eb'; bar.appendChild(s);
      tt.appendChild(el('tr', null, [el('td', { cls: 'mono', text: r.name }), el('td', { cls: 'num', text: fmt(r.count) }), el('td', { cls: 'num', text: fmt(r.bytes) }),
        el('td', { cls: 'num' }, [bar, ' ' + (100 * r.bytes / total).toFixed(1) + '%'])]));
    });
  }

  // ---- findings of every dump
  (function () {
    var box = $('findings'), ul = el('ul', { cls: 'list' }), n = 0;
    DUMPS.forEach(function (d, i) {
      d.findings.forEach(function (f) {
        n++;
        var li = el('li', { cls: 'finding', 'data-dump': String(i) }, [
          DUMPS.length > 1 ? el('span', { cls: 'tag', text: i ? 'B' : 'A' }) : null,
          el('span', { cls: 'sev ' + f.severity, text: f.severity }), el('span', { cls: 'rule', text: f.rule }), f.path ? el('span', { cls: 'path', text: f.path }) : null, f.message,
        ]);
        li.addEventListener('click', function () { if (state.dump !== i) select(i); highlight({ domid: f.domid, ranges: f.ranges }, li); $('map-card').scrollIntoView({ block: 'start' }); });
        ul.appendChild(li);
      });
    });
    var notes = DUMPS.filter(function (d) { return d.validation.note; }).map(function (d) { return el('div', { cls: 'small muted', text: d.file + ': ' + d.validation.note }); });
    box.appendChild(n ? ul : el('div', { cls: 'muted', text: 'No findings: every rule that ran passed.' }));
    notes.forEach(function (x) { box.appendChild(x); });
  })();

  // ---- the diff of two dumps
  if (DATA.diff) {
    var df = DATA.diff, c = df.counts, box = $('diff');
    $('diff-card').hidden = false;
    box.appendChild(el('div', null, [el('span', { id: 'diff-count', text: String(df.differences) }), ' difference' + (df.differences === 1 ? '' : 's') + ': ' + c.added + ' added, ' + c.removed + ' removed, ' + c.changed + ' changed' +
      (c.inexpressible ? '; ' + c.inexpressible + ' not expressible in both versions' : '') + ' (schema v' + df.versionA + ' vs v' + df.versionB + ')' +
      (df.entries.length < c.added + c.removed + c.changed + c.inexpressible ? '; the first ' + df.entries.length + ' listed' : '')]));
    var ul = el('ul', { cls: 'list' }), mark = { added: '+', removed: '-', changed: '~', inexpressible: '!' };
    df.entries.forEach(function (e) {
      var li = el('li', { cls: 'diff-entry' }, [el('span', { cls: 'mono kind-' + e.kind, text: mark[e.kind] + ' ' }), el('span', { cls: 'path kind-' + e.kind, text: e.path }), el('span', { cls: 'muted mono', text: e.detail })]);
      // Page ownership entries name their MFNs: domains[domid=4].pages[first_mfn=0x110-0x126].
      var m = /\.pages\[(?:first_mfn=)?(0x[0-9a-f]+)(?:-(0x[0-9a-f]+))?\]$/.exec(e.path), ranges = [];
      if (m) { var a = parseInt(m[1], 16), b = m[2] ? parseInt(m[2], 16) : a; ranges.push([a, b - a + 1]); }
      if (e.domid != null || ranges.length) li.addEventListener('click', function () { highlight({ domid: ranges.length ? null : e.domid, row: e.domid, ranges: ranges }, li); });
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }

  function select(i) {
    state.dump = i;
    dumpButtons.forEach(function (b, k) { b.classList.toggle('on', k === i); });
    tables(); draw();
  }
  select(0);
})();
`;
