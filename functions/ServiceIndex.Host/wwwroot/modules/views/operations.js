// Tab "Vận hành": the last hour of the pipeline's own metrics (GET /api/operations: the numbers /metrics and Azure
// Monitor get, docs/operations.md): feed lag, throughput and refused records, one point per 15 s.

import { h, s } from '../dom.js';
import { apiUrl } from '../api.js';
import { note, notReady, ready, statusPanel } from '../components.js';
import { fmtDateTime, fmtDecimal1, fmtDuration, fmtInt } from '../format.js';

const W = 600;
const H = 80;

/** A line over the hour: points [{at, value}] (null values leave a gap). */
function sparkline(points, label, testid) {
  const values = points.map((p) => p.value).filter(Number.isFinite);
  const max = Math.max(1, ...values);
  const step = points.length > 1 ? W / (points.length - 1) : W;
  const segments = [];
  let current = [];
  points.forEach((p, i) => {
    if (!Number.isFinite(p.value)) {
      if (current.length) segments.push(current);
      current = [];
      return;
    }
    current.push(`${(i * step).toFixed(1)},${(H - (p.value / max) * (H - 4) - 2).toFixed(1)}`);
  });
  if (current.length) segments.push(current);
  return s('svg', { class: 'ops-chart', viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': label, 'data-testid': testid, focusable: 'false' },
    segments.map((seg) => s('polyline', { points: seg.join(' '), fill: 'none', stroke: 'currentColor', 'stroke-width': '2', 'vector-effect': 'non-scaling-stroke' })));
}

function card(title, value, chart, hint) {
  return h('div', { class: 'ops-card' }, h('h3', {}, title), h('p', { class: 'ops-value' }, value), chart, hint ? h('p', { class: 'hint' }, hint) : null);
}

export function operationsView(ctx) {
  const elStatus = h('section', { class: 'panel', 'aria-label': 'Trạng thái đồng bộ' });
  const elHour = h('section', { class: 'panel', 'aria-label': 'Một giờ qua' });
  return {
    layout: h('div', { class: 'view view-operations' }, elStatus, elHour),
    sections: [
      {
        el: elStatus,
        urls: { status: apiUrl('status') },
        render: (c, res) => [h('h2', {}, 'Trạng thái đồng bộ dữ liệu'), h('p', { class: 'status-detail' }, statusPanel(c, res.status))],
      },
      {
        el: elHour,
        urls: { ops: apiUrl('operations') },
        render: (c, res) => {
          const title = h('h2', {}, 'Vận hành trong một giờ qua');
          const r = res.ops;
          if (!ready(r)) return notReady(r, 'số liệu vận hành', title);
          const points = Array.isArray(r.data?.points) ? r.data.points : [];
          const every = r.data?.intervalSeconds || 15;
          if (!points.length) return [title, note('Chưa có số liệu: máy chủ vừa khởi động, số liệu được ghi mỗi 15 giây.')];
          const last = points[points.length - 1];
          const read = points.reduce((a, p) => a + (p.recordsRead ?? 0), 0);
          const applied = points.reduce((a, p) => a + (p.recordsApplied ?? 0), 0);
          const refused = points.reduce((a, p) => a + (p.deadLettered ?? 0), 0);
          const minutes = Math.max(1, (points.length * every) / 60);
          return [title,
            h('p', { class: 'hint' }, `Từ ${fmtDateTime(points[0].at)} đến ${fmtDateTime(last.at)}, mỗi điểm ${every} giây; cùng số liệu với /metrics và Azure Monitor.`),
            h('div', { class: 'ops-grid' },
              card('Độ trễ nguồn dữ liệu', Number.isFinite(last.feedLagSeconds) ? fmtDuration(last.feedLagSeconds) : '—',
                sparkline(points.map((p) => ({ at: p.at, value: p.feedLagSeconds })), 'Độ trễ theo thời gian', 'ops-lag'),
                'Từ thay đổi mới nhất đã đọc đến hiện tại; 0 khi đã đọc hết nguồn.'),
              card('Bản ghi xử lý mỗi giây', fmtDecimal1(applied / (minutes * 60)),
                sparkline(points.map((p) => ({ at: p.at, value: (p.recordsApplied ?? 0) / every })), 'Bản ghi xử lý mỗi giây', 'ops-throughput'),
                `${fmtInt(read)} bản ghi đã đọc, ${fmtInt(applied)} bản ghi đã lưu trong khoảng này.`),
              card('Bản ghi bị từ chối', fmtInt(refused),
                sparkline(points.map((p) => ({ at: p.at, value: p.deadLettered ?? 0 })), 'Bản ghi bị từ chối theo thời gian', 'ops-dead-letters'),
                'Chi tiết ở trang Bản ghi lỗi.'),
              card('Hàng đợi', Number.isFinite(last.queueDepth) ? fmtInt(last.queueDepth) : '—',
                sparkline(points.map((p) => ({ at: p.at, value: p.queueDepth })), 'Số thông điệp trong hàng đợi', 'ops-queue'),
                Number.isFinite(last.poisonMessages) && last.poisonMessages > 0 ? `${fmtInt(last.poisonMessages)} thông điệp lỗi chờ xử lý lại (docs/operations.md).` : null))];
        },
      },
    ],
  };
}
