// Tab "Tổng quan": the province (root unit) at a glance — total, rating, six bars with the top-20
// line, monthly trend, where points are lost, what closes the gap, late dossiers, dossiers due soon.

import { h } from '../dom.js';
import { apiUrl } from '../api.js';
import { barsBlock, note, notReady, periodLine, pointsLostTable, ratingBadge, ready, trendBody } from '../components.js';
import { dueSoonSection, LATE_PAGE, lateSection, lateUrl } from '../dossiers.js';
import { dataDecimal, fmtPercent, fmtPoints, fmtInt, indicatorName, RATINGS, ratingOf, GROUPS } from '../format.js';
import { describePeriod } from '../period.js';
import { dailyBody, forecastLine, trendSwitch } from '../outlook.js';

const BANDS = [['xuat-sac', '≥ 90'], ['tot', '≥ 80'], ['kha', '≥ 70'], ['trung-binh', '≥ 50'], ['yeu', '< 50']];

function provinceTargets(unit) {
  const p1 = unit?.indicators?.P1;
  if (!p1 || !(p1.denominator > 0)) return null;
  const onTime = p1.numerator / p1.denominator;
  const late = 1 - onTime;
  return h('ul', { class: 'targets', 'aria-label': 'Mục tiêu xếp hạng' },
    h('li', { class: onTime >= 0.97 ? 'met' : 'unmet' },
      h('span', { class: 'tick', 'aria-hidden': 'true' }, onTime >= 0.97 ? '✓' : '✗'),
      `Giải quyết đúng hạn ${fmtPercent(onTime)} `, h('span', { class: 'hint' }, '(mục tiêu ≥ 97%)')),
    h('li', { class: late < 0.05 ? 'met' : 'unmet' },
      h('span', { class: 'tick', 'aria-hidden': 'true' }, late < 0.05 ? '✓' : '✗'),
      `Hồ sơ quá hạn ${fmtPercent(late)} `, h('span', { class: 'hint' }, '(mục tiêu < 5%)')));
}

function nationalLine(target) {
  if (!target) return null;
  if (!target.rankingImported) {
    return h('p', { class: 'national hint' }, 'Chưa nhập bảng xếp hạng toàn quốc của năm này, nên chưa có mốc top 20.');
  }
  const parts = [];
  if (Number.isFinite(target.rank)) parts.push(h('span', {}, 'Hạng toàn quốc ', h('strong', {}, `${fmtInt(target.rank)}/${fmtInt(target.provinces)}`)));
  if (Number.isFinite(target.twentiethTotal)) {
    const gap = target.twentiethTotal - (target.total ?? 0);
    parts.push(h('span', {}, ` · tỉnh, thành phố thứ 20 đạt ${fmtPoints(target.twentiethTotal)} điểm`,
      gap > 0 ? ` (còn thiếu ${fmtPoints(Math.round(gap * 100) / 100)})` : ' (đã vượt)'));
  }
  return h('p', { class: 'national' }, parts);
}

function provinceSection(ctx, res) {
  const sc = res.scores;
  const root = ctx.root;
  if (!ready(sc)) return notReady(sc, 'điểm tổng hợp', h('h2', {}, root.name));
  const unit = (sc.data?.units ?? []).find((u) => u.unitId === root.unitId) ?? sc.data?.units?.[0];
  ctx.setPeriodInfo(sc.data);
  if (!unit) return [h('h2', {}, root.name), note('Chưa có điểm cho kỳ này.')];
  const target = res.target.data && !res.target.error ? res.target.data : null;
  const r = ratingOf(unit);
  return [
    h('h2', {}, `${unit.name || root.name} — ${describePeriod(sc.data?.period?.label ?? ctx.state.period)}`),
    periodLine(sc.data),
    h('div', { class: 'overview-grid' },
      h('div', { class: 'card total-card' },
        h('p', { class: 'total-label' }, 'Tổng điểm Bộ chỉ số 766'),
        h('p', { class: 'total-line' },
          h('span', { class: 'total', 'data-testid': 'province-total', 'data-value': dataDecimal(unit.total) }, fmtPoints(unit.total)),
          h('span', { class: 'total-max' }, ' / 100')),
        forecastLine(res.forecast, unit.unitId, sc.data?.period?.label),
        h('p', {}, ratingBadge(unit)),
        h('ol', { class: 'band-scale', 'aria-label': 'Thang xếp loại' },
          BANDS.map(([code, rule]) => h('li', { class: [`band-${code}`, code === r.code ? 'current' : null], 'aria-current': code === r.code ? 'true' : null },
            h('span', { class: 'band-name' }, RATINGS[code]), h('span', { class: 'band-rule' }, rule)))),
        nationalLine(target),
        res.target.error ? h('p', { class: 'hint' }, 'Không tải được mốc top 20 (', res.target.error.status ? `lỗi ${res.target.error.status}` : 'mất kết nối', ').') : null,
        provinceTargets(unit)),
      h('div', { class: 'card bars-card' },
        h('h3', {}, 'Sáu tiêu chí của Cổng Dịch vụ công quốc gia'),
        barsBlock(unit, target),
        target?.rankingImported ? h('p', { class: 'legend' }, h('span', { class: 'legend-marker', 'aria-hidden': 'true' }), ' Vạch đen: mốc điểm của tỉnh, thành phố xếp thứ 20 toàn quốc') : null)),
  ];
}

