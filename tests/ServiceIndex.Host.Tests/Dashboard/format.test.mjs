// Unit tests of the dashboard's pure formatting module (node --test; run by DashboardModuleTests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BARS, GROUPS, MAX_TOTAL, barOfIndicator, dataDecimal, describeError, fmtDayCount, fmtDelta, fmtPoints, groupMax, indicatorName,
  ratingFromTotal, useCatalogue,
} from '../../../functions/ServiceIndex.Host/wwwroot/modules/format.js';

const catalogue = {
  maxTotal: 102,
  groups: [
    { key: 'transparency', name: 'Công khai, minh bạch', shortName: 'Công khai', max: 20, bars: ['transparency'] },
    { key: 'onlineServices', name: 'Dịch vụ trực tuyến, thanh toán', shortName: 'Trực tuyến', max: 22, bars: ['onlinePublicServices', 'onlinePayment'] },
  ],
  bars: [
    { key: 'transparency', group: 'transparency', name: 'Công khai, minh bạch', max: 20, codes: ['T1', 'T4'] },
    { key: 'onlinePayment', group: 'onlineServices', name: 'Thanh toán trực tuyến', max: 10, codes: ['M1'] },
  ],
  indicators: [
    { code: 'T1', group: 'transparency', bar: 'transparency', name: 'Công bố TTHC đúng hạn', max: 8, threshold: 1 },
    { code: 'M1', group: 'onlineServices', bar: 'onlinePayment', name: 'Thanh toán trực tuyến (hồ sơ phải nộp phí)', max: 6, threshold: 1 },
  ],
};

test('points are written the Vietnamese way, with a decimal comma and at most two decimals', () => {
  assert.equal(fmtPoints(76.9), '76,9');
  assert.equal(fmtPoints(1234.567), '1.234,57');
  assert.equal(fmtPoints(undefined), '—');
});

test('a change of points carries its sign, with a true minus sign', () => {
  assert.equal(fmtDelta(1.25), '+1,25');
  assert.equal(fmtDelta(-1.42), '−1,42');
  assert.equal(fmtDelta(0), '0');
});

test('handling days always show one decimal so a column lines up', () => {
  assert.equal(fmtDayCount(2), '2,0');
  assert.equal(fmtDayCount(1.94), '1,9');
});

test('a data attribute keeps the API precision whatever the value', () => {
  assert.equal(dataDecimal(1.9), '1.90');
  assert.equal(dataDecimal(2), '2.00');
  assert.equal(dataDecimal(null), '');
});

test('ratings follow the thresholds of index-766', () => {
  assert.equal(ratingFromTotal(90), 'xuat-sac');
  assert.equal(ratingFromTotal(89.99), 'tot');
  assert.equal(ratingFromTotal(70), 'kha');
  assert.equal(ratingFromTotal(50), 'trung-binh');
  assert.equal(ratingFromTotal(49.99), 'yeu');
  assert.equal(ratingFromTotal(Number.NaN), null);
});

test('the catalogue from the API fills the groups, bars, names and maxima the views use', () => {
  useCatalogue(catalogue);
  assert.deepEqual(GROUPS.map((g) => [g.key, g.short, g.max]), [['transparency', 'Công khai', 20], ['onlineServices', 'Trực tuyến', 22]]);
  assert.deepEqual(BARS.map((b) => b.key), ['transparency', 'onlinePayment']);
  assert.equal(MAX_TOTAL, 102);
  assert.equal(groupMax('transparency'), 20);
  assert.equal(indicatorName('M1'), 'Thanh toán trực tuyến (hồ sơ phải nộp phí)');
  assert.equal(barOfIndicator('T4').key, 'transparency');
});

test('an unknown indicator code is shown as itself', () => {
  useCatalogue(catalogue);
  assert.equal(indicatorName('Z9'), 'Z9');
  assert.equal(barOfIndicator('Z9'), null);
});

test('a problem document becomes one Vietnamese sentence with its title and detail', () => {
  const text = describeError({ status: 404, problem: { title: 'Unknown unit', detail: 'No unit xyz.' } });
  assert.equal(text, 'Máy chủ báo lỗi 404 (không tìm thấy): Unknown unit — No unit xyz.');
});
