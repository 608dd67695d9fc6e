// Vietnamese labels and number/date formatting (vi-VN). Times are shown in Vietnam time (UTC+07:00)
// whatever the browser's time zone.

const points = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 0, maximumFractionDigits: 2 });
const integer = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 0, maximumFractionDigits: 1 });
const dayCount = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('vi-VN', { style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: 1 });

const isNum = (x) => typeof x === 'number' && Number.isFinite(x);

export const fmtPoints = (x) => (isNum(x) ? points.format(x) : '—');
export const fmtInt = (x) => (isNum(x) ? integer.format(x) : '—');
export const fmtDecimal1 = (x) => (isNum(x) ? oneDecimal.format(x) : '—');
export const fmtPercent = (x) => (isNum(x) ? percent.format(x) : '—');
const signed = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 0, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
/** A change of points with its sign: '+1,25', '−0,5', '0'. */
export const fmtDelta = (x) => (isNum(x) ? signed.format(x).replace('-', '−') : '—');
/** Handling days, always with one decimal whatever the value, so a column of them lines up: '2,0', '1,9'. */
export const fmtDayCount = (x) => (isNum(x) ? dayCount.format(x) : '—');
/** Handling days with their unit: '2,0 ngày', '1,9 ngày'. */
export const fmtDays = (x) => (isNum(x) ? `${dayCount.format(x)} ngày` : '—');
/**
 * A figure of the API in a data attribute, for scripts and tests: the API's own precision (two decimals),
 * invariant, whatever the value ('1.90', '2.00', '2.31'); empty when absent.
 */
export const dataDecimal = (x) => (isNum(x) ? x.toFixed(2) : '');

const VN_OFFSET_MS = 7 * 3600 * 1000;
const pad = (n) => String(n).padStart(2, '0');

function vnParts(value) {
  if (!value) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  const d = new Date(ms + VN_OFFSET_MS);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), hh: d.getUTCHours(), mm: d.getUTCMinutes(), ss: d.getUTCSeconds() };
}

/** '2024-05-07' or an RFC 3339 time → '07/05/2024' (Vietnam calendar day). */
export function fmtDate(value) {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-');
    return `${d}/${m}/${y}`;
  }
  const p = vnParts(value);
  return p ? `${pad(p.d)}/${pad(p.m)}/${p.y}` : '—';
}

/** RFC 3339 → '07/05/2024 14:05'. */
export function fmtDateTime(value, withSeconds = false) {
  const p = vnParts(value);
  if (!p) return '—';
  return `${pad(p.d)}/${pad(p.m)}/${p.y} ${pad(p.hh)}:${pad(p.mm)}${withSeconds ? ':' + pad(p.ss) : ''}`;
}

export function fmtClock(date = new Date()) {
  const p = vnParts(date.toISOString());
  return `${pad(p.hh)}:${pad(p.mm)}:${pad(p.ss)}`;
}

/** Today in Vietnam as {y, m, d}. */
export function vnToday() {
  const p = vnParts(new Date().toISOString());
  return { y: p.y, m: p.m, d: p.d };
}

export function fmtDuration(seconds) {
  if (!isNum(seconds)) return '—';
  if (seconds < 90) return `${fmtDecimal1(seconds)} giây`;
  if (seconds < 5400) return `${fmtInt(Math.round(seconds / 60))} phút`;
  if (seconds < 172800) return `${fmtDecimal1(seconds / 3600)} giờ`;
  return `${fmtDecimal1(seconds / 86400)} ngày`;
}

export function fmtHoursLeft(hours) {
  if (!isNum(hours)) return '—';
  if (hours <= 0) return 'đã đến hạn';
  if (hours < 24) return `còn ${fmtDecimal1(hours)} giờ`;
  const days = Math.floor(hours / 24);
  const rest = Math.round(hours - days * 24);
  return rest > 0 ? `còn ${days} ngày ${rest} giờ` : `còn ${days} ngày`;
}

export const fmtDaysLate = (n) => (isNum(n) ? `trễ ${fmtInt(n)} ngày` : '—');

// ---- ratings -------------------------------------------------------------------------------

export const RATINGS = {
  'xuat-sac': 'Xuất sắc',
  tot: 'Tốt',
  kha: 'Khá',
  'trung-binh': 'Trung bình',
  yeu: 'Yếu',
};

export function ratingFromTotal(total) {
  if (!isNum(total)) return null;
  if (total >= 90) return 'xuat-sac';
  if (total >= 80) return 'tot';
  if (total >= 70) return 'kha';
  if (total >= 50) return 'trung-binh';
  return 'yeu';
}

export function ratingOf(unit) {
  const code = unit?.rating && RATINGS[unit.rating] ? unit.rating : ratingFromTotal(unit?.total);
  return code ? { code, label: RATINGS[code] } : { code: 'none', label: '—' };
}

// ---- levels, fields, groups, indicators ----------------------------------------------------

