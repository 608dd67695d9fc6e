// Tab "Xếp hạng": agencies, districts and communes ranked by total; a row opens the unit.

import { h } from '../dom.js';
import { apiUrl } from '../api.js';
import { note, notReady, periodLine, rankingTable, ready, xlsxButton } from '../components.js';
import { fmtInt } from '../format.js';
import { describePeriod } from '../period.js';

export const RANKING_LEVELS = [
  { level: 'agency', title: 'Sở, ban, ngành', testid: 'ranking-agency' },
  { level: 'district', title: 'Cấp huyện', testid: 'ranking-district' },
  { level: 'commune', title: 'Cấp xã', testid: 'ranking-commune', showParent: true },
];

export function rankingsView(ctx) {
  const st = ctx.state;
  const levels = RANKING_LEVELS.filter((l) => !st.level || l.level === st.level);
  const sections = levels.map((l) => {
    const el = h('section', { class: ['panel', 'ranking-panel', `ranking-${l.level}`], 'aria-label': `Xếp hạng ${l.title}` });
    return {
      el,
      urls: { ranking: apiUrl('rankings', { period: st.period, level: l.level }) },
      render: (c, res) => {
        const r = res.ranking;
        if (!ready(r)) return notReady(r, `xếp hạng ${l.title.toLowerCase()}`, h('h2', {}, l.title));
        c.setPeriodInfo(r.data);
        const units = r.data?.units ?? [];
        const head = h('h2', {}, `${l.title} `, h('span', { class: 'h-sub' }, `— ${fmtInt(units.length)} đơn vị · ${describePeriod(r.data?.period?.label ?? st.period)}`));
        if (!units.length) {
          return [h('h2', {}, l.title), note(l.level === 'district'
            ? 'Không có đơn vị cấp huyện trong cơ cấu hiện tại (chính quyền địa phương hai cấp).'
            : 'Không có đơn vị nào ở cấp này.')];
        }
        const top = units.slice(0, Math.min(5, units.length)).map((u) => u.unitId).join(',');
        return [head, periodLine(r.data), h('p', { class: 'hint no-print' }, 'Bấm vào một dòng để xem chi tiết chỉ tiêu và hồ sơ trễ hạn của đơn vị.'),
          h('p', { class: 'controls no-print' },
            xlsxButton(apiUrl('scores', { period: st.period, level: l.level, format: 'xlsx' }), 'Tải Excel bảng điểm', `scores-xlsx-${l.level}`, `diem-766-${l.level}.xlsx`),
            h('a', { class: 'button', href: apiUrl('reports/leadership', { period: st.period, level: l.level, format: 'html' }), target: '_blank', rel: 'noopener', 'data-testid': `report-${l.level}` }, 'In báo cáo'),
            xlsxButton(apiUrl('reports/leadership', { period: st.period, level: l.level, format: 'xlsx' }), 'Báo cáo lãnh đạo (Excel)', `report-xlsx-${l.level}`, `bao-cao-lanh-dao-${l.level}.xlsx`),
            units.length >= 2 ? h('a', { class: 'button', 'data-nav': '', 'data-testid': `compare-top-${l.level}`, href: c.href({ tab: 'compare', units: top }) }, `So sánh ${Math.min(5, units.length)} đơn vị đứng đầu`) : null),
          rankingTable(c, units, { testid: l.testid, caption: `Xếp hạng ${l.title}`, showParent: l.showParent })];
      },
    };
  });
  return { layout: h('div', { class: 'view view-rankings' }, sections.map((x) => x.el)), sections };
}
