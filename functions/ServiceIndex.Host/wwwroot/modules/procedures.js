// The per-procedure table of a unit: each procedure's indicators and the points it costs, sortable.

import { h } from './dom.js';
import { BARS, fieldName, fmtDayCount, fmtInt, fmtPoints, GROUPS, indicatorName } from './format.js';
import { errorBox, loading, note } from './components.js';

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
