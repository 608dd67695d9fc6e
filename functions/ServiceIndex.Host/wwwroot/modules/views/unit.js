// Tab "Đơn vị": drill-down to one unit — total and six bars with their change against the previous
// period, progress points beside handling time, indicators with numerators and denominators sorted by
// points lost, the same split by administrative procedure, monthly trend, its units, its late dossiers
// and those due soon; Excel exports and a link to compare the unit with others.

import { h } from '../dom.js';
import { apiUrl } from '../api.js';
import {
  barsBlock, deltaBadge, errorBox, groupDeltas, handlingCard, loading, note, notReady, periodLine, pointsLostTable, rankingTable, ratingBadge, ready, trendBody, xlsxButton,
} from '../components.js';
import { dueSoonSection, LATE_PAGE, lateSection, lateUrl } from '../dossiers.js';
import { procedureSection } from '../procedures.js';
import { procedureOrderOf } from '../state.js';
import { dataDecimal, fmtInt, fmtPoints, levelName } from '../format.js';
import { describePeriod } from '../period.js';
import { RANKING_LEVELS } from './rankings.js';
import { reconciliationBody, reconciliationUrl } from './reconciliation.js';

function breadcrumb(ctx, unitId) {
  const chain = [];
  const seen = new Set();
  let u = ctx.unitsById.get(unitId);
  while (u && !seen.has(u.unitId)) {
    seen.add(u.unitId);
    chain.unshift(u);
    u = u.parentId ? ctx.unitsById.get(u.parentId) : null;
  }
  if (chain.length < 2) return null;
  return h('nav', { class: 'breadcrumb', 'aria-label': 'Đơn vị cấp trên' }, h('ol', {},
    chain.map((x, i) => h('li', {}, i === chain.length - 1
      ? h('span', { 'aria-current': 'page' }, x.name)
      : h('a', { href: ctx.href({ tab: 'unit', unit: x.unitId, offset: 0 }), 'data-nav': '' }, x.name)))));
}

function picker(ctx, unitId) {
  const st = ctx.state;
  const units = ctx.units.filter((u) => !st.level || u.level === st.level || u.unitId === unitId);
  return h('div', { class: 'controls unit-picker no-print' },
    h('label', {}, 'Đơn vị ',
      h('select', { class: 'unit-select', 'data-testid': 'unit-picker', onchange: (ev) => ctx.navigate({ tab: 'unit', unit: ev.target.value, offset: 0 }) },
        ctx.unitsById.has(unitId) ? null : h('option', { value: '', selected: true, disabled: true }, '— Chọn đơn vị —'),
        units.map((u) => h('option', { value: u.unitId, selected: u.unitId === unitId }, `${'\u00a0\u00a0'.repeat(u.depth ?? 0)}${u.name}`)))),
    ctx.unitsById.has(unitId) ? h('a', { class: 'button', 'data-nav': '', 'data-testid': 'compare-link', href: ctx.href({ tab: 'compare', units: compareWith(ctx, unitId).join(',') }) }, 'So sánh với đơn vị khác') : null);
}

/** The unit and one peer to start a comparison with: a sibling of the same level, else its parent. */
function compareWith(ctx, unitId) {
  const u = ctx.unitsById.get(unitId);
  const sibling = ctx.units.find((x) => x.unitId !== unitId && x.parentId === u?.parentId && x.level === u?.level);
  const other = sibling?.unitId ?? u?.parentId ?? ctx.units.find((x) => x.unitId !== unitId)?.unitId;
  return other ? [unitId, other] : [unitId];
}

