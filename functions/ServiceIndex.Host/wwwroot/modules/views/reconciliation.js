// "Cổng quốc gia · ServiceIndex": the unit's figures beside the ones the national portal published for the period
// (GET /api/reconciliation), with the difference and its likely cause. Shown on the unit view where the portal publishes.

import { h } from '../dom.js';
import { apiUrl } from '../api.js';
import { note, notReady, ready } from '../components.js';
import { fmtDelta, fmtInt, fmtPoints, GROUPS } from '../format.js';

const PARTS = {
  total: 'Tổng điểm',
  'progress.score': 'Tiến độ giải quyết (điểm)',
  'progress.received': 'Hồ sơ tiếp nhận',
  'progress.onTime': 'Giải quyết đúng hạn',
  'progress.overdue': 'Hồ sơ quá hạn',
  'progress.completed': 'Hồ sơ đã giải quyết',
};

const figureName = (key) => PARTS[key] ?? GROUPS.find((g) => g.key === key)?.name ?? key;
const isCount = (key) => key.startsWith('progress.') && key !== 'progress.score';
const fmt = (key, x) => (isCount(key) ? fmtInt(x) : fmtPoints(x));

export const reconciliationUrl = (period, unitId) => apiUrl('reconciliation', { period, unitId });

/** The panel's content for one unit, from the loaded reconciliation entry. */
export function reconciliationBody(res, unitId) {
  const title = h('h2', {}, 'Đối chiếu với Cổng Dịch vụ công quốc gia');
  if (res.error?.status === 404) return [title, note('Cổng quốc gia chưa công bố số liệu của đơn vị này cho kỳ đã chọn.')];
  if (!ready(res)) return notReady(res, 'số liệu đối chiếu', title);
  const unit = (res.data?.units ?? []).find((u) => u.unitId === unitId);
  if (!unit) return [title, note('Cổng quốc gia chưa công bố số liệu của đơn vị này cho kỳ đã chọn.')];
  const head = unit.figures.find((f) => f.figure === 'total') ?? unit.figures.find((f) => f.figure === 'progress.score');
  return [
    title,
    head ? h('p', { class: 'reconciliation-line', 'data-testid': 'reconciliation-line' },
      `${figureName(head.figure)} — Cổng quốc gia: ${fmt(head.figure, head.portal)} · ServiceIndex: ${fmt(head.figure, head.ours)}`) : null,
    unit.unsyncedDossiers > 0
      ? h('p', { class: 'hint' }, `${fmtInt(unit.unsyncedDossiers)} hồ sơ tiếp nhận trong kỳ chưa được đồng bộ lên Cổng quốc gia.`) : null,
    h('table', { class: 'data', 'data-testid': 'reconciliation-table' },
      h('caption', {}, `Số liệu của ServiceIndex tính tại thời điểm đọc Cổng quốc gia (${res.data.asOf})`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Chỉ số'), h('th', { scope: 'col' }, 'Cổng quốc gia'), h('th', { scope: 'col' }, 'ServiceIndex'),
        h('th', { scope: 'col' }, 'Chênh lệch'), h('th', { scope: 'col' }, 'Nguyên nhân có thể'))),
      h('tbody', {}, unit.figures.map((f) => h('tr', { 'data-figure': f.figure, 'data-cause': f.cause },
        h('th', { scope: 'row' }, figureName(f.figure)),
        h('td', { class: 'num' }, fmt(f.figure, f.portal)),
        h('td', { class: 'num' }, fmt(f.figure, f.ours)),
        h('td', { class: 'num' }, isCount(f.figure) ? fmtInt(f.difference) : fmtDelta(f.difference)),
        h('td', {}, f.explanation))))),
  ];
}
