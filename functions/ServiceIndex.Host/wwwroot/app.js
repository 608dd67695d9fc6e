// ServiceIndex dashboard: entry module. State in the URL, views per tab, polling with ETags.

import { h, mount } from './modules/dom.js';
import { apiEvents, apiUrl, entry, load } from './modules/api.js';
import { errorBox, note, statusPanel } from './modules/components.js';
import { fmtClock, useCatalogue } from './modules/format.js';
import { currentMonthLabel, describePeriod, parsePeriod, shiftPeriod, todayIso } from './modules/period.js';
import { hrefFor, readState, toSearch } from './modules/state.js';
import { overviewView } from './modules/views/overview.js';
import { rankingsView } from './modules/views/rankings.js';
import { unitView } from './modules/views/unit.js';
import { errorsView } from './modules/views/errors.js';
import { compareView } from './modules/views/compare.js';

const POLL_MS = 10_000;
const VIEWS = { overview: overviewView, rankings: rankingsView, unit: unitView, compare: compareView, errors: errorsView };
const TAB_TITLES = { overview: 'Tổng quan', rankings: 'Xếp hạng', unit: 'Đơn vị', compare: 'So sánh', errors: 'Bản ghi lỗi' };
const UNITS_URL = apiUrl('units');
const STATUS_URL = apiUrl('status');

const $ = (id) => document.getElementById(id);

let state = readState();
let generation = 0;
let mounted = [];
let unitsVersion = -1;
let statusVersion = -1;
let polling = false;
let networkOk = true;
let pickerTouched = false;

const ctx = {
  get state() { return state; },
  units: [],
  unitsById: new Map(),
  root: null,
  href: (patch) => hrefFor(state, patch),
  navigate: (patch) => navigate(patch, { push: true }),
  update: (patch) => navigate(patch, { push: false }),
  setPeriodInfo,
};

// ---- navigation ----------------------------------------------------------------------------

function navigate(patch, { push }) {
  const prev = state;
  state = { ...state, ...patch };
  if (state.badPeriod) {
    delete state.badPeriod;
    showPeriodError('');
  }
  const url = `${location.pathname}${toSearch(state)}`;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
  if (prev.period !== state.period) pickerTouched = false;
  render({ scrollTop: prev.tab !== state.tab || prev.unit !== state.unit });
}

function onPopState() {
  state = readState();
  showPeriodError('');
  warnBadPeriod();
  pickerTouched = false;
  render({ scrollTop: false });
}

function onDocumentClick(ev) {
  if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  const link = ev.target.closest('a[data-nav]');
  if (link) {
    ev.preventDefault();
    const url = new URL(link.href);
    const next = readState(url.search);
    const prev = state;
    state = next;
    history.pushState(null, '', `${location.pathname}${toSearch(state)}`);
    render({ scrollTop: prev.tab !== state.tab || prev.unit !== state.unit });
    return;
  }
  const row = ev.target.closest('tr.clickable[data-unit-id]');
  if (row && !ev.target.closest('a, button, input, select')) {
    ctx.navigate({ tab: 'unit', unit: row.dataset.unitId, offset: 0 });
  }
}

// ---- header controls -----------------------------------------------------------------------

const YEARS_BACK = 6;

function effectivePeriod() {
  return state.period || currentMonthLabel();
}

function yearOptions(selectedYear) {
  const now = Number(currentMonthLabel().slice(0, 4));
  const years = [];
  for (let y = now; y >= now - YEARS_BACK; y--) years.push(y);
  if (selectedYear && !years.includes(selectedYear)) years.push(selectedYear);
  return years.sort((a, b) => b - a);
}

