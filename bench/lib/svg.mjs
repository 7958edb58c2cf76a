/**
 * The scaling chart: cost per MB (ms/MB, left) and peak RSS (MiB, right) against dump size (log
 * scale), one line per way of reading. Plain SVG, no dependencies.
 */

const W = 860;
const H = 360;
const PANEL = { w: 360, h: 250, top: 50, gap: 80, left: 70 };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function fmtBytes(b) {
  if (b >= 1 << 30) return `${(b / (1 << 30)).toFixed(b >= 10 * (1 << 30) ? 0 : 1)} GiB`;
  if (b >= 1e6) return `${Math.round(b / 1e6)} MB`;
  if (b >= 1e3) return `${Math.round(b / 1e3)} kB`;
  return `${b} B`;
}

function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/**
 * series: [{ name, points: [{ bytes, y }] }]; one panel per metric.
 * panels: [{ title, unit, series }]
 */
export function scalingSvg(panels, { title }) {
  const parts = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H + 20 * maxSeries(panels)}" viewBox="0 0 ${W} ${H + 20 * maxSeries(panels)}" font-family="sans-serif" font-size="11">`);
  parts.push(`<rect width="100%" height="100%" fill="white"/>`);
  parts.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${esc(title)}</text>`);
  panels.forEach((panel, i) => parts.push(panelSvg(panel, PANEL.left + i * (PANEL.w + PANEL.gap))));
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function maxSeries(panels) {
  return Math.max(...panels.map((p) => p.series.length));
}

function panelSvg({ title, unit, series }, x0) {
  const { w, h, top } = PANEL;
  const pts = series.flatMap((s) => s.points).filter((p) => p.bytes > 0 && Number.isFinite(p.y));
  const out = [];
  out.push(`<text x="${x0 + w / 2}" y="${top - 12}" text-anchor="middle" font-size="12">${esc(title)}</text>`);
  out.push(`<rect x="${x0}" y="${top}" width="${w}" height="${h}" fill="none" stroke="#999"/>`);
  if (pts.length === 0) return out.join('\n');
  const lx0 = Math.floor(Math.log10(Math.min(...pts.map((p) => p.bytes))));
  const lx1 = Math.ceil(Math.log10(Math.max(...pts.map((p) => p.bytes))));
  const ymax = niceMax(Math.max(...pts.map((p) => p.y)) * 1.05);
  const sx = (b) => x0 + ((Math.log10(b) - lx0) / Math.max(lx1 - lx0, 1)) * w;
  const sy = (y) => top + h - (y / ymax) * h;
  for (let e = lx0; e <= lx1; e++) {
    const x = sx(10 ** e);
    out.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${top + h}" stroke="#eee"/>`);
    out.push(`<text x="${x}" y="${top + h + 14}" text-anchor="middle">${esc(fmtBytes(10 ** e))}</text>`);
  }
  for (let k = 0; k <= 5; k++) {
    const y = (ymax * k) / 5;
    out.push(`<line x1="${x0}" y1="${sy(y)}" x2="${x0 + w}" y2="${sy(y)}" stroke="#eee"/>`);
    out.push(`<text x="${x0 - 6}" y="${sy(y) + 4}" text-anchor="end">${esc(+y.toPrecision(3))}</text>`);
  }
  out.push(`<text x="${x0 - 48}" y="${top + h / 2}" text-anchor="middle" transform="rotate(-90 ${x0 - 48} ${top + h / 2})">${esc(unit)}</text>`);
  out.push(`<text x="${x0 + w / 2}" y="${top + h + 30}" text-anchor="middle">dump size (log scale)</text>`);
  series.forEach((s, i) => {
    const c = COLOURS[i % COLOURS.length];
    const p = s.points.filter((q) => q.bytes > 0 && Number.isFinite(q.y)).sort((a, b) => a.bytes - b.bytes);
    if (p.length > 1) out.push(`<polyline fill="none" stroke="${c}" stroke-width="2" points="${p.map((q) => `${sx(q.bytes).toFixed(1)},${sy(q.y).toFixed(1)}`).join(' ')}"/>`);
    for (const q of p) out.push(`<circle cx="${sx(q.bytes).toFixed(1)}" cy="${sy(q.y).toFixed(1)}" r="3" fill="${c}"><title>${esc(`${s.name}: ${fmtBytes(q.bytes)} -> ${q.y.toPrecision(3)} ${unit}`)}</title></circle>`);
    const ly = top + h + 48 + i * 18;
    out.push(`<line x1="${x0}" y1="${ly - 4}" x2="${x0 + 20}" y2="${ly - 4}" stroke="${c}" stroke-width="2"/>`);
    out.push(`<text x="${x0 + 26}" y="${ly}">${esc(s.name)}</text>`);
  });
  return out.join('\n');
}

export { fmtBytes };
