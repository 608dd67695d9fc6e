// Building blocks shared by the views: messages, rating badges, the six bars, the points-lost
// table, the monthly trend, rankings and the pipeline status (dossier tables: dossiers.js;
// the per-procedure table: procedures.js).

import { h } from './dom.js';
import { levelClass, scoreBar, trendChart } from './charts.js';
import {
  BARS, dataDecimal, describeError, fmtDate, fmtDateTime, fmtDays, fmtDelta, fmtDuration, fmtInt, fmtPercent, fmtPoints, GROUPS, groupMax as groupMaxOf, indicatorName, levelName, ratingOf, RATINGS,
} from './format.js';

// ---- small pieces --------------------------------------------------------------------------

export function errorBox(err, what) {
  return h('div', { class: 'msg msg-error', role: 'alert' },
    h('strong', {}, what ? `Không tải được ${what}. ` : 'Không tải được dữ liệu. '),
    describeError(err));
}

/** Whether a cache entry (api.js) holds data to show. */
export const ready = (entry) => !entry.error && entry.data !== undefined;

/**
 * What a section shows while its entry is not ready: the error that stopped it, or "loading", after `head` (a title,
 * usually). One guard for every view: `if (!ready(e)) return notReady(e, 'điểm tổng hợp', title);`
 */
export function notReady(entry, what, ...head) {
  const shown = entry.error ? errorBox(entry.error, what) : loading();
  return head.length ? [...head, shown] : shown;
}

export function note(text, cls = '') {
  return h('p', { class: ['msg', 'msg-note', cls] }, text);
}

export function loading() {
  return h('p', { class: 'msg msg-loading' }, 'Đang tải…');
}

export function ratingBadge(unit) {
  const r = ratingOf(unit);
  return h('span', { class: ['rating', `rating-${r.code}`] }, r.label);
}

export function unitLink(ctx, unitId, name) {
  if (!unitId) return name ?? '—';
  return h('a', { href: ctx.href({ tab: 'unit', unit: unitId, offset: 0 }), 'data-nav': '', class: 'unit-link' }, name || ctx.unitsById.get(unitId)?.name || unitId);
}

export function periodLine(doc) {
  if (!doc?.period) return null;
  return h('p', { class: 'period-line' },
    `Kỳ ${fmtDate(doc.period.from)} – ${fmtDate(doc.period.to)}`,
    doc.asOf ? ` · số liệu tính đến ${fmtDateTime(doc.asOf)}` : '');
}

/** Sum of indicator points and maxima of one bar; falls back to the group when no indicator is present. */
export function barValue(unit, bar) {
  const inds = unit?.indicators ?? {};
  const present = bar.codes.filter((c) => inds[c] && Number.isFinite(inds[c].points));
  if (present.length) {
    const points = present.reduce((a, c) => a + inds[c].points, 0);
    const maxes = bar.codes.map((c) => inds[c]?.max).filter(Number.isFinite);
    const max = maxes.length === bar.codes.length ? maxes.reduce((a, b) => a + b, 0) : bar.max;
    return { points: Math.round(points * 100) / 100, max };
  }
  if (bar.group !== 'onlineServices' && Number.isFinite(unit?.groups?.[bar.group])) {
    return { points: unit.groups[bar.group], max: bar.max };
  }
  return { points: null, max: bar.max };
}

// ---- change against the previous period ---------------------------------------------------

/**
 * ▲ +1,25 / ▼ −0,5 / ▬ 0 for a change of points against the previous period; a dash when there is
 * no previous period to compare with (custom range, or before the first month with data).
 */
export function deltaBadge(value, previousPeriod, { testid } = {}) {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return h('span', { class: 'delta delta-none', 'data-testid': testid, title: 'Không có số liệu kỳ trước để so sánh' }, '—');
  }
  const dir = value > 0 ? 'up' : value < 0 ? 'down' : 'flat';
  const arrow = dir === 'up' ? '▲' : dir === 'down' ? '▼' : '▬';
  const words = dir === 'up' ? 'tăng' : dir === 'down' ? 'giảm' : 'không đổi';
  return h('span', {
    class: ['delta', `delta-${dir}`], 'data-testid': testid, 'data-value': dataDecimal(value),
    title: `So với kỳ ${previousPeriod ?? 'trước'}: ${words}${dir === 'flat' ? '' : ` ${fmtPoints(Math.abs(value))} điểm`}`,
  }, h('span', { 'aria-hidden': 'true' }, `${arrow} `), fmtDelta(value));
}

