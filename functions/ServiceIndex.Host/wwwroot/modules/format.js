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

export const GROUPS = [
  { key: 'transparency', name: 'Công khai, minh bạch', short: 'Công khai', max: 18 },
  { key: 'progress', name: 'Tiến độ giải quyết', short: 'Tiến độ', max: 20 },
  { key: 'onlineServices', name: 'Dịch vụ trực tuyến (DVC + thanh toán)', short: 'Trực tuyến', max: 22 },
  { key: 'digitisation', name: 'Số hóa hồ sơ', short: 'Số hóa', max: 22 },
  { key: 'satisfaction', name: 'Mức độ hài lòng', short: 'Hài lòng', max: 18 },
];

/** The national portal's six bars: indicator codes, maximum, and the score-document group they belong to. */
export const BARS = [
  { key: 'transparency', name: 'Công khai, minh bạch', codes: ['T1', 'T2', 'T3', 'T4'], max: 18, group: 'transparency' },
  { key: 'progress', name: 'Tiến độ giải quyết', codes: ['P1'], max: 20, group: 'progress' },
  { key: 'onlinePublicServices', name: 'Dịch vụ công trực tuyến', codes: ['O1', 'O2', 'O3'], max: 12, group: 'onlineServices' },
  { key: 'onlinePayment', name: 'Thanh toán trực tuyến', codes: ['M1', 'M2', 'M3'], max: 10, group: 'onlineServices' },
  { key: 'digitisation', name: 'Số hóa hồ sơ', codes: ['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7'], max: 22, group: 'digitisation' },
  { key: 'satisfaction', name: 'Mức độ hài lòng', codes: ['S1', 'S2', 'S3'], max: 18, group: 'satisfaction' },
];

export const INDICATORS = {
  T1: 'Công bố TTHC đúng hạn',
  T2: 'Công khai TTHC đúng hạn',
  T3: 'Công khai đầy đủ',
  T4: 'Đồng bộ trạng thái hồ sơ lên Cổng DVC quốc gia',
  P1: 'Giải quyết đúng hạn',
  O1: 'Cung cấp DVC trực tuyến',
  O2: 'TTHC có phát sinh hồ sơ trực tuyến',
  O3: 'Tỷ lệ hồ sơ trực tuyến (nhân tỷ lệ đồng bộ)',
  M1: 'Thanh toán trực tuyến (hồ sơ phải nộp phí)',
  M2: 'TTHC có phát sinh thanh toán trực tuyến',
  M3: 'TTHC triển khai thanh toán trực tuyến',
  D1: 'Cấp kết quả điện tử (TTHC có kết quả giấy)',
  D2: 'Số hóa hồ sơ và kết quả',
  D3: 'Chứng thực bản sao điện tử',
  D4: 'Tái sử dụng dữ liệu số hóa',
  D5: 'Kho dữ liệu công dân',
  D6: 'Khai thác CSDL dân cư',
  D7: 'TTHC có khai thác CSDL dân cư',
  S1: 'Xử lý phản ánh kiến nghị đúng hạn',
  S2: 'Hài lòng về xử lý phản ánh',
  S3: 'Hài lòng về giải quyết TTHC',
};

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
