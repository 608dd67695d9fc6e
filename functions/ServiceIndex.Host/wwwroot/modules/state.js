// The view state lives in the URL query string, so a URL is shareable and a reload restores the view.
//   tab      overview | rankings | unit | errors
//   period   API period label (absent = the API's default, the current month)
//   level    agency | district | commune (rankings shown, unit picker filter)
//   unit     unitId of the drill-down (tab=unit)
//   field    late-dossier field filter;   lateUnit  late-dossier unit filter (overview)
//   sort     daysLate | dueAt | unit;     order     asc | desc;   offset  late-dossier page start
//   days     due-soon window (1–60)
//   group    procedure drill-down group (absent = all groups); psort, porder  its sort key and order; pall=1 every row
//   units    compared unit ids, comma-separated (tab=compare)
//   trend    '' (month by month) | day (the trend card's day-by-day view)

import { parsePeriod } from './period.js';

export const TABS = ['overview', 'rankings', 'unit', 'compare', 'errors', 'operations'];
export const PROCEDURE_SORTS = ['pointsLost', 'name', 'handled', 'medianDays'];
export const GROUP_KEYS = ['transparency', 'progress', 'onlineServices', 'digitisation', 'satisfaction'];
export const SORTS = ['daysLate', 'dueAt', 'unit'];
export const LEVEL_FILTERS = ['agency', 'district', 'commune'];

const DEFAULTS = Object.freeze({
  tab: 'overview', period: '', level: '', unit: '', field: '', lateUnit: '',
  sort: 'daysLate', order: '', offset: 0, days: 3, group: '', psort: 'pointsLost', porder: '', pall: 0, units: '', trend: '',
});

/** Order of the keys in generated URLs. */
const KEYS = ['tab', 'period', 'level', 'unit', 'field', 'lateUnit', 'sort', 'order', 'offset', 'days', 'group', 'psort', 'porder', 'pall', 'units', 'trend'];

export function defaultOrder(sort) {
  return sort === 'daysLate' ? 'desc' : 'asc';
}

export function readState(search = location.search) {
  const q = new URLSearchParams(search);
  const st = { ...DEFAULTS };
  const tab = q.get('tab');
  if (TABS.includes(tab)) st.tab = tab;
  const period = q.get('period');
  if (period && parsePeriod(period)) st.period = period;
  else if (period) st.badPeriod = period;
  const level = q.get('level');
  if (LEVEL_FILTERS.includes(level)) st.level = level;
  st.unit = q.get('unit') ?? '';
  st.field = q.get('field') ?? '';
  st.lateUnit = q.get('lateUnit') ?? '';
  const sort = q.get('sort');
  if (SORTS.includes(sort)) st.sort = sort;
  const order = q.get('order');
  if (order === 'asc' || order === 'desc') st.order = order;
  const offset = Number.parseInt(q.get('offset') ?? '', 10);
  if (Number.isFinite(offset) && offset > 0) st.offset = offset;
  const days = Number.parseInt(q.get('days') ?? '', 10);
  if (Number.isFinite(days) && days >= 1 && days <= 60) st.days = days;
  const group = q.get('group');
  if (GROUP_KEYS.includes(group)) st.group = group;
  const psort = q.get('psort');
  if (PROCEDURE_SORTS.includes(psort)) st.psort = psort;
  const porder = q.get('porder');
  if (porder === 'asc' || porder === 'desc') st.porder = porder;
  if (q.get('pall') === '1') st.pall = 1;
  st.units = (q.get('units') ?? '').split(',').map((x) => x.trim()).filter(Boolean).slice(0, 20).join(',');
  if (q.get('trend') === 'day') st.trend = 'day';
  if (st.tab === 'unit' && !st.unit) st.unit = '';
  return st;
}

/** The procedure table's effective order (explicit, or ascending for names, descending otherwise). */
export const procedureOrderOf = (st) => st.porder || (st.psort === 'name' ? 'asc' : 'desc');

/** The compared unit ids. */
export const comparedUnits = (st) => (st.units ? st.units.split(',') : []);

/** The effective sort order (explicit, or the sort key's default). */
export const orderOf = (st) => st.order || defaultOrder(st.sort);

export function toSearch(st) {
  const q = new URLSearchParams();
  for (const k of KEYS) {
    const v = st[k];
    if (v === undefined || v === null || v === '' || v === DEFAULTS[k]) continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A link to the view with some state changed (used as href of in-app links). */
export function hrefFor(st, patch) {
  return `${location.pathname}${toSearch({ ...st, ...patch })}`;
}
