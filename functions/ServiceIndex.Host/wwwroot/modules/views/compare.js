// Tab "So sánh": two or more units side by side over the same period — total, rating, the five groups
// and the 21 indicators (points, numerator/denominator), each with its change against the previous period.

import { h } from '../dom.js';
import { deltaBadge, note, notReady, periodLine, ratingBadge, ready, unitLink } from '../components.js';
import { GROUPS, dataDecimal, fmtInt, fmtPoints, indicatorName, levelName } from '../format.js';
import { describePeriod } from '../period.js';
import { comparedUnits } from '../state.js';

const MAX_UNITS = 20;

/** /api/compare with unitId repeated (apiUrl sets each key once). */
function compareUrl(period, ids) {
  const q = new URLSearchParams();
  if (period) q.set('period', period);
  for (const id of ids) q.append('unitId', id);
  return `api/compare?${q}`;
}

function picker(ctx, ids) {
  const chosen = new Set(ids);
  return h('div', { class: 'controls no-print' },
    h('label', {}, 'Thêm đơn vị ',
      h('select', {
        class: 'unit-select', 'data-testid': 'compare-add', disabled: ids.length >= MAX_UNITS,
        onchange: (ev) => { if (ev.target.value) ctx.navigate({ units: [...ids, ev.target.value].join(',') }); },
      },
      h('option', { value: '', selected: true }, '— Chọn đơn vị để so sánh —'),
      ctx.units.filter((u) => !chosen.has(u.unitId) && (!ctx.state.level || u.level === ctx.state.level))
        .map((u) => h('option', { value: u.unitId }, `${'\u00a0\u00a0'.repeat(u.depth ?? 0)}${u.name}`)))),
    ids.length ? h('button', { type: 'button', onclick: () => ctx.navigate({ units: '' }) }, 'Bỏ chọn tất cả') : null);
}

function valueCell(points, delta, previous, extra) {
  return h('td', { class: 'num' }, h('strong', {}, fmtPoints(points)), ' ', deltaBadge(delta, previous), extra ? h('span', { class: 'sub' }, extra) : null);
}

function table(ctx, doc, ids) {
  const byId = new Map((doc.units ?? []).map((u) => [u.unitId, u]));
  const units = ids.map((id) => byId.get(id)).filter(Boolean);
  const remove = (id) => ctx.navigate({ units: ids.filter((x) => x !== id).join(',') });
  const previous = (u) => u.scoreDelta?.previousPeriod;
  const codes = Object.keys(units[0]?.indicators ?? {});
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data compare-table', 'data-testid': 'compare-table' },
    h('caption', { class: 'sr-only' }, 'So sánh điểm các đơn vị trong cùng kỳ'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Tiêu chí'),
      units.map((u) => h('th', { scope: 'col', class: 'num', 'data-testid': 'compare-unit', 'data-unit-id': u.unitId },
        unitLink(ctx, u.unitId, u.name), h('span', { class: 'sub' }, ` ${levelName(u.level)}`),
        h('button', { type: 'button', class: 'remove no-print', title: `Bỏ ${u.name} khỏi bảng so sánh`, 'aria-label': `Bỏ ${u.name}`, onclick: () => remove(u.unitId) }, '✕'))))),
    h('tbody', {},
      h('tr', { class: 'compare-total' }, h('th', { scope: 'row' }, 'Tổng điểm (/100)'),
        units.map((u) => h('td', { class: 'num', 'data-testid': 'compare-total', 'data-value': dataDecimal(u.total) },
          h('strong', {}, fmtPoints(u.total)), ' ', deltaBadge(u.scoreDelta?.total, previous(u))))),
      h('tr', {}, h('th', { scope: 'row' }, 'Xếp loại'), units.map((u) => h('td', { class: 'num' }, ratingBadge(u)))),
      GROUPS.map((g) => h('tr', { class: 'compare-group' }, h('th', { scope: 'row' }, `${g.name} (/${g.max})`),
        units.map((u) => valueCell(u.groups?.[g.key], u.scoreDelta?.groups?.[g.key], previous(u))))),
      codes.map((c) => h('tr', { class: 'compare-indicator' }, h('th', { scope: 'row' }, h('span', { class: 'code' }, c), ' ', indicatorName(c)),
        units.map((u) => {
          const i = u.indicators?.[c];
          return valueCell(i?.points, u.scoreDelta?.indicators?.[c], previous(u),
            i && i.denominator > 0 ? ` ${fmtInt(i.numerator)}/${fmtInt(i.denominator)}` : ' không phát sinh');
        }))))));
}

export function compareView(ctx) {
  const st = ctx.state;
  const ids = comparedUnits(st).filter((id, i, all) => all.indexOf(id) === i);
  const el = h('section', { class: ['panel', 'compare-panel'], 'aria-label': 'So sánh đơn vị' });
  const layout = h('div', { class: 'view view-compare', 'data-testid': 'compare-view' }, picker(ctx, ids), el);
  if (ids.length < 2) {
    el.append(h('h2', {}, 'So sánh đơn vị'),
      note('Chọn ít nhất hai đơn vị để so sánh cùng kỳ (từ ô “Thêm đơn vị”, từ trang Xếp hạng hoặc từ trang của một đơn vị).'));
    return { layout, sections: [] };
  }
  return {
    layout,
    sections: [{
      el,
      urls: { compare: compareUrl(st.period, ids) },
      render: (c, res) => {
        const title = h('h2', {}, `So sánh ${fmtInt(ids.length)} đơn vị `, h('span', { class: 'h-sub' }, `— ${describePeriod(res.compare.data?.period?.label ?? st.period)}`));
        if (!ready(res.compare)) return notReady(res.compare, 'bảng so sánh', title);
        c.setPeriodInfo(res.compare.data);
        return [title, periodLine(res.compare.data),
          h('p', { class: 'hint' }, 'Mỗi đơn vị tính trên toàn bộ đơn vị trực thuộc. ▲▼: thay đổi so với kỳ trước cùng loại (tháng, quý, năm).'),
          table(c, res.compare.data, ids)];
      },
    }],
  };
}
