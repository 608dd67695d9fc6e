// Unit tests of the dashboard's period labels (node --test; run by DashboardModuleTests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describePeriod, formatPeriod, parsePeriod, shiftPeriod } from '../../../functions/ServiceIndex.Host/wwwroot/modules/period.js';

test('the four period forms of the API are parsed and written back unchanged', () => {
  for (const label of ['2024', '2024-Q2', '2024-05', '2023-04-17..2023-05-07']) {
    assert.equal(formatPeriod(parsePeriod(label)), label);
  }
});

test('labels that are not periods are refused', () => {
  for (const label of ['2024-13', '2024-Q5', '2023-02-30..2023-03-01', '2023-05-07..2023-04-17', '', null]) {
    assert.equal(parsePeriod(label), null, String(label));
  }
});

test('periods are described in Vietnamese', () => {
  assert.equal(describePeriod('2024-05'), 'Tháng 05/2024');
  assert.equal(describePeriod('2024-Q2'), 'Quý II/2024');
  assert.equal(describePeriod('2024'), 'Năm 2024');
  assert.equal(describePeriod('2023-04-17..2023-05-07'), '17/04/2023 – 07/05/2023');
});

test('a month or quarter steps across the year boundary', () => {
  assert.equal(shiftPeriod('2024-01', -1), '2023-12');
  assert.equal(shiftPeriod('2023-Q4', 1), '2024-Q1');
});

test('a custom range moves by its own length', () => {
  assert.equal(shiftPeriod('2024-02-28..2024-03-01', 1), '2024-03-02..2024-03-04');
});