/** One line of the five groups' changes. */
export function groupDeltas(unit) {
  const d = unit?.scoreDelta;
  if (!d) return h('p', { class: 'hint group-deltas', 'data-testid': 'group-deltas' }, 'Không có số liệu kỳ trước để so sánh.');
  return h('p', { class: 'group-deltas', 'data-testid': 'group-deltas' }, `So với kỳ ${d.previousPeriod}: `,
    GROUPS.map((g, i) => [i ? ' · ' : '', `${g.short} `, deltaBadge(d.groups?.[g.key], d.previousPeriod)]));
}

// ---- handling time -------------------------------------------------------------------------

/** Handling time of the unit (median, 90th percentile, mean) beside its progress points. */
export function handlingCard(unit, entry) {
  const progress = unit?.groups?.progress;
  const out = [h('h3', {}, 'Tiến độ và thời gian giải quyết'),
    h('p', { class: 'handling-progress' }, 'Điểm tiến độ ', h('strong', {}, `${fmtPoints(progress)} / ${fmtPoints(groupMaxOf('progress'))}`), ' ',
      deltaBadge(unit?.scoreDelta?.groups?.progress, unit?.scoreDelta?.previousPeriod))];
  if (!ready(entry)) return notReady(entry, 'thời gian giải quyết', ...out);
  const t = entry.data?.handlingTime ?? {};
  if (!t.handled) return [...out, note('Chưa có hồ sơ nào được giải quyết trong kỳ.')];
  return [...out, h('dl', { class: 'handling', 'data-testid': 'handling-time', 'data-median': dataDecimal(t.medianDays) },
    h('div', {}, h('dt', {}, 'Trung vị'), h('dd', {}, fmtDays(t.medianDays))),
    h('div', {}, h('dt', {}, '90% hồ sơ xong trong'), h('dd', {}, fmtDays(t.p90Days))),
    h('div', {}, h('dt', {}, 'Trung bình'), h('dd', {}, fmtDays(t.averageDays))),
    h('div', {}, h('dt', {}, 'Hồ sơ đã giải quyết'), h('dd', {}, fmtInt(t.handled)))),
  h('p', { class: 'hint' }, 'Từ ngày tiếp nhận đến ngày trả kết quả, các hồ sơ giải quyết xong trong kỳ.')];
}

// ---- Excel ---------------------------------------------------------------------------------

/** A download link to an Excel export (the API's format=xlsx). */
export function xlsxButton(href, label, testid, fileName) {
  return h('a', { class: 'button', href, download: fileName, 'data-testid': testid }, label);
}

// ---- the six bars --------------------------------------------------------------------------

function gapText(g) {
  if (!g || !Number.isFinite(g.twentieth)) return null;
  const gap = Number.isFinite(g.gap) ? g.gap : Math.max(0, g.twentieth - g.points);
  if (gap > 0) return h('span', { class: 'gap gap-behind' }, `Cần thêm ${fmtPoints(gap)} điểm để đạt mốc top 20 (${fmtPoints(g.twentieth)})`);
  const ahead = g.points - g.twentieth;
  return h('span', { class: 'gap gap-ahead' }, `Đạt mốc top 20 (${fmtPoints(g.twentieth)})${ahead > 0 ? `, vượt ${fmtPoints(ahead)} điểm` : ''}`);
}

/**
 * The portal's six bars for one scored unit. With `target` (from /api/target, ranking imported)
 * each bar gets the top-20 marker; the online group (22) has one national mark, drawn on its two bars
 * split in proportion to their maxima (12/22 and 10/22) and explained in the tooltip.
 */