export const LEVELS = {
  province: 'Cấp tỉnh',
  agency: 'Sở, ban, ngành',
  district: 'Cấp huyện',
  commune: 'Cấp xã',
};

export const levelName = (code) => LEVELS[code] ?? code ?? '—';

export const FIELDS = {
  'dat-dai': 'Đất đai',
  'ho-tich': 'Hộ tịch',
  'chung-thuc': 'Chứng thực',
  'tu-phap': 'Tư pháp',
  'dau-tu': 'Đầu tư',
  'doanh-nghiep': 'Doanh nghiệp',
  'xay-dung': 'Xây dựng',
  'giao-thong': 'Giao thông vận tải',
  'moi-truong': 'Môi trường',
  'lao-dong': 'Lao động',
  'giao-duc': 'Giáo dục và Đào tạo',
  'y-te': 'Y tế',
  'bao-tro-xa-hoi': 'Bảo trợ xã hội',
  'nguoi-co-cong': 'Người có công',
  'cong-thuong': 'Công Thương',
  'dan-toc': 'Dân tộc',
  'du-lich': 'Du lịch',
  'khoa-hoc': 'Khoa học và Công nghệ',
  'noi-vu': 'Nội vụ',
  'thi-dua': 'Thi đua – Khen thưởng',
  'ton-giao': 'Tôn giáo',
  'nong-nghiep': 'Nông nghiệp',
  'tai-chinh': 'Tài chính',
  'thong-tin': 'Thông tin và Truyền thông',
  'van-hoa': 'Văn hóa',
  'ngoai-vu': 'Ngoại vụ',
};

/** Vietnamese name of a field code; the code itself when unknown. */
export const fieldName = (code) => (code ? FIELDS[code] ?? code : '—');

// The indicator catalogue (GET /api/indicators): groups, the portal's six bars and the indicators, with their
// Vietnamese names and maxima as the server is configured. The page keeps no copy of its own: app.js loads it
// once before the first render and fills these (useCatalogue), so a rules file that changes a maximum changes
// the page too.

/** @type {{key: string, name: string, short: string, max: number, bars: string[]}[]} */
export const GROUPS = [];

/** @type {{key: string, name: string, codes: string[], max: number, group: string}[]} */
export const BARS = [];

/** Indicator code → Vietnamese name. */
export const INDICATORS = {};

/** The catalogue's maximum total (100 with the index-766 table). */
export let MAX_TOTAL = 100;

/** Fills GROUPS, BARS and INDICATORS from a /api/indicators document. */
export function useCatalogue(doc) {
  GROUPS.splice(0, GROUPS.length, ...doc.groups.map((g) => ({ key: g.key, name: g.name, short: g.shortName, max: g.max, bars: g.bars })));
  BARS.splice(0, BARS.length, ...doc.bars.map((b) => ({ key: b.key, name: b.name, codes: b.codes, max: b.max, group: b.group })));
  for (const k of Object.keys(INDICATORS)) delete INDICATORS[k];
  for (const i of doc.indicators) INDICATORS[i.code] = i.name;
  MAX_TOTAL = doc.maxTotal;
}

/** The maximum of a group key (0 before the catalogue is loaded). */
export const groupMax = (key) => GROUPS.find((g) => g.key === key)?.max ?? 0;

export const indicatorName = (code) => INDICATORS[code] ?? code;

/** Which bar an indicator code belongs to (by its letter). */
export function barOfIndicator(code) {
  return BARS.find((b) => b.codes.includes(code)) ?? null;
}

export const KINDS = { dossier: 'Hồ sơ', procedure: 'Thủ tục', unit: 'Đơn vị', feedback: 'Phản ánh, kiến nghị' };
export const kindName = (k) => KINDS[k] ?? k ?? '—';

const STATUS = { 400: 'yêu cầu không hợp lệ', 401: 'chưa đăng nhập', 403: 'không có quyền', 404: 'không tìm thấy', 408: 'hết thời gian chờ', 429: 'quá nhiều yêu cầu', 500: 'lỗi máy chủ', 502: 'lỗi cổng kết nối', 503: 'dịch vụ tạm thời không sẵn sàng', 504: 'hết thời gian chờ máy chủ' };

/** A Vietnamese sentence for an ApiError (problem details or network failure). */
export function describeError(err) {
  if (!err) return 'Lỗi không xác định.';
  if (err.network) return 'Không kết nối được máy chủ ServiceIndex. Trang sẽ tự thử lại sau ít giây.';
  const head = `Máy chủ báo lỗi ${err.status}${STATUS[err.status] ? ` (${STATUS[err.status]})` : ''}`;
  const p = err.problem;
  const parts = [p?.title, p?.detail].filter((x) => typeof x === 'string' && x.trim());
  if (p?.errors && typeof p.errors === 'object') {
    for (const [k, v] of Object.entries(p.errors)) parts.push(`${k}: ${[].concat(v).join(', ')}`);
  }
  return parts.length ? `${head}: ${parts.join(' — ')}` : `${head}.`;
}
