// Tab "Bản ghi lỗi": records the pipeline rejected, with the reason, and the pipeline status.

import { h } from '../dom.js';
import { apiUrl } from '../api.js';
import { note, notReady, ready, statusPanel } from '../components.js';
import { fmtDateTime, fmtInt, kindName } from '../format.js';

const LIMIT = 500;

export function errorsView(ctx) {
  const elStatus = h('section', { class: 'panel', 'aria-label': 'Trạng thái đồng bộ' });
  const elDead = h('section', { class: 'panel', 'aria-label': 'Bản ghi bị từ chối' });
  return {
    layout: h('div', { class: 'view view-errors' }, elStatus, elDead),
    sections: [
      {
        el: elStatus,
        urls: { status: apiUrl('status') },
        render: (c, res) => [h('h2', {}, 'Trạng thái đồng bộ dữ liệu'), h('p', { class: 'status-detail' }, statusPanel(c, res.status)),
          res.status.data?.cursor ? h('p', { class: 'hint' }, 'Vị trí đọc nguồn dữ liệu (cursor): ', h('code', {}, String(res.status.data.cursor))) : null],
      },
      {
        el: elDead,
        urls: { dl: apiUrl('dead-letters', { limit: LIMIT }) },
        render: (c, res) => {
          const title = h('h2', {}, 'Bản ghi bị từ chối');
          const r = res.dl;
          if (!ready(r)) return notReady(r, 'danh sách bản ghi bị từ chối', title);
          const items = r.data?.items ?? [];
          const total = Number.isFinite(r.data?.total) ? r.data.total : items.length;
          if (!items.length) return [title, note('Không có bản ghi nào bị từ chối.')];
          return [title,
            h('p', { class: 'hint' }, 'Các bản ghi từ hệ thống giải quyết TTHC không đúng định dạng được giữ lại kèm lý do, không tính vào điểm; các bản ghi khác vẫn được xử lý bình thường.'),
            h('p', { class: 'count' }, h('strong', {}, fmtInt(total)), ' bản ghi', items.length < total ? ` · hiển thị ${fmtInt(items.length)} bản ghi mới nhất` : ''),
            h('div', { class: 'table-wrap' }, h('table', { class: 'data', 'data-testid': 'dead-letters' },
              h('caption', { class: 'sr-only' }, 'Bản ghi bị từ chối'),
              h('thead', {}, h('tr', {},
                h('th', { scope: 'col', class: 'date' }, 'Thời điểm'), h('th', { scope: 'col' }, 'Loại'), h('th', { scope: 'col' }, 'Mã bản ghi'),
                h('th', { scope: 'col', class: 'num' }, 'Phiên bản'), h('th', { scope: 'col' }, 'Lý do'), h('th', { scope: 'col' }, 'Trường'),
                h('th', { scope: 'col' }, 'Giá trị'), h('th', { scope: 'col' }, 'Nguồn'))),
              h('tbody', {}, items.map((d) => h('tr', {},
                h('td', { class: 'date' }, fmtDateTime(d.rejectedAt)),
                h('td', { class: 'nowrap' }, kindName(d.kind)),
                h('td', { class: 'mono' }, d.id ?? '—'),
                h('td', { class: 'num' }, d.version ?? '—'),
                h('td', {}, h('span', { class: 'code' }, d.reason ?? '—'), d.message ? h('span', { class: 'hint' }, ` ${d.message}`) : null),
                h('td', { class: 'mono' }, d.field ?? '—'),
                h('td', { class: 'mono' }, d.value === undefined || d.value === null ? '—' : String(d.value)),
                h('td', { class: 'mono small' }, d.sourceBlob ?? '—', Number.isFinite(d.index) ? ` #${d.index}` : ''))))))];
        },
      },
    ],
  };
}
