// Building blocks shared by the views: messages, rating badges, the six bars, the points-lost
// table, late dossiers, dossiers due soon, the monthly trend and the pipeline status.

import { h } from './dom.js';
import { scoreBar, trendChart, levelClass } from './charts.js';
import {
  BARS, FIELDS, GROUPS, RATINGS, dataDecimal, describeError, fieldName, fmtDate, fmtDateTime, fmtDayCount, fmtDays, fmtDaysLate, fmtDelta, fmtDuration,
  fmtHoursLeft, fmtInt, groupMax as groupMaxOf, fmtPercent, fmtPoints, indicatorName, levelName, ratingOf,
} from './format.js';
import { apiUrl } from './api.js';
import { orderOf } from './state.js';

export const LATE_PAGE = 50;

// ---- small pieces --------------------------------------------------------------------------

export function errorBox(err, what) {
  return h('div', { class: 'msg msg-error', role: 'alert' },
    h('strong', {}, what ? `Không tải được ${what}. ` : 'Không tải được dữ liệu. '),
    describeError(err));
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
  if (entry.error) return [...out, errorBox(entry.error, 'thời gian giải quyết')];
  if (entry.data === undefined) return [...out, loading()];
  const t = entry.data?.handlingTime ?? {};
  if (!t.handled) return [...out, note('Chưa có hồ sơ nào được giải quyết trong kỳ.')];
  return [...out, h('dl', { class: 'handling', 'data-testid': 'handling-time', 'data-median': dataDecimal(t.medianDays) },
    h('div', {}, h('dt', {}, 'Trung vị'), h('dd', {}, fmtDays(t.medianDays))),
    h('div', {}, h('dt', {}, '90% hồ sơ xong trong'), h('dd', {}, fmtDays(t.p90Days))),
    h('div', {}, h('dt', {}, 'Trung bình'), h('dd', {}, fmtDays(t.averageDays))),
    h('div', {}, h('dt', {}, 'Hồ sơ đã giải quyết'), h('dd', {}, fmtInt(t.handled)))),
  h('p', { class: 'hint' }, 'Từ ngày tiếp nhận đến ngày trả kết quả, các hồ sơ giải quyết xong trong kỳ.')];
}

// ---- per procedure -------------------------------------------------------------------------

export const PROCEDURE_ROWS = 20;

function procedureSortHeader(ctx, key, label, cls) {
  const st = ctx.state;
  const active = st.psort === key;
  const order = st.porder || (st.psort === 'name' ? 'asc' : 'desc');
  const next = active ? (order === 'desc' ? 'asc' : 'desc') : key === 'name' ? 'asc' : 'desc';
  return h('th', { scope: 'col', class: cls, 'aria-sort': active ? (order === 'desc' ? 'descending' : 'ascending') : 'none' },
    h('button', {
      type: 'button', class: 'sort', 'data-psort': key,
      title: `Sắp xếp theo ${label.toLowerCase()} (${next === 'desc' ? 'giảm dần' : 'tăng dần'})`,
      onclick: () => ctx.update({ psort: key, porder: next }),
    }, label, h('span', { class: 'sort-icon', 'aria-hidden': 'true' }, active ? (order === 'desc' ? ' ▼' : ' ▲') : ' ↕')));
}