export function barsBlock(unit, target) {
  const groups = new Map((target?.rankingImported ? target.groups ?? [] : []).map((g) => [g.group, g]));
  const wrap = h('div', { class: 'bars' });
  let pair = null;
  for (const bar of BARS) {
    const { points, max } = barValue(unit, bar);
    const g = groups.get(bar.group);
    let marker = null;
    let barNote = null;
    if (g && Number.isFinite(g.twentieth)) {
      if (bar.group === 'onlineServices') {
        const groupMax = Number.isFinite(g.max) ? g.max : groupMaxOf(bar.group);
        marker = {
          value: (g.twentieth * max) / groupMax,
          approx: true,
          label: `Mốc top 20 toàn quốc chỉ có cho cả nhóm dịch vụ trực tuyến (DVC trực tuyến + thanh toán trực tuyến, ${fmtPoints(groupMax)} điểm): ${fmtPoints(g.twentieth)} điểm. Vạch trên thanh này là phần chia theo tỷ lệ ${fmtPoints(max)}/${fmtPoints(groupMax)} (≈ ${fmtPoints(Math.round(((g.twentieth * max) / groupMax) * 100) / 100)} điểm).`,
        };
      } else {
        marker = { value: g.twentieth, label: `Mốc top 20 toàn quốc: ${fmtPoints(g.twentieth)} điểm` };
        barNote = gapText(g);
      }
    }
    const el = scoreBar({ key: bar.key, name: bar.name, points, max, marker, note: barNote });
    if (bar.group === 'onlineServices') {
      if (!pair) {
        pair = h('div', { class: 'bar-pair' });
        wrap.append(pair);
      }
      pair.append(el);
      if (bar.key === 'onlinePayment' && g && Number.isFinite(g.twentieth)) {
        pair.append(h('p', { class: 'bar-note pair-note' }, `Cả nhóm trực tuyến: ${fmtPoints(g.points)} / ${fmtPoints(g.max ?? groupMaxOf(bar.group))} · `, gapText(g),
          h('span', { class: 'hint' }, ' (vạch đứt: mốc của nhóm chia theo tỷ lệ điểm tối đa)')));
      }
    } else {
      wrap.append(el);
    }
  }
  return wrap;
}

// ---- where points are lost -----------------------------------------------------------------

export function lostRows(unit) {
  const inds = unit?.indicators ?? {};
  return Object.entries(inds)
    .filter(([, v]) => v && Number.isFinite(v.points) && Number.isFinite(v.max))
    .map(([code, v]) => ({ code, ...v, lost: Math.max(0, Math.round((v.max - v.points) * 100) / 100) }))
    .sort((a, b) => b.lost - a.lost || a.code.localeCompare(b.code));
}

export function pointsLostTable(unit, { testid = 'points-lost', caption = 'Điểm bị mất theo chỉ tiêu' } = {}) {
  const rows = lostRows(unit);
  if (!rows.length) return note('Chưa có số liệu chỉ tiêu cho đơn vị này trong kỳ.');
  const totalLost = rows.reduce((a, r) => a + r.lost, 0);
  const worst = rows.filter((r) => r.lost > 0).slice(0, 3).map((r) => `${r.code} (${fmtPoints(r.lost)})`);
  return h('div', { class: 'lost' },
    h('p', { class: 'lost-summary' },
      `Tổng số điểm bị mất: `, h('strong', {}, fmtPoints(Math.round(totalLost * 100) / 100)),
      worst.length ? ` · mất nhiều nhất ở ${worst.join(', ')}` : ' · không mất điểm ở chỉ tiêu nào'),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'data lost-table', 'data-testid': testid },
        h('caption', { class: 'sr-only' }, caption),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Chỉ tiêu'),
          h('th', { scope: 'col', class: 'num' }, 'Tử số / mẫu số'),
          h('th', { scope: 'col', class: 'num' }, 'Tỷ lệ'),
          h('th', { scope: 'col', class: 'num' }, 'Điểm'),
          h('th', { scope: 'col', class: 'num' }, 'Bị mất'),
          h('th', { scope: 'col', class: 'num' }, 'So với kỳ trước'))),
        h('tbody', {}, rows.map((r) => {
          const ratio = r.denominator > 0 ? r.numerator / r.denominator : null;
          return h('tr', { class: r.lost > 0 ? null : 'muted', 'data-indicator': r.code },
            h('th', { scope: 'row' }, h('span', { class: 'code' }, r.code), ' ', indicatorName(r.code)),
            h('td', { class: 'num' }, r.denominator > 0 ? `${fmtInt(r.numerator)}/${fmtInt(r.denominator)}` : h('span', { class: 'hint' }, 'không phát sinh')),
            h('td', { class: 'num', title: Number.isFinite(r.factor) ? 'Tỷ lệ hồ sơ trực tuyến nhân với tỷ lệ hồ sơ đồng bộ lên Cổng DVC quốc gia (T4)' : null },
              ratio === null ? '—' : fmtPercent(ratio),
              Number.isFinite(r.factor) && ratio !== null ? h('span', { class: 'sub', 'data-factor': String(r.factor) }, ` × ${fmtPercent(r.factor)} đồng bộ`) : null),
            h('td', { class: 'num' }, `${fmtPoints(r.points)} / ${fmtPoints(r.max)}`),
            h('td', { class: ['num', r.lost > 0 ? levelClass(r.points / r.max) : null, 'lost-cell'] }, r.lost > 0 ? `mất ${fmtPoints(r.lost)} điểm` : '—'),
            h('td', { class: 'num' }, deltaBadge(unit?.scoreDelta?.indicators?.[r.code], unit?.scoreDelta?.previousPeriod)));
        })))));
}

