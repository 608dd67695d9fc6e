// Period labels of the API: '2024', '2024-Q2', '2024-05', '2024-04-17..2024-05-07'.

import { vnToday } from './format.js';

const pad = (n) => String(n).padStart(2, '0');
const ROMAN = ['I', 'II', 'III', 'IV'];

function validDate(s) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** Parse a label → {kind, year, quarter?, month?, from?, to?} or null when it is not a period. */
export function parsePeriod(label) {
  if (typeof label !== 'string') return null;
  let m;
  if ((m = /^(\d{4})$/.exec(label))) return { kind: 'year', year: +m[1] };
  if ((m = /^(\d{4})-Q([1-4])$/.exec(label))) return { kind: 'quarter', year: +m[1], quarter: +m[2] };
  if ((m = /^(\d{4})-(\d{2})$/.exec(label)) && +m[2] >= 1 && +m[2] <= 12) return { kind: 'month', year: +m[1], month: +m[2] };
  if ((m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(label)) && validDate(m[1]) && validDate(m[2]) && m[1] <= m[2]) {
    return { kind: 'range', from: m[1], to: m[2] };
  }
  return null;
}

export function formatPeriod(p) {
  switch (p.kind) {
    case 'year': return String(p.year);
    case 'quarter': return `${p.year}-Q${p.quarter}`;
    case 'month': return `${p.year}-${pad(p.month)}`;
    case 'range': return `${p.from}..${p.to}`;
    default: return '';
  }
}

const dmy = (iso) => iso.split('-').reverse().join('/');

/** Vietnamese description: 'Tháng 05/2024', 'Quý II/2024', 'Năm 2024', '17/04/2023 – 07/05/2023'. */
export function describePeriod(label) {
  const p = parsePeriod(label);
  if (!p) return label || '';
  switch (p.kind) {
    case 'year': return `Năm ${p.year}`;
    case 'quarter': return `Quý ${ROMAN[p.quarter - 1]}/${p.year}`;
    case 'month': return `Tháng ${pad(p.month)}/${p.year}`;
    default: return `${dmy(p.from)} – ${dmy(p.to)}`;
  }
}

export function currentMonthLabel() {
  const t = vnToday();
  return `${t.y}-${pad(t.m)}`;
}

export function todayIso() {
  const t = vnToday();
  return `${t.y}-${pad(t.m)}-${pad(t.d)}`;
}

function addDays(iso, n) {
  const [y, m, d] = iso.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d + n));
  return `${dt.getUTCFullYear()}-${pad(dt.getUTCMonth() + 1)}-${pad(dt.getUTCDate())}`;
}

function daysBetween(a, b) {
  const [y1, m1, d1] = a.split('-').map(Number);
  const [y2, m2, d2] = b.split('-').map(Number);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86400000);
}

/** The previous (step -1) or next (+1) period of the same kind; a range moves by its own length. */
export function shiftPeriod(label, step) {
  const p = parsePeriod(label);
  if (!p) return null;
  switch (p.kind) {
    case 'year': return String(p.year + step);
    case 'quarter': {
      const idx = p.year * 4 + (p.quarter - 1) + step;
      return `${Math.floor(idx / 4)}-Q${(idx % 4) + 1}`;
    }
    case 'month': {
      const idx = p.year * 12 + (p.month - 1) + step;
      return `${Math.floor(idx / 12)}-${pad((idx % 12) + 1)}`;
    }
    default: {
      const len = daysBetween(p.from, p.to) + 1;
      return `${addDays(p.from, step * len)}..${addDays(p.to, step * len)}`;
    }
  }
}