export function unitView(ctx) {
  const st = ctx.state;
  const unitId = st.unit || ctx.root.unitId;
  const known = ctx.unitsById.get(unitId);
  const scoresUrl = apiUrl('scores', { period: st.period, unitId });
  const levelRanking = known && RANKING_LEVELS.some((l) => l.level === known.level) ? apiUrl('rankings', { period: st.period, level: known.level }) : null;
  const childLevels = [...new Set(ctx.units.filter((u) => u.parentId === unitId).map((u) => u.level))]
    .filter((lv) => RANKING_LEVELS.some((l) => l.level === lv));

  if (!known) {
    return {
      layout: h('div', { class: 'view view-unit', 'data-testid': 'unit-detail', 'data-unit-id': unitId },
        picker(ctx, unitId), note(`Không có đơn vị mã “${unitId}” trong danh sách đơn vị hiện tại. Hãy chọn một đơn vị khác.`)),
      sections: [],
    };
  }
  const sec = (cls, label) => h('section', { class: ['panel', cls], 'aria-label': label });
  const elHead = sec('unit-head', 'Điểm của đơn vị');
  const elLost = sec('lost-panel', 'Chỉ tiêu');
  const elProcedures = sec('procedures-panel', 'Theo thủ tục hành chính');
  const elTrend = sec('trend-panel', 'Diễn biến theo tháng');
  const elChildren = childLevels.length ? sec('children-panel', 'Đơn vị trực thuộc') : null;
  const elPortal = sec('portal-panel', 'Đối chiếu với Cổng quốc gia');
  const elLate = sec('late-panel', 'Hồ sơ trễ hạn');
  const elDue = sec('due-panel', 'Hồ sơ sắp đến hạn');

  const layout = h('div', { class: 'view view-unit', 'data-testid': 'unit-detail', 'data-unit-id': unitId },
    picker(ctx, unitId), breadcrumb(ctx, unitId), elHead, elPortal,
    h('div', { class: 'two-col' }, elLost, h('div', { class: 'stack' }, elTrend)),
    elProcedures,
    elChildren, elLate, elDue);

  const sections = [
    {
      el: elHead,
      urls: { scores: scoresUrl, handling: apiUrl('handling-times', { period: st.period, unitId }), ...(levelRanking ? { ranking: levelRanking } : {}) },
      render: (c, res) => {
        const name = known?.name ?? unitId;
        if (!ready(res.scores)) return notReady(res.scores, 'điểm của đơn vị', h('h2', {}, name));
        c.setPeriodInfo(res.scores.data);
        const unit = (res.scores.data?.units ?? []).find((u) => u.unitId === unitId);
        if (!unit) return [h('h2', {}, name), note('Không có điểm của đơn vị này trong kỳ.')];
        const ranked = res.ranking?.data?.units ?? [];
        const mine = ranked.find((u) => u.unitId === unitId);
        return [
          h('h2', {}, unit.name ?? name, ' ', h('span', { class: 'h-sub' }, `— ${levelName(unit.level)} · ${describePeriod(res.scores.data?.period?.label ?? st.period)}`)),
          periodLine(res.scores.data),
          h('div', { class: 'overview-grid' },
            h('div', { class: 'card total-card' },
              h('p', { class: 'total-label' }, 'Tổng điểm'),
              h('p', { class: 'total-line' },
                h('span', { class: 'total', 'data-testid': 'unit-total', 'data-value': dataDecimal(unit.total) }, fmtPoints(unit.total)),
                h('span', { class: 'total-max' }, ' / 100')),
              h('p', { class: 'total-delta' }, deltaBadge(unit.scoreDelta?.total, unit.scoreDelta?.previousPeriod, { testid: 'unit-delta' }),
                unit.scoreDelta ? h('span', { class: 'hint' }, ` so với kỳ ${unit.scoreDelta.previousPeriod}`) : null),
              h('p', {}, ratingBadge(unit)),
              mine ? h('p', { class: 'national' }, `Hạng `, h('strong', {}, `${fmtInt(mine.rank)}/${fmtInt(ranked.length)}`), ` trong ${levelName(unit.level).toLowerCase()}`) : null),
            h('div', { class: 'card bars-card' }, h('h3', {}, 'Sáu tiêu chí'), barsBlock(unit, null), groupDeltas(unit))),
          h('div', { class: 'card handling-card' }, handlingCard(unit, res.handling)),
          h('p', { class: 'controls no-print' },
            xlsxButton(apiUrl('scores', { period: st.period, level: unit.level, format: 'xlsx' }), `Tải Excel bảng điểm ${levelName(unit.level).toLowerCase()}`, 'scores-xlsx', 'diem-766.xlsx')),
        ];
      },
    },
    {
      el: elLost,
      urls: { scores: scoresUrl },
      render: (c, res) => {
        const title = h('h2', {}, 'Chỉ tiêu, tử số và mẫu số');
        if (!ready(res.scores)) return notReady(res.scores, 'điểm theo chỉ tiêu', title);
        const unit = (res.scores.data?.units ?? []).find((u) => u.unitId === unitId);
        return [title, h('p', { class: 'hint' }, 'Xếp theo số điểm bị mất; tính trên toàn bộ đơn vị và các đơn vị trực thuộc.'),
          pointsLostTable(unit, { testid: 'unit-indicators', caption: 'Chỉ tiêu của đơn vị' })];
      },
    },
    {
      el: elPortal,
      urls: { reconciliation: reconciliationUrl(st.period, unitId) },
      render: (c, res) => reconciliationBody(res.reconciliation, unitId),
    },
    {
      el: elProcedures,
      urls: { procedures: apiUrl('procedures', { period: st.period, unitId, group: st.group, sort: st.psort, order: procedureOrderOf(st) }) },
      render: (c, res) => [h('h2', {}, 'Theo thủ tục hành chính: thủ tục nào làm mất điểm'),
        h('p', { class: 'hint' }, 'Tử số, mẫu số và số điểm bị mất của từng thủ tục, cùng thời gian giải quyết; tính trên toàn bộ đơn vị và các đơn vị trực thuộc.'),
        procedureSection(c, res.procedures)],
    },
    {
      el: elTrend,
      urls: { trend: apiUrl('trend', { unitId, months: 12 }) },
      render: (c, res) => [h('h2', {}, 'Diễn biến tổng điểm 12 tháng gần nhất'), trendBody(res.trend)],
    },
  ];
  if (elChildren) {
    const urls = Object.fromEntries(childLevels.map((lv) => [lv, apiUrl('rankings', { period: st.period, level: lv })]));
    sections.push({
      el: elChildren,
      urls,
      render: (c, res) => {
        const out = [h('h2', {}, 'Đơn vị trực thuộc')];
        for (const lv of childLevels) {
          const r = res[lv];
          if (r.error) { out.push(errorBox(r.error, 'xếp hạng đơn vị trực thuộc')); continue; }
          if (r.data === undefined) { out.push(loading()); continue; }
          const units = (r.data?.units ?? []).filter((u) => u.parentId === unitId);
          if (childLevels.length > 1) out.push(h('h3', {}, levelName(lv)));
          out.push(units.length ? rankingTable(c, units, { testid: `children-${lv}`, caption: `Đơn vị trực thuộc: ${levelName(lv)}`, rankLabel: `Hạng trong ${levelName(lv).toLowerCase()}` }) : note('Không có đơn vị.'));
        }
        return out;
      },
    });
  }
  sections.push(
    {
      el: elLate,
      urls: { late: lateUrl(st, unitId, { limit: LATE_PAGE, offset: st.offset || undefined }) },
      render: (c, res) => [h('h2', {}, 'Hồ sơ trễ hạn của đơn vị'), lateSection(c, res.late, { fixedUnit: unitId })],
    },
    {
      el: elDue,
      urls: { due: apiUrl('due-soon', { unitId, days: st.days }) },
      render: (c, res) => [h('h2', {}, 'Hồ sơ sắp đến hạn'), dueSoonSection(c, res.due)],
    },
  );
  return { layout, sections };
}
