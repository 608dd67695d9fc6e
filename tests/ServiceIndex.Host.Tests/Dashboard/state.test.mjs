// Unit tests of the dashboard's URL state (node --test; run by DashboardModuleTests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readState, toSearch } from '../../../functions/ServiceIndex.Host/wwwroot/modules/state.js';

test('a view survives a round trip through its address', () => {
  const search = '?tab=unit&period=2024-Q2&unit=qna-ubnd-tamky&sort=dueAt&offset=50&days=7&group=progress&units=a%2Cb';
  assert.equal(toSearch(readState(search)), search);
});

test('defaults are left out of the address', () => {
  assert.equal(toSearch(readState('?tab=overview&sort=daysLate&days=3')), '');
});

test('a bad period is kept aside to be reported, and the view falls back to the current month', () => {
  const st = readState('?period=2024-13');
  assert.equal(st.period, '');
  assert.equal(st.badPeriod, '2024-13');
});

test('values outside their lists are ignored', () => {
  const st = readState('?tab=nowhere&sort=random&days=999&level=galaxy');
  assert.deepEqual([st.tab, st.sort, st.days, st.level], ['overview', 'daysLate', 3, '']);
});