/** The unit's indicators split by procedure, one group at a time (or all), sortable, worst first. */
export function procedureSection(ctx, entry) {
  const st = ctx.state;
  const wrap = h('div', { class: 'procedures' });
  wrap.append(h('div', { class: 'controls' }, h('label', {}, 'Nhóm tiêu chí ',
    h('select', { 'data-testid': 'procedure-group', onchange: (ev) => ctx.update({ group: ev.target.value }) },
      h('option', { value: '' }, 'Tất cả các nhóm'),
      GROUPS.map((g) => h('option', { value: g.key, selected: g.key === st.group }, g.name))))));
  if (entry.error) {
    wrap.append(errorBox(entry.error, 'số liệu theo thủ tục'));
    return wrap;
  }
  if (entry.data === undefined) {
    wrap.append(loading());
    return wrap;
  }
  const rows = entry.data?.procedures ?? [];
  if (!rows.length) {
    wrap.append(note('Không có thủ tục nào phát sinh số liệu trong kỳ.'));
    return wrap;
  }
  // One group: its indicators' numerators/denominators; all groups: the points lost in each group.
  const codes = st.group ? [...new Set(rows.flatMap((r) => Object.keys(r.indicators ?? {})))]
    .sort((a, b) => BARS.findIndex((x) => x.codes.includes(a)) - BARS.findIndex((x) => x.codes.includes(b)) || a.localeCompare(b)) : [];
  const costly = rows.filter((r) => r.pointsLost > 0).length;
  const shown = st.pall ? rows : rows.slice(0, PROCEDURE_ROWS);
  wrap.append(h('p', { class: 'count' }, h('strong', {}, fmtInt(rows.length)), ' thủ tục', costly ? ` · ${fmtInt(costly)} thủ tục làm mất điểm` : '',
    shown.length < rows.length ? ` · đang xem ${fmtInt(shown.length)} dòng đầu` : ''));
  const cell = (ind) => {
    if (!ind) return h('td', { class: 'num muted' }, '');
    return h('td', { class: ['num', ind.pointsLost > 0 ? 'lost-cell lvl-bad' : null], title: `Mất ${fmtPoints(ind.pointsLost)} điểm` },
      `${fmtInt(ind.numerator)}/${fmtInt(ind.denominator)}`, ind.pointsLost > 0 ? h('span', { class: 'sub' }, ` −${fmtPoints(ind.pointsLost)}`) : null);
  };
  const groupCell = (value) => h('td', { class: ['num', value > 0 ? 'lost-cell lvl-bad' : 'muted'] }, value > 0 ? fmtPoints(value) : '—');
  wrap.append(h('div', { class: 'table-wrap' }, h('table', { class: 'data procedure-table', 'data-testid': 'procedure-table' },
    h('caption', { class: 'sr-only' }, 'Chỉ tiêu theo thủ tục hành chính: tử số, mẫu số và số điểm bị mất'),
    h('thead', {}, h('tr', {},
      procedureSortHeader(ctx, 'name', 'Thủ tục'),
      h('th', { scope: 'col' }, 'Lĩnh vực'),
      st.group
        ? codes.map((c) => h('th', { scope: 'col', class: 'num', title: indicatorName(c), 'data-code': c }, c, h('span', { class: 'sub' }, ' tử/mẫu')))
        : GROUPS.map((g) => h('th', { scope: 'col', class: 'num', 'data-group': g.key }, `${g.short} `, h('span', { class: 'sub' }, 'mất'))),
      procedureSortHeader(ctx, 'pointsLost', 'Điểm bị mất', 'num'),
      procedureSortHeader(ctx, 'handled', 'Đã giải quyết', 'num'),
      procedureSortHeader(ctx, 'medianDays', 'Trung vị ngày', 'num'),
      h('th', { scope: 'col', class: 'num', title: '90% hồ sơ giải quyết xong trong số ngày này' }, '90% xong trong (ngày)'))),
    h('tbody', {}, shown.map((r) => h('tr', { 'data-testid': 'procedure-row', 'data-procedure-id': r.procedureId ?? '', class: r.pointsLost > 0 ? null : 'muted' },
      h('th', { scope: 'row', class: 'proc' }, r.procedureId ? (r.name ?? r.procedureId) : h('em', {}, 'Không gắn với thủ tục (phản ánh, kiến nghị; đơn vị cấp xã)')),
      h('td', {}, r.procedureId ? fieldName(r.field) : '—'),
      st.group ? codes.map((c) => cell(r.indicators?.[c])) : GROUPS.map((g) => groupCell(r.groups?.[g.key])),
      h('td', { class: ['num', 'total-cell'], 'data-testid': 'procedure-lost' }, h('strong', {}, fmtPoints(r.pointsLost))),
      h('td', { class: 'num' }, fmtInt(r.handlingTime?.handled ?? 0)),
      h('td', { class: 'num' }, fmtDayCount(r.handlingTime?.medianDays)),
      h('td', { class: 'num' }, fmtDayCount(r.handlingTime?.p90Days))))))));
  if (shown.length < rows.length || st.pall) {
    wrap.append(h('p', { class: 'no-print' }, h('button', { type: 'button', 'data-testid': 'procedure-all', onclick: () => ctx.update({ pall: st.pall ? 0 : 1 }) },
      st.pall ? `Chỉ hiện ${fmtInt(PROCEDURE_ROWS)} thủ tục đầu` : `Hiện tất cả ${fmtInt(rows.length)} thủ tục`)));
  }
  wrap.append(h('p', { class: 'hint' }, st.group
    ? 'Ô chỉ tiêu: tử số/mẫu số của thủ tục; “−x” là số điểm đơn vị lấy lại được nếu mọi hồ sơ (hoặc thủ tục) đó đều đạt chỉ tiêu. Tổng tử số và mẫu số các thủ tục bằng của đơn vị.'
    : 'Số điểm đơn vị lấy lại được ở mỗi nhóm nếu mọi hồ sơ (hoặc thủ tục) của thủ tục đó đều đạt chỉ tiêu. Chọn một nhóm để xem tử số, mẫu số từng chỉ tiêu.'));
  return wrap;
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

// ---- late dossiers -------------------------------------------------------------------------

export function lateUrl(st, unitId, extra = {}) {
  return apiUrl('late-dossiers', {
    period: st.period, unitId, field: st.field, sort: st.sort, order: orderOf(st), ...extra,
  });
}

function sortHeader(ctx, key, label, cls) {
  const st = ctx.state;
  const active = st.sort === key;
  const order = orderOf(st);
  const next = active ? (order === 'desc' ? 'asc' : 'desc') : key === 'daysLate' ? 'desc' : 'asc';
  return h('th', { scope: 'col', class: cls, 'aria-sort': active ? (order === 'desc' ? 'descending' : 'ascending') : 'none' },
    h('button', {
      type: 'button', class: 'sort', 'data-sort': key,
      title: `Sắp xếp theo ${label.toLowerCase()} (${next === 'desc' ? 'giảm dần' : 'tăng dần'})`,
      onclick: () => ctx.update({ sort: key, order: next, offset: 0 }),
    }, label, h('span', { class: 'sort-icon', 'aria-hidden': 'true' }, active ? (order === 'desc' ? ' ▼' : ' ▲') : ' ↕')));
}

function unitOptions(ctx, selected) {
  return [h('option', { value: '' }, 'Tất cả đơn vị'),
    ...ctx.units.map((u) => h('option', { value: u.unitId, selected: u.unitId === selected }, `${'\u00a0\u00a0'.repeat(u.depth ?? 0)}${u.name}`))];
}

function fieldOptions(selected, seen) {
  const codes = new Set([...Object.keys(FIELDS), ...seen]);
  if (selected) codes.add(selected);
  const sorted = [...codes].sort((a, b) => fieldName(a).localeCompare(fieldName(b), 'vi'));
  return [h('option', { value: '' }, 'Tất cả lĩnh vực'),
    ...sorted.map((c) => h('option', { value: c, selected: c === selected }, FIELDS[c] ? FIELDS[c] : `${c} (mã lĩnh vực)`))];
}

/**
 * The late-dossier list: filter by field (and unit when fixedUnit is not given), sort by header,
 * page through, CSV export of the same filter.
 */
export function lateSection(ctx, entry, { fixedUnit = null } = {}) {
  const st = ctx.state;
  const unitId = fixedUnit ?? st.lateUnit;
  const section = h('div', { class: 'late' });
  const csvHref = lateUrl(st, unitId, { format: 'csv' });
  const controls = h('div', { class: 'controls' },
    h('label', {}, 'Lĩnh vực ',
      h('select', { 'data-testid': 'late-field', onchange: (ev) => ctx.update({ field: ev.target.value, offset: 0 }) },
        fieldOptions(st.field, (entry.data?.items ?? []).map((i) => i.field).filter(Boolean)))),
    fixedUnit ? null : h('label', {}, 'Đơn vị ',
      h('select', { 'data-testid': 'late-unit', class: 'unit-select', onchange: (ev) => ctx.update({ lateUnit: ev.target.value, offset: 0 }) },
        unitOptions(ctx, st.lateUnit))),
    h('a', { class: 'button', href: csvHref, download: 'ho-so-tre-han.csv', 'data-testid': 'late-csv' }, 'Tải CSV'),
    xlsxButton(lateUrl(st, unitId, { format: 'xlsx' }), 'Tải Excel', 'late-xlsx', 'ho-so-tre-han.xlsx'));
  section.append(controls);

  if (entry.error) {
    section.append(errorBox(entry.error, 'danh sách hồ sơ trễ hạn'));
    return section;
  }
  if (entry.data === undefined) {
    section.append(loading());
    return section;
  }
  const doc = entry.data ?? {};
  const items = Array.isArray(doc.items) ? doc.items : [];
  const total = Number.isFinite(doc.total) ? doc.total : items.length;
  const from = items.length ? st.offset + 1 : 0;
  section.append(h('p', { class: 'count' },
    total > 0 ? [h('strong', {}, fmtInt(total)), ' hồ sơ trễ hạn', items.length < total ? ` · đang xem ${fmtInt(from)}–${fmtInt(st.offset + items.length)}` : '']
      : 'Không có hồ sơ trễ hạn.'));

  const table = h('table', { class: 'data late-table', 'data-testid': 'late-dossiers' },
    h('caption', { class: 'sr-only' }, 'Hồ sơ trễ hạn: đơn vị, thủ tục, lĩnh vực, hạn xử lý, số ngày trễ'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Mã hồ sơ'),
      sortHeader(ctx, 'unit', 'Đơn vị'),
      h('th', { scope: 'col' }, 'Thủ tục'),
      h('th', { scope: 'col' }, 'Lĩnh vực'),
      sortHeader(ctx, 'dueAt', 'Hạn xử lý', 'date'),
      h('th', { scope: 'col', class: 'date' }, 'Hoàn thành'),
      sortHeader(ctx, 'daysLate', 'Số ngày trễ', 'num'))),
    h('tbody', {}, items.length ? null : h('tr', { class: 'empty' }, h('td', { colspan: 7 }, 'Không có hồ sơ trễ hạn trong kỳ với bộ lọc này.')),
      items.map((d) => h('tr', { 'data-testid': 'late-row', 'data-unit-id': d.unitId ?? '' },
      h('td', { class: 'mono' }, d.code ?? d.dossierId ?? '—'),
      h('td', {}, unitLink(ctx, d.unitId, d.unitName)),
      h('td', { class: 'proc' }, d.procedureName ?? d.procedureId ?? '—'),
      h('td', {}, fieldName(d.field)),
      h('td', { class: 'date' }, fmtDate(d.dueAt)),
      h('td', { class: 'date' }, d.awaitingSupplement
        ? h('span', { class: 'open', title: `Đang chờ công dân bổ sung hồ sơ (yêu cầu bổ sung lần ${d.supplementRequests})` }, 'chờ bổ sung')
        : d.open || !d.completedAt ? h('span', { class: 'open' }, 'đang xử lý') : fmtDate(d.completedAt)),
      h('td', { class: ['num', 'days-late', d.daysLate >= 30 ? 'sev-high' : d.daysLate >= 8 ? 'sev-mid' : 'sev-low'] }, fmtDaysLate(d.daysLate))))));
  section.append(h('div', { class: 'table-wrap' }, table));

  if (total > LATE_PAGE || st.offset > 0) {
    const prev = Math.max(0, st.offset - LATE_PAGE);
    section.append(h('nav', { class: 'pager', 'aria-label': 'Trang hồ sơ trễ hạn' },
      h('button', { type: 'button', disabled: st.offset === 0, onclick: () => ctx.update({ offset: prev }) }, '‹ Trang trước'),
      h('span', {}, `Trang ${fmtInt(Math.floor(st.offset / LATE_PAGE) + 1)}/${fmtInt(Math.max(1, Math.ceil(total / LATE_PAGE)))}`),
      h('button', { type: 'button', disabled: st.offset + LATE_PAGE >= total, onclick: () => ctx.update({ offset: st.offset + LATE_PAGE }) }, 'Trang sau ›')));
  }
  return section;
}

