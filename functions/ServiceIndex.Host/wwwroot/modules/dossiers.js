// The dossier tables: late dossiers named (sortable, filterable, paged, with their Excel and CSV) and
// dossiers due soon.

import { h } from './dom.js';
import { fieldName, FIELDS, fmtDate, fmtDateTime, fmtDaysLate, fmtHoursLeft, fmtInt } from './format.js';
import { apiUrl } from './api.js';
import { orderOf } from './state.js';
import { errorBox, loading, note, unitLink, xlsxButton } from './components.js';

export const LATE_PAGE = 50;

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