function actionsSection(ctx, res) {
  const t = res.target;
  const title = h('h2', {}, 'Việc cần làm để tăng điểm');
  if (!ready(t)) return notReady(t, 'khoảng cách tới top 20', title);
  const groups = [...(t.data?.groups ?? [])].sort((a, b) => (b.gap ?? -1) - (a.gap ?? -1));
  const rows = [];
  for (const g of groups) {
    for (const a of g.actions ?? []) rows.push({ g, a });
  }
  const groupName = (k) => GROUPS.find((x) => x.key === k)?.name ?? k;
  if (!rows.length) return [title, note('Không có gợi ý nào cho kỳ này.')];
  return [
    title,
    h('p', { class: 'hint' }, t.data.rankingImported
      ? 'Tính từ số liệu thực tế của kỳ: mỗi việc và số điểm nó mang lại, nhóm còn thiếu nhiều điểm nhất lên trước.'
      : 'Chưa có bảng xếp hạng toàn quốc; đây là chi phí của mỗi điểm tăng thêm, tính từ số liệu thực tế của kỳ.'),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data', 'data-testid': 'target-actions' },
      h('caption', { class: 'sr-only' }, 'Việc cần làm để tăng điểm'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Nhóm'), h('th', { scope: 'col' }, 'Chỉ tiêu'), h('th', { scope: 'col' }, 'Việc cần làm'),
        h('th', { scope: 'col', class: 'num' }, 'Điểm tăng thêm'))),
      h('tbody', {}, rows.map(({ g, a }) => h('tr', {},
        h('td', {}, groupName(g.group), Number.isFinite(g.gap) && g.gap > 0 ? h('span', { class: 'hint' }, ` (thiếu ${fmtPoints(g.gap)})`) : null),
        h('td', {}, a.indicator ? [h('span', { class: 'code' }, a.indicator), ' ', indicatorName(a.indicator)] : '—'),
        h('td', {}, a.description ?? a.kind ?? '—'),
        h('td', { class: 'num' }, Number.isFinite(a.pointsGained) ? `+${fmtPoints(a.pointsGained)}` : '—')))))),
  ];
}

export function overviewView(ctx) {
  const st = ctx.state;
  const root = ctx.root;
  const scoresUrl = apiUrl('scores', { period: st.period, unitId: root.unitId });
  const targetUrl = apiUrl('target', { period: st.period });
  const sec = (cls, label) => h('section', { class: ['panel', cls], 'aria-label': label });
  const elProvince = sec('province', 'Tổng quan');
  const elTrend = sec('trend-panel', 'Diễn biến theo tháng');
  const elLost = sec('lost-panel', 'Điểm bị mất');
  const elActions = sec('actions-panel', 'Việc cần làm để tăng điểm');
  const elLate = sec('late-panel', 'Hồ sơ trễ hạn');
  const elDue = sec('due-panel', 'Hồ sơ sắp đến hạn');
  const layout = h('div', { class: 'view view-overview' }, elProvince,
    h('div', { class: 'two-col' }, elLost, h('div', { class: 'stack' }, elTrend, elActions)), elLate, elDue);
  return {
    layout,
    sections: [
      { el: elProvince, urls: { scores: scoresUrl, target: targetUrl, forecast: apiUrl('forecast', { period: st.period, unitId: root.unitId }) }, render: provinceSection },
      st.trend === 'day'
        ? {
          el: elTrend, urls: { daily: apiUrl('trajectory', { period: st.period, unitId: root.unitId }) },
          render: (c, res) => [h('h2', {}, 'Diễn biến tổng điểm theo ngày'), trendSwitch(c, 'day'), dailyBody(res.daily, root.name)],
        }
        : {
          el: elTrend, urls: { trend: apiUrl('trend', { unitId: root.unitId, months: 12 }) },
          render: (c, res) => [h('h2', {}, 'Diễn biến tổng điểm 12 tháng gần nhất'), trendSwitch(c, ''), trendBody(res.trend, root.name)],
        },
      {
        el: elLost, urls: { scores: scoresUrl },
        render: (c, res) => {
          const title = h('h2', {}, `${root.name}: mất điểm ở đâu`);
          if (!ready(res.scores)) return notReady(res.scores, 'điểm theo chỉ tiêu', title);
          const unit = (res.scores.data?.units ?? []).find((u) => u.unitId === root.unitId) ?? res.scores.data?.units?.[0];
          return [title, h('p', { class: 'hint' }, 'Các chỉ tiêu xếp theo số điểm bị mất (điểm tối đa − điểm đạt), kèm tử số và mẫu số.'), pointsLostTable(unit)];
        },
      },
      { el: elActions, urls: { target: targetUrl }, render: actionsSection },
      {
        el: elLate, urls: { late: lateUrl(st, st.lateUnit, { limit: LATE_PAGE, offset: st.offset || undefined }) },
        render: (c, res) => [h('h2', {}, 'Hồ sơ trễ hạn'), lateSection(c, res.late)],
      },
      {
        el: elDue, urls: { due: apiUrl('due-soon', { days: st.days }) },
        render: (c, res) => [h('h2', {}, 'Hồ sơ sắp đến hạn'), dueSoonSection(c, res.due)],
      },
    ],
  };
}
