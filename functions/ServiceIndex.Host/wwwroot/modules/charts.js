// Charts drawn as inline SVG (no library): horizontal score bars and the monthly trend line.

import { h, s } from './dom.js';
import { MAX_TOTAL, fmtPoints, ratingFromTotal, RATINGS } from './format.js';
import { describePeriod } from './period.js';

const clamp01 = (x) => Math.max(0, Math.min(1, x));

export function levelClass(ratio) {
  if (!(ratio >= 0)) return 'lvl-none';
  if (ratio >= 0.9) return 'lvl-good';
  if (ratio >= 0.7) return 'lvl-fair';
  if (ratio >= 0.5) return 'lvl-warn';
  return 'lvl-bad';
}

/**
 * One horizontal bar: name, "14,2 / 18", the filled share, an optional marker line (top-20 mark).
 * @param {{key: string, name: string, points: number|null, max: number, marker?: {value: number, label: string, approx?: boolean}, note?: Node|string}} o
 */
export function scoreBar(o) {
  const ratio = o.points === null || o.points === undefined ? NaN : o.points / o.max;
  const label = `${o.name}: ${fmtPoints(o.points)} trên ${fmtPoints(o.max)} điểm` +
    (o.marker ? `; ${o.marker.label}` : '');
  const svg = s('svg', {
    class: 'bar-svg', viewBox: '0 0 1000 28', preserveAspectRatio: 'none', role: 'img', 'aria-label': label, focusable: 'false',
  },
  s('title', { text: label }),
  s('rect', { class: 'bar-track', x: 0, y: 0, width: 1000, height: 28 }),
  Number.isFinite(ratio) ? s('rect', { class: ['bar-fill', levelClass(ratio)], x: 0, y: 0, width: (clamp01(ratio) * 1000).toFixed(1), height: 28 }) : null,
  o.marker ? s('line', {
    class: ['bar-marker', o.marker.approx && 'approx'], x1: (clamp01(o.marker.value / o.max) * 1000).toFixed(1), x2: (clamp01(o.marker.value / o.max) * 1000).toFixed(1),
    y1: -2, y2: 30, 'vector-effect': 'non-scaling-stroke',
  }) : null);
  return h('div', {
    class: 'bar', 'data-testid': `bar-${o.key}`, 'data-points': o.points ?? '', 'data-max': o.max, title: o.marker ? o.marker.label : null,
  },
  h('div', { class: 'bar-head' },
    h('span', { class: 'bar-name' }, o.name),
    h('span', { class: 'bar-value' }, h('strong', {}, fmtPoints(o.points)), ` / ${fmtPoints(o.max)}`)),
  svg,
  o.note ? h('p', { class: 'bar-note' }, o.note) : null);
}

const BANDS = [
  { min: 90, code: 'xuat-sac' }, { min: 80, code: 'tot' }, { min: 70, code: 'kha' }, { min: 50, code: 'trung-binh' },
];

function shortMonth(label) {
  const m = /^(\d{4})-(\d{2})$/.exec(label);
  return m ? `${m[2]}/${m[1].slice(2)}` : label;
}

/** Line chart of monthly totals: points = [{period: '2024-03', total: 70.1}]. */
export function trendChart(points, { title = 'Tổng điểm theo tháng' } = {}) {
  const W = 640, H = 250, L = 40, R = 16, T = 14, B = 30;
  const vals = points.map((p) => p.total).filter((v) => Number.isFinite(v));
  let lo = Math.max(0, Math.floor((Math.min(...vals) - 5) / 10) * 10);
  let hi = Math.min(MAX_TOTAL, Math.ceil((Math.max(...vals) + 5) / 10) * 10);
  if (hi - lo < 20) { if (hi < MAX_TOTAL) hi = Math.min(MAX_TOTAL, lo + 20); else lo = hi - 20; }
  const x = (i) => (points.length === 1 ? (L + W - R) / 2 : L + (i * (W - L - R)) / (points.length - 1));
  const y = (v) => T + ((hi - v) * (H - T - B)) / (hi - lo);

  const svg = s('svg', { class: 'trend-svg', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${title}: ${points.map((p) => `${describePeriod(p.period)} ${fmtPoints(p.total)}`).join('; ')}` });
  svg.append(s('title', { text: title }));
  // Rating bands as light stripes with their thresholds.
  let top = hi;
  for (const band of [...BANDS, { min: 0, code: 'yeu' }]) {
    const bandTop = Math.min(top, hi), bandBottom = Math.max(band.min, lo);
    if (bandTop > bandBottom) {
      svg.append(s('rect', { class: ['trend-band', `band-${band.code}`], x: L, y: y(bandTop), width: W - L - R, height: y(bandBottom) - y(bandTop) }));
      if (y(bandBottom) - y(bandTop) >= 14) {
        svg.append(s('text', { class: 'trend-band-label', x: L + 4, y: y(bandTop) + 12 }, RATINGS[band.code]));
      }
    }
    top = Math.min(top, band.min);
  }
  for (let v = lo; v <= hi; v += 10) {
    svg.append(s('line', { class: 'trend-grid', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
    svg.append(s('text', { class: 'trend-axis', x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
  }
  const step = points.length > 12 ? Math.ceil(points.length / 12) : 1;
  points.forEach((p, i) => {
    if (i % step === 0 || i === points.length - 1) {
      svg.append(s('text', { class: 'trend-axis', x: x(i), y: H - 10, 'text-anchor': 'middle' }, shortMonth(p.period)));
    }
  });
  const valid = points.map((p, i) => [p, i]).filter(([p]) => Number.isFinite(p.total));
  if (valid.length > 1) {
    svg.append(s('polyline', { class: 'trend-line', points: valid.map(([p, i]) => `${x(i).toFixed(1)},${y(p.total).toFixed(1)}`).join(' ') }));
  }
  valid.forEach(([p, i], k) => {
    const rating = RATINGS[ratingFromTotal(p.total)];
    svg.append(s('circle', { class: 'trend-dot', cx: x(i), cy: y(p.total), r: 4 },
      s('title', { text: `${describePeriod(p.period)}: ${fmtPoints(p.total)} điểm (${rating})` })));
    if (k === valid.length - 1) {
      svg.append(s('text', { class: 'trend-last', x: x(i), y: y(p.total) + (y(p.total) - T < 24 ? 22 : -12), 'text-anchor': 'end' }, fmtPoints(p.total)));
    }
  });

  // The same numbers as a table for screen readers and print.
  const table = h('table', { class: 'trend-table' },
    h('caption', {}, title),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Tháng'), h('th', { scope: 'col' }, 'Tổng điểm'))),
    h('tbody', {}, points.map((p) => h('tr', {}, h('th', { scope: 'row' }, describePeriod(p.period)), h('td', { class: 'num' }, fmtPoints(p.total))))));
  return h('figure', { class: 'trend' }, svg, table);
}