function monthBounds(label) {
  const p = parsePeriod(label);
  const pad = (n) => String(n).padStart(2, '0');
  switch (p?.kind) {
    case 'month': {
      const last = new Date(Date.UTC(p.year, p.month, 0)).getUTCDate();
      return [`${p.year}-${pad(p.month)}-01`, `${p.year}-${pad(p.month)}-${pad(last)}`];
    }
    case 'quarter': {
      const m1 = p.quarter * 3 - 2, m3 = p.quarter * 3;
      return [`${p.year}-${pad(m1)}-01`, `${p.year}-${pad(m3)}-${pad(new Date(Date.UTC(p.year, m3, 0)).getUTCDate())}`];
    }
    case 'year': return [`${p.year}-01-01`, `${p.year}-12-31`];
    case 'range': return [p.from, p.to];
    default: return [todayIso(), todayIso()];
  }
}

/** Draw the value input(s) of the period picker for a kind, initialised from a label. */
function renderPeriodInputs(kind, label) {
  const slot = $('period-inputs');
  const p = parsePeriod(label) ?? parsePeriod(currentMonthLabel());
  const year = p.year ?? Number((p.from ?? currentMonthLabel()).slice(0, 4));
  const [from, to] = monthBounds(label);
  const pad = (n) => String(n).padStart(2, '0');
  let controls;
  if (kind === 'month') {
    const month = p.kind === 'month' ? p.month : p.kind === 'quarter' ? p.quarter * 3 - 2 : Number(from.slice(5, 7));
    controls = [h('label', { class: 'sr-only', for: 'period-value' }, 'Tháng (năm-tháng)'),
      h('input', { id: 'period-value', 'data-testid': 'period-value', type: 'month', required: true, value: `${year}-${pad(month)}`, min: '2000-01', max: '2099-12' })];
  } else if (kind === 'quarter') {
    const quarter = p.kind === 'quarter' ? p.quarter : p.kind === 'month' ? Math.ceil(p.month / 3) : Math.ceil(Number(from.slice(5, 7)) / 3);
    const opts = [];
    for (const y of yearOptions(year)) for (let q = 4; q >= 1; q--) opts.push(`${y}-Q${q}`);
    controls = [h('label', { class: 'sr-only', for: 'period-value' }, 'Quý'),
      h('select', { id: 'period-value', 'data-testid': 'period-value' },
        opts.map((v) => h('option', { value: v, selected: v === `${year}-Q${quarter}` }, describePeriod(v))))];
  } else if (kind === 'year') {
    controls = [h('label', { class: 'sr-only', for: 'period-value' }, 'Năm'),
      h('select', { id: 'period-value', 'data-testid': 'period-value' },
        yearOptions(year).map((y) => h('option', { value: String(y), selected: y === year }, `Năm ${y}`)))];
  } else {
    controls = [
      h('label', { for: 'period-value' }, 'Từ ngày'),
      h('input', { id: 'period-value', 'data-testid': 'period-value', type: 'date', required: true, value: from }),
      h('label', { for: 'period-to' }, 'đến ngày'),
      h('input', { id: 'period-to', 'data-testid': 'period-to', type: 'date', required: true, value: to }),
    ];
  }
  mount(slot, controls);
}

function periodFromPicker() {
  const kind = $('period-kind').value;
  const value = ($('period-value')?.value ?? '').trim();
  if (parsePeriod(value) && kind !== 'range') return value;
  if (kind === 'range') {
    const to = ($('period-to')?.value ?? '').trim();
    if (parsePeriod(value)?.kind === 'range') return value;
    return `${value}..${to}`;
  }
  return value;
}

function showPeriodError(text) {
  const el = $('period-error');
  el.textContent = text;
  el.hidden = !text;
}

function onPeriodSubmit(ev) {
  ev.preventDefault();
  const label = periodFromPicker();
  const p = parsePeriod(label);
  if (!p) {
    showPeriodError($('period-kind').value === 'range'
      ? 'Khoảng ngày không hợp lệ: cần chọn cả hai ngày và ngày bắt đầu không sau ngày kết thúc.'
      : 'Kỳ báo cáo không hợp lệ.');
    return;
  }
  showPeriodError('');
  ctx.navigate({ period: label, offset: 0 });
}