// ---- monthly trend -------------------------------------------------------------------------

export function trendBody(entry, what = 'đơn vị này') {
  if (entry.error && entry.error.status === 404) return note(`Chưa có số liệu theo tháng cho ${what}.`);
  if (entry.error) return errorBox(entry.error, 'diễn biến theo tháng');
  const pts = (entry.data?.points ?? []).filter((p) => p && typeof p.period === 'string');
  if (!pts.length) return note(`Chưa có số liệu theo tháng cho ${what} (các tháng được chốt khi kết thúc tháng).`);
  return trendChart(pts);
}

// ---- rankings ------------------------------------------------------------------------------

/** Ranking columns: [group key, short name, maximum], from the catalogue. */
const groupCols = () => GROUPS.map((g) => [g.key, g.short, g.max]);

export function rankingTable(ctx, units, { testid, caption, showParent = false, rankLabel = 'Hạng' }) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data ranking', 'data-testid': testid },
    h('caption', { class: 'sr-only' }, caption),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'num' }, rankLabel),
      h('th', { scope: 'col' }, 'Đơn vị'),
      showParent ? h('th', { scope: 'col' }, 'Trực thuộc') : null,
      h('th', { scope: 'col', class: 'num' }, 'Tổng điểm'),
      h('th', { scope: 'col' }, 'Xếp loại'),
      groupCols().map(([, name, max]) => h('th', { scope: 'col', class: 'num' }, name, h('span', { class: 'max' }, ` /${max}`))))),
    h('tbody', {}, units.map((u) => h('tr', { class: 'clickable', 'data-unit-id': u.unitId, 'data-testid': 'ranking-row' },
      h('td', { class: 'num' }, fmtInt(u.rank)),
      h('th', { scope: 'row' }, unitLink(ctx, u.unitId, u.name)),
      showParent ? h('td', { class: 'parent' }, ctx.unitsById.get(u.parentId)?.name ?? u.parentId ?? '—') : null,
      h('td', { class: 'num total-cell' }, h('strong', {}, fmtPoints(u.total)), ' ', deltaBadge(u.scoreDelta?.total, u.scoreDelta?.previousPeriod)),
      h('td', {}, ratingBadge(u)),
      groupCols().map(([key, , max]) => {
        const v = u.groups?.[key];
        return h('td', { class: ['num', Number.isFinite(v) ? `cell-${levelClass(v / max)}` : null] }, fmtPoints(v));
      }))))));
}

// ---- pipeline status -----------------------------------------------------------------------

export function statusPanel(ctx, entry) {
  if (entry.error) return [h('span', { class: 'status-item status-bad' }, 'Không đọc được trạng thái đồng bộ'), h('span', { class: 'status-item hint' }, describeError(entry.error))];
  const st = entry.data;
  if (!st) return [h('span', { class: 'status-item' }, 'Đang tải trạng thái…')];
  const caught = st.caughtUp === true;
  return [
    h('span', { class: ['status-item', 'status-state', caught ? 'status-ok' : 'status-sync'], 'data-testid': 'status-caught-up' },
      h('span', { class: 'dot', 'aria-hidden': 'true' }), caught ? 'Đã cập nhật đầy đủ' : 'Đang đồng bộ'),
    h('span', { class: 'status-item' }, st.lastPullAt ? `Cập nhật lúc ${fmtDateTime(st.lastPullAt, true)}` : 'Chưa lấy dữ liệu lần nào'),
    Number.isFinite(st.lagSeconds) ? h('span', { class: 'status-item' }, `Độ trễ ${fmtDuration(st.lagSeconds)}`) : null,
    h('span', { class: 'status-item' }, `Hàng đợi ${fmtInt(st.queuedMessages ?? 0)}`),
    Number.isFinite(st.recordsApplied) ? h('span', { class: 'status-item hide-narrow' }, `${fmtInt(st.recordsApplied)} bản ghi đã xử lý`) : null,
    h('a', { class: ['status-item', st.deadLetters > 0 ? 'status-warn' : null], href: ctx.href({ tab: 'errors' }), 'data-nav': '', 'data-testid': 'status-dead-letters' },
      `${fmtInt(st.deadLetters ?? 0)} bản ghi bị từ chối`),
    st.poisonMessages > 0 ? h('span', { class: 'status-item status-bad' }, `${fmtInt(st.poisonMessages)} thông điệp lỗi`) : null,
  ];
}

export { RATINGS, levelName, groupCols };