// ---- dossiers due soon ---------------------------------------------------------------------

export function dueSoonSection(ctx, entry) {
  const st = ctx.state;
  const wrap = h('div', { class: 'due' });
  wrap.append(h('div', { class: 'controls' }, h('label', {}, 'Đến hạn trong ',
    h('select', { 'data-testid': 'due-days', onchange: (ev) => ctx.update({ days: Number(ev.target.value) }) },
      [1, 3, 7, 14, 30].concat([1, 3, 7, 14, 30].includes(st.days) ? [] : [st.days]).sort((a, b) => a - b)
        .map((d) => h('option', { value: d, selected: d === st.days }, `${d} ngày tới`))))));
  if (entry.error || entry.data === undefined) {
    wrap.append(entry.error ? errorBox(entry.error, 'danh sách hồ sơ sắp đến hạn') : loading());
    return wrap;
  }
  const items = [...(entry.data?.items ?? [])].sort((a, b) => (a.hoursLeft ?? 0) - (b.hoursLeft ?? 0));
  if (!items.length) {
    wrap.append(note(`Không có hồ sơ nào đến hạn trong ${st.days} ngày tới.`));
    return wrap;
  }
  wrap.append(h('p', { class: 'count' }, h('strong', {}, fmtInt(items.length)), ` hồ sơ đang xử lý sẽ đến hạn trong ${st.days} ngày tới`));
  wrap.append(h('div', { class: 'table-wrap' }, h('table', { class: 'data', 'data-testid': 'due-soon' },
    h('caption', { class: 'sr-only' }, 'Hồ sơ sắp đến hạn'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Mã hồ sơ'), h('th', { scope: 'col' }, 'Đơn vị'), h('th', { scope: 'col' }, 'Thủ tục'),
      h('th', { scope: 'col' }, 'Lĩnh vực'), h('th', { scope: 'col', class: 'date' }, 'Hạn xử lý'), h('th', { scope: 'col', class: 'num' }, 'Thời gian còn lại'))),
    h('tbody', {}, items.map((d) => h('tr', { 'data-testid': 'due-row' },
      h('td', { class: 'mono' }, d.code ?? d.dossierId ?? '—'),
      h('td', {}, unitLink(ctx, d.unitId, d.unitName)),
      h('td', { class: 'proc' }, d.procedureName ?? d.procedureId ?? '—'),
      h('td', {}, fieldName(d.field)),
      h('td', { class: 'date' }, fmtDateTime(d.dueAt)),
      h('td', { class: ['num', d.hoursLeft < 24 ? 'sev-mid' : null] }, fmtHoursLeft(d.hoursLeft))))))));
  return wrap;
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