function syncControls() {
  const label = effectivePeriod();
  const kind = parsePeriod(label)?.kind ?? 'month';
  if (!pickerTouched) {
    $('period-kind').value = kind;
    renderPeriodInputs(kind, label);
  }
  $('period-current').disabled = !state.period;
  const level = $('level');
  level.value = state.level;
  $('level-wrap').hidden = !(state.tab === 'rankings' || state.tab === 'unit' || state.tab === 'compare');
  $('period-form').hidden = state.tab === 'errors';
  for (const a of document.querySelectorAll('nav.tabs a[data-tab]')) {
    const tab = a.dataset.tab;
    a.href = hrefFor(state, { tab, offset: 0 });
    if (tab === state.tab) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${TAB_TITLES[state.tab]} · ${describePeriod(label)} — ServiceIndex 766`;
}

function setPeriodInfo(doc) {
  const label = doc?.period?.label;
  if (!label || state.period || pickerTouched) return;
  // The API decides "the current month" (Vietnam time); follow it if our clock disagrees.
  if (label !== currentMonthLabel() && parsePeriod(label)) {
    $('period-kind').value = parsePeriod(label).kind;
    renderPeriodInputs(parsePeriod(label).kind, label);
  }
}

// ---- rendering -----------------------------------------------------------------------------

function applyUnits() {
  const e = entry(UNITS_URL);
  unitsVersion = e.version;
  const units = Array.isArray(e.data?.units) ? e.data.units.filter((u) => u && u.unitId) : [];
  ctx.units = units;
  ctx.unitsById = new Map(units.map((u) => [u.unitId, u]));
  ctx.root = units.find((u) => u.parentId === null || u.parentId === undefined) ?? units[0] ?? null;
}

function versionsOf(sec) {
  return Object.values(sec.urls).map((u) => entry(u).version).join(',');
}

/** The user is using a control in el, or has selected text in it: do not replace it under them. */
function userBusyIn(el) {
  const active = document.activeElement;
  if (active && el.contains(active) && active.matches('select, input')) return true;
  const sel = document.getSelection();
  return !!sel && !sel.isCollapsed && sel.rangeCount > 0 && el.contains(sel.getRangeAt(0).commonAncestorContainer);
}

function paint(sec, force = false) {
  const v = versionsOf(sec);
  if (!force && v === sec.seen) return;
  if (!force && sec.seen !== null && userBusyIn(sec.el)) return; // retried at the next poll
  sec.seen = v;
  const res = Object.fromEntries(Object.entries(sec.urls).map(([k, u]) => [k, entry(u)]));
  try {
    const out = sec.render(ctx, res);
    mount(sec.el, out);
  } catch (err) {
    console.error(err);
    mount(sec.el, h('div', { class: 'msg msg-error', role: 'alert' }, 'Không hiển thị được phần này do lỗi dữ liệu. Các phần khác vẫn hoạt động.'));
  }
}

function paintStatus() {
  const e = entry(STATUS_URL);
  if (e.version === statusVersion) return;
  statusVersion = e.version;
  try {
    mount($('status'), statusPanel(ctx, e));
  } catch (err) {
    console.error(err);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function render({ scrollTop = false } = {}) {
  const g = ++generation;
  syncControls();
  const main = $('main');
  load(STATUS_URL).then(() => paintStatus());

  const unitsEntry = await load(UNITS_URL);
  if (g !== generation) return;
  if (unitsEntry.version !== unitsVersion) applyUnits();
  if (!ctx.root) {
    mounted = [];
    mount(main, unitsEntry.error
      ? errorBox(unitsEntry.error, 'danh sách đơn vị')
      : note('Chưa có dữ liệu đơn vị: hệ thống đang đồng bộ lần đầu từ hệ thống giải quyết TTHC. Trang sẽ tự cập nhật.'));
    return;
  }

  let view;
  try {
    view = VIEWS[state.tab](ctx);
  } catch (err) {
    console.error(err);
    mount(main, h('div', { class: 'msg msg-error', role: 'alert' }, 'Không hiển thị được trang này.'));
    return;
  }
  const sections = view.sections.map((sec) => ({ ...sec, seen: null }));
  const urls = [...new Set(sections.flatMap((sec) => Object.values(sec.urls)))];
  const all = Promise.all(urls.map(load));
  // Swap the page in one go when the data comes quickly (no flash of "Đang tải…", no scroll jump).
  await Promise.race([all, sleep(400)]);
  if (g !== generation) return;
  mounted = sections;
  mount(main, view.layout);
  for (const sec of mounted) paint(sec, true);
  if (scrollTop) window.scrollTo({ top: 0 });
  await all;
  if (g !== generation) return;
  for (const sec of mounted) paint(sec);
}

async function poll() {
  if (polling || document.hidden) return;
  polling = true;
  const g = generation;
  try {
    const urls = new Set([UNITS_URL, STATUS_URL, ...mounted.flatMap((sec) => Object.values(sec.urls))]);
    await Promise.all([...urls].map(load));
    paintStatus();
    if (g !== generation) return;
    if (entry(UNITS_URL).version !== unitsVersion) {
      render();
      return;
    }
    for (const sec of mounted) paint(sec);
  } finally {
    polling = false;
  }
}

// ---- sync indicator ------------------------------------------------------------------------

function showSync(busy) {
  const el = $('sync');
  if (!networkOk) {
    el.className = 'sync sync-error';
    el.textContent = 'Lỗi kết nối — đang thử lại';
  } else if (busy) {
    el.className = 'sync sync-busy';
    el.textContent = 'Đang cập nhật…';
  } else {
    el.className = 'sync sync-ok';
    el.textContent = `Đã làm mới lúc ${fmtClock()}`;
  }
}

function warnBadPeriod() {
  if (state.badPeriod) {
    showPeriodError(`Kỳ “${state.badPeriod}” trong địa chỉ trang không hợp lệ (dùng dạng 2024, 2024-Q2, 2024-05 hoặc 2024-04-17..2024-05-07); đang hiển thị tháng hiện tại.`);
  }
}

function init() {
  apiEvents.addEventListener('busy', (ev) => showSync(ev.detail));
  apiEvents.addEventListener('network', (ev) => {
    if (ev.detail === networkOk) return;
    networkOk = ev.detail;
    $('live').textContent = networkOk ? 'Đã kết nối lại máy chủ.' : 'Mất kết nối tới máy chủ; đang thử lại.';
    showSync(false);
  });

  $('period-form').addEventListener('submit', onPeriodSubmit);
  $('period-kind').addEventListener('change', (ev) => {
    pickerTouched = true;
    showPeriodError('');
    renderPeriodInputs(ev.target.value, effectivePeriod());
  });
  $('period-inputs').addEventListener('input', () => { pickerTouched = true; });
  $('period-prev').addEventListener('click', () => ctx.navigate({ period: shiftPeriod(effectivePeriod(), -1), offset: 0 }));
  $('period-next').addEventListener('click', () => ctx.navigate({ period: shiftPeriod(effectivePeriod(), 1), offset: 0 }));
  $('period-current').addEventListener('click', () => ctx.navigate({ period: '', offset: 0 }));
  $('level').addEventListener('change', (ev) => ctx.update({ level: ev.target.value }));
  $('print').addEventListener('click', () => window.print());
  document.addEventListener('click', onDocumentClick);
  window.addEventListener('popstate', onPopState);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) poll(); });
  setInterval(poll, POLL_MS);
  warnBadPeriod();
  render();
}

/**
 * The indicator catalogue names and scales every view, so it is loaded before the first render; while the server
 * cannot give it, the page says why and tries again.
 */
async function loadCatalogue() {
  const url = apiUrl('indicators');
  for (;;) {
    const e = await load(url);
    if (e.data !== undefined) {
      useCatalogue(e.data);
      return;
    }
    mount($('main'), errorBox(e.error, 'danh mục chỉ tiêu'));
    await new Promise((resolve) => { setTimeout(resolve, POLL_MS); });
  }
}

loadCatalogue().then(init);
