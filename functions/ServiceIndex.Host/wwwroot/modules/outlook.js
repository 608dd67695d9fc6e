// Where the period ends if nobody acts (under the total) and the course of the score day by day
// (the trend card's "Theo ngày" view, with last year's line and the change since yesterday).

import { h, s } from './dom.js';
import { fmtDate, fmtDelta, fmtPoints, dataDecimal } from './format.js';
import { loading, note, notReady, ready } from './components.js';

/** "Nếu không xử lý thêm, cuối tháng: 76,90 (−1,42)" — null while loading or when the forecast is unavailable. */
export function forecastLine(entry, unitId, periodLabel) {
  if (!entry || entry.error || !entry.data) return null;
  const unit = (entry.data.units ?? []).find((u) => u.unitId === unitId) ?? entry.data.units?.[0];
  if (!unit || !Number.isFinite(unit.atEnd?.total)) return null;
  const when = /^\d{4}-\d{2}$/.test(periodLabel ?? entry.data.period?.label ?? '') ? 'cuối tháng' : 'cuối kỳ';
  const change = unit.change?.total;
  const actions = entry.data.actions;
  return h('p', { class: 'forecast-line', 'data-testid': 'forecast-line', 'data-value': dataDecimal(unit.atEnd.total), 'data-change': dataDecimal(change) },
    `Nếu không xử lý thêm, ${when}: `, h('strong', {}, fmtPoints(unit.atEnd.total)), ` (${fmtDelta(change)})`,
    actions?.count > 0 ? h('span', { class: 'hint' }, ` · ${actions.description}`) : null);
}

/** The two views of the trend card. */
export function trendSwitch(ctx, current) {
  const button = (key, label) => h('button', {
    type: 'button', class: ['trend-view', current === key ? 'current' : null], 'aria-pressed': current === key ? 'true' : 'false',
    'data-testid': `trend-view-${key || 'month'}`, onclick: () => ctx.update({ trend: key }),
  }, label);
  return h('div', { class: 'trend-switch', role: 'group', 'aria-label': 'Cách xem diễn biến' }, button('', 'Theo tháng'), button('day', 'Theo ngày'));
}

/** The "Theo ngày" body: the change since yesterday, this period's daily line and last year's beside it. */
export function dailyBody(entry, what = 'đơn vị này') {
  if (!ready(entry)) return notReady(entry, 'diễn biến theo ngày');
  const pts = (entry.data?.points ?? []).filter((p) => p && Number.isFinite(p.total));
  if (!pts.length) return note(`Chưa có số liệu theo ngày cho ${what}.`);
  const last = pts[pts.length - 1];
  return h('div', { class: 'daily' },
    h('p', { class: 'daily-change', 'data-testid': 'daily-change', 'data-value': dataDecimal(last.change) },
      `Ngày ${fmtDate(last.day)}: `, h('strong', {}, fmtPoints(last.total)), ' · so với hôm qua: ',
      h('strong', {}, Number.isFinite(last.change) ? fmtDelta(last.change) : '—')),
    dailyChart(pts, entry.data.previousYear?.label));
}

function dailyChart(points, previousLabel) {
  const W = 640, H = 220, L = 40, R = 16, T = 14, B = 30;
  const lastYear = points.map((p) => p.lastYear?.total);
  const vals = [...points.map((p) => p.total), ...lastYear.filter((v) => Number.isFinite(v))];
  let lo = Math.max(0, Math.floor((Math.min(...vals) - 2) / 5) * 5);
  let hi = Math.min(100, Math.ceil((Math.max(...vals) + 2) / 5) * 5);
  if (hi - lo < 10) { if (hi < 100) hi = Math.min(100, lo + 10); else lo = hi - 10; }
  const x = (i) => (points.length === 1 ? (L + W - R) / 2 : L + (i * (W - L - R)) / (points.length - 1));
  const y = (v) => T + ((hi - v) * (H - T - B)) / (hi - lo);
  const title = 'Tổng điểm cuối mỗi ngày';
  const svg = s('svg', { class: 'trend-svg daily-svg', viewBox: `0 0 ${W} ${H}`, role: 'img',
    'aria-label': `${title}: ${points.map((p) => `${fmtDate(p.day)} ${fmtPoints(p.total)}`).join('; ')}` });
  svg.append(s('title', { text: title }));
  for (let v = lo; v <= hi; v += 5) {
    svg.append(s('line', { class: 'trend-grid', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
    svg.append(s('text', { class: 'trend-axis', x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
  }
  const step = points.length > 10 ? Math.ceil(points.length / 10) : 1;
  points.forEach((p, i) => {
    if (i % step === 0 || i === points.length - 1) {
      svg.append(s('text', { class: 'trend-axis', x: x(i), y: H - 10, 'text-anchor': 'middle' }, fmtDate(p.day).slice(0, 5)));
    }
  });
  const line = (values, cls) => {
    const pairs = values.map((v, i) => [v, i]).filter(([v]) => Number.isFinite(v));
    if (pairs.length > 1) svg.append(s('polyline', { class: cls, points: pairs.map(([v, i]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ') }));
  };
  line(lastYear, 'trend-line last-year-line');
  line(points.map((p) => p.total), 'trend-line');
  const hasLastYear = lastYear.some((v) => Number.isFinite(v));
  const table = h('table', { class: 'trend-table' },
    h('caption', {}, title),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Ngày'), h('th', { scope: 'col' }, 'Tổng điểm'), h('th', { scope: 'col' }, 'So với hôm trước'),
      h('th', { scope: 'col' }, `Cùng ngày năm trước${previousLabel ? ` (${previousLabel})` : ''}`))),
    h('tbody', {}, points.map((p) => h('tr', {}, h('th', { scope: 'row' }, fmtDate(p.day)), h('td', { class: 'num' }, fmtPoints(p.total)),
      h('td', { class: 'num' }, Number.isFinite(p.change) ? fmtDelta(p.change) : '—'), h('td', { class: 'num' }, fmtPoints(p.lastYear?.total))))));
  return h('figure', { class: 'trend' }, svg,
    h('p', { class: 'legend hint' }, 'Đường liền: kỳ này', hasLastYear ? ' · đường đứt: cùng ngày năm trước' : ' · chưa có số liệu cùng kỳ năm trước'), table);
}
