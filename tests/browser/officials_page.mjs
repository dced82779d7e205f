// The officials' page in a real headless Chromium (Debian's, driven by
// playwright-core): sign-in, risk-list filters and sorting, a case worked
// from the page, exports, refusal of another township (page and HTTP), the
// county's 四查三比对 report table and its export, a
// phone-sized screen and the English switch. Run by browser_test.cc, which
// sets up the database and the server and passes everything by environment:
//   BAOXUE_URL, BAOXUE_WEB_DIR (for node_modules), BAOXUE_LOGIN,
//   BAOXUE_PASSWORD (every account's), BAOXUE_AREA_A, BAOXUE_AREA_B,
//   BAOXUE_COUNTY_LOGIN, BAOXUE_B_CASE, BAOXUE_B_SCHOOLS (JSON),
//   BAOXUE_REAL_NAMES (JSON), BAOXUE_ACTION_NOTE, BAOXUE_SCREENSHOTS.
// Exits non-zero on the first failed check.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const base = env('BAOXUE_URL');
const { chromium } = createRequire(join(env('BAOXUE_WEB_DIR'), 'package.json'))('playwright-core');
const shots = env('BAOXUE_SCREENSHOTS');
mkdirSync(shots, { recursive: true });
const realNames = JSON.parse(env('BAOXUE_REAL_NAMES'));
const areaA = env('BAOXUE_AREA_A');
const areaB = env('BAOXUE_AREA_B');
const caseB = env('BAOXUE_B_CASE');
const schoolsB = JSON.parse(env('BAOXUE_B_SCHOOLS'));
const note = env('BAOXUE_ACTION_NOTE');

let passed = 0;
async function check(name, body) {
  const started = Date.now();
  await body();
  passed += 1;
  console.log(`ok ${passed} - ${name} (${Date.now() - started} ms)`);
}

// Runs `action` (which changes the route) and waits until the risk list has
// been asked for and drawn again.
async function reloadList(page, action) {
  await Promise.all([page.waitForResponse((r) => r.url().includes('/api/risk-list')), action()]);
  await page.waitForSelector('#risk-table, .empty, #view-error, #risk-hint');
}

// Goes to a URL of the page and waits for the API call it makes and for
// `selector` to be drawn from that answer.
async function visit(page, url, apiPath, selector) {
  await Promise.all([page.waitForResponse((r) => r.url().includes(apiPath)), page.goto(url)]);
  await page.waitForSelector(selector);
}

const rowsOf = (page) =>
  page.$$eval('#risk-table tbody tr', (rows) =>
    rows.map((r) => ({
      tier: r.dataset.tier,
      school: r.dataset.schoolId,
      probability: Number(r.dataset.probability),
      grade: Number(r.dataset.grade),
    })),
  );

const assertNoRealNames = (text, where) => {
  for (const name of realNames) assert.ok(!text.includes(name), `${where} shows an unmasked name`);
};

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
try {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    acceptDownloads: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.log(`page error: ${error.message}`));

  await check('the sign-in form shows; a wrong password is refused with a clear error', async () => {
    await page.goto(`${base}/`);
    await page.waitForSelector('#login');
    await page.screenshot({ path: join(shots, 'sign-in.png') });
    await page.fill('#login', env('BAOXUE_LOGIN'));
    await page.fill('#password', 'not-the-password');
    await page.click('#signin-submit');
    const error = page.locator('#signin-error');
    await error.waitFor({ state: 'visible' });
    assert.match(await error.textContent(), /账号或密码错误/);
    assert.equal(await page.locator('#risk-table').count(), 0);
  });

  await check('the right password opens the risk list with masked names, reasons and measures', async () => {
    await page.fill('#password', env('BAOXUE_PASSWORD'));
    await reloadList(page, () => page.click('#signin-submit'));
    const rows = await rowsOf(page);
    assert.ok(rows.length > 0, 'no rows');
    const names = await page.$$eval('#risk-table tbody tr td:first-child', (cells) => cells.map((c) => c.textContent));
    assert.ok(names.every((n) => n.includes('*')), `unmasked: ${names.slice(0, 3)}`);
    assertNoRealNames(await page.content(), 'risk list');
    assert.ok((await page.locator('#risk-table .reasons li').count()) > 0, 'no reasons');
    assert.match(await page.locator('#risk-table .measures').first().textContent(), /适用措施/);
    await page.screenshot({ path: join(shots, 'risk-list.png') });
  });

  await check('filtering by tier and by school changes the rows accordingly', async () => {
    const all = await rowsOf(page);
    assert.ok(new Set(all.map((r) => r.tier)).size > 1, 'the default list should hold high and medium');
    await reloadList(page, () => page.selectOption('#filter-tier', 'high'));
    const high = await rowsOf(page);
    assert.ok(high.length > 0 && high.length < all.length, `${high.length} of ${all.length}`);
    assert.ok(high.every((r) => r.tier === 'high'));
    // Every tier, so that several schools are in the list.
    await reloadList(page, () => page.selectOption('#filter-tier', 'high,medium,low'));
    const everyTier = await rowsOf(page);
    const perSchool = {};
    everyTier.forEach((r) => { perSchool[r.school] = (perSchool[r.school] || 0) + 1; });
    assert.ok(Object.keys(perSchool).length > 1, `one school only: ${JSON.stringify(perSchool)}`);
    const offered = await page.$$eval('#filter-school option', (os) => os.map((o) => o.value).filter(Boolean));
    assert.deepEqual([...offered].sort(), Object.keys(perSchool).sort(), 'the school choices are the schools listed');
    const school = offered[offered.length - 1];
    await reloadList(page, () => page.selectOption('#filter-school', school));
    const bySchool = await rowsOf(page);
    assert.equal(bySchool.length, perSchool[school]);
    assert.ok(bySchool.length < everyTier.length, `${bySchool.length} of ${everyTier.length}`);
    assert.ok(bySchool.every((r) => r.school === school));
    assert.match(page.url(), new RegExp(`school_id=${school}`));
    await reloadList(page, () => page.selectOption('#filter-school', ''));
    await reloadList(page, () => page.selectOption('#filter-tier', 'high,medium'));
  });

  await check('sorting by a column orders the rows, a second click reverses', async () => {
    const desc = (await rowsOf(page)).map((r) => r.probability);
    assert.deepEqual(desc, [...desc].sort((a, b) => b - a));
    await reloadList(page, () => page.click('th button[data-sort="probability"]'));
    const asc = (await rowsOf(page)).map((r) => r.probability);
    assert.deepEqual(asc, [...asc].sort((a, b) => a - b));
    assert.notDeepEqual(asc, desc);
    await reloadList(page, () => page.click('th button[data-sort="grade"]'));
    const grades = (await rowsOf(page)).map((r) => r.grade);
    assert.deepEqual(grades, [...grades].sort((a, b) => a - b));
    assert.ok(grades[0] < grades[grades.length - 1], 'grades should differ');
  });

  await check('the risk list exports as .xlsx and as a print page', async () => {
    const href = await page.getAttribute('#export-risk-list-xlsx', 'href');
    const response = await context.request.get(`${base}${href.startsWith('/') ? '' : '/'}${href}`);
    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(response.headers()['content-disposition'], /attachment; filename="risk-list-\d{12}-[\d-]+\.xlsx"/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-risk-list-xlsx')]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    const bytes = await readFile(await download.path());
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'not a zip');
    assert.ok(bytes.includes('xl/worksheets/sheet1.xml'), 'no worksheet in the zip');

    const [print] = await Promise.all([context.waitForEvent('page'), page.click('#print-risk-list')]);
    await print.waitForLoadState();
    const printed = await print.content();
    assert.match(printed, /@media print/);
    assert.match(printed, /风险名单/);
    assertNoRealNames(printed, 'print page');
    await print.screenshot({ path: join(shots, 'print-risk-list.png'), fullPage: false });
    await print.close();
  });

  let caseId = '';
  await check('the case board groups cases by the six heads and highlights overdue ones', async () => {
    await page.click('#nav-cases');
    await page.waitForSelector('#case-board');
    const heads = await page.$$eval('#case-board section.level h3', (hs) => hs.map((x) => x.textContent));
    assert.equal(heads.length, 6);
    ['师长', '校长', '家长', '组长', '村长', '镇长'].forEach((head, i) => assert.match(heads[i], new RegExp(head)));
    const board = await (await context.request.get(`${base}/api/cases?status=open`)).json();
    const overdue = board.cases.filter((c) => c.overdue).length;
    assert.ok(overdue > 0, 'the test made some cases overdue');
    assert.equal(await page.locator('.case-card.overdue').count(), overdue);
    assert.equal(await page.locator('.case-card').count(), board.cases.length);
    await page.screenshot({ path: join(shots, 'case-board.png') });
    caseId = await page.locator('.case-card:not(.overdue)').first().getAttribute('data-case-id');
  });

  await check('a case: acknowledge it, record an action, see both in the timeline and the API', async () => {
    await page.click(`.case-card[data-case-id="${caseId}"]`);
    await page.waitForSelector('#case-summary');
    await page.click('#acknowledge');
    await page.waitForSelector('#case-notice');
    assert.match(await page.textContent('#case-summary'), /已确认/);
    await page.selectOption('#action-kind', 'home_visit');
    await page.fill('#action-note', note);
    await page.click('#action-submit');
    const entry = page.locator('#case-timeline li', { hasText: note });
    await entry.waitFor();
    assert.match(await page.textContent('#case-notice'), /已保存/);
    assert.equal(await entry.count(), 1);
    assert.match(await entry.textContent(), /家访/);
    const detail = await (await context.request.get(`${base}/api/cases/${caseId}`)).json();
    assert.ok(detail.events.some((e) => e.kind === 'home_visit' && e.note === note), 'the action is not in the API');
    assert.ok(detail.summary.acknowledged_at, 'not acknowledged in the API');
    await page.screenshot({ path: join(shots, 'case-detail.png'), fullPage: true });
  });

  await check('an error from the server shows in the user’s language', async () => {
    await page.fill('#action-note', 'x'.repeat(10));
    await page.evaluate(() => {
      document.querySelector('#action-kind').append(new Option('bogus', 'not_a_kind'));
    });
    await page.selectOption('#action-kind', 'not_a_kind');
    await page.click('#action-submit');
    await page.waitForSelector('#view-error');
    assert.match(await page.textContent('#view-error'), /参数有误/);
  });

  await check('recording the outcome resolves the case', async () => {
    await page.selectOption('#resolve-outcome', 'returned');
    await page.fill('#resolve-note', '周一已返校');
    await page.click('#resolve-submit');
    await page.locator('#resolve-form').waitFor({ state: 'detached' });
    assert.match(await page.textContent('#case-summary'), /已办结.*已复学/);
    const detail = await (await context.request.get(`${base}/api/cases/${caseId}`)).json();
    assert.equal(detail.summary.status, 'closed');
    assert.equal(detail.summary.outcome, 'returned');
    const again = await context.request.post(`${base}/api/cases/${caseId}/resolve`, {
      data: { outcome: 'returned', note: '' },
      headers: { 'X-Baoxue-CSRF': (await (await context.request.get(`${base}/api/me`)).json()).csrf_token },
    });
    assert.equal(again.status(), 409, 'resolving a closed case');
  });

  await check('another township is refused in the page: no data, a clear refusal', async () => {
    await visit(page, `${base}/#/risk?area=${areaB}`, '/api/risk-list', '#view-error');
    assert.match(await page.textContent('#view-error'), /无权查看/);
    assert.equal(await page.locator('#risk-table').count(), 0);
    const html = await page.content();
    schoolsB.forEach((school) => assert.ok(!html.includes(school), `B's school ${school} shows`));
    await visit(page, `${base}/#/case/${caseB}`, `/api/cases/${caseB}`, '#view-error');
    assert.equal(await page.locator('#case-summary').count(), 0);
    await visit(page, `${base}/#/ledger?area=${areaB}`, '/api/ledger', '#view-error');
    assert.equal(await page.locator('#ledger-table').count(), 0);
    await visit(page, `${base}/#/checks?area=${areaB}`, '/api/checks', '#view-error');
    assert.equal(await page.locator('#checks-table').count(), 0);
  });

  await check('another township is refused over plain HTTP with the same cookie (403, no data)', async () => {
    for (const path of [`/api/risk-list?area=${areaB}`, `/api/cases/${caseB}`, `/api/cases?area=${areaB}`,
      `/api/ledger?area=${areaB}`, `/api/export/risk-list.xlsx?area=${areaB}`, `/print/risk-list?area=${areaB}`,
      `/api/checks?area=${areaB}`, `/api/export/checks.xlsx?area=${areaB}`]) {
      const response = await context.request.get(`${base}${path}`);
      assert.equal(response.status(), 403, path);
      const body = await response.text();
      assert.ok(!body.includes('masked_name') && !body.includes('"students"') && !body.includes('"cases"'), path);
      schoolsB.forEach((school) => assert.ok(!body.includes(school), `${path} shows ${school}`));
    }
    const own = await context.request.get(`${base}/api/risk-list`);
    assert.equal(own.status(), 200, 'the cookie works for the own area');
  });

  await check('the ledger draws ECharts charts and the table', async () => {
    await page.goto(`${base}/#/ledger`);
    await page.waitForSelector('#ledger-table');
    assert.equal(await page.locator('#ledger-bar-chart canvas').count(), 1, 'no bar chart');
    assert.equal(await page.locator('#ledger-line-chart canvas').count(), 1, 'no line chart');
    assert.ok((await page.locator('#ledger-table tbody tr').count()) > 1);
    const returned = await page.$eval('#ledger-table tr.total td:nth-child(5)', (td) => td.textContent);
    assert.equal(returned, '1', 'the case resolved as returned is in the ledger');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(shots, 'ledger.png'), fullPage: true });
    const print = await context.request.get(`${base}/print/ledger`);
    assert.equal(print.status(), 200);
  });

  await check('on a phone-sized screen the list fits the width', async () => {
    const phone = await browser.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      locale: 'zh-CN',
      hasTouch: true,
      deviceScaleFactor: 2,
      storageState: await context.storageState(),
    });
    const small = await phone.newPage();
    await small.goto(`${base}/#/risk`);
    await small.waitForSelector('#risk-table tbody tr');
    const widths = await small.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    assert.ok(widths.scroll <= widths.client, `page overflows: ${widths.scroll} > ${widths.client}`);
    const card = await small.locator('#risk-table tbody tr').first().boundingBox();
    assert.ok(card.width <= 375, `a row is ${card.width}px wide`);
    await small.screenshot({ path: join(shots, 'phone-risk-list.png') });
    await small.goto(`${base}/#/cases`);
    await small.waitForSelector('#case-board');
    const boardWidth = await small.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(boardWidth <= 375, `case board overflows: ${boardWidth}`);
    await phone.close();
  });

  await check('the English switch changes the labels and is remembered', async () => {
    await page.goto(`${base}/#/risk`);
    await page.waitForSelector('#risk-table');
    assert.equal((await page.textContent('#nav-risk')).trim(), '风险名单');
    await reloadList(page, () => page.click('#lang-switch'));
    assert.equal((await page.textContent('#nav-risk')).trim(), 'Risk list');
    assert.match(await page.textContent('#risk-table thead'), /Risk/);
    await page.reload();
    await page.waitForSelector('#risk-table');
    assert.equal((await page.textContent('#nav-cases')).trim(), 'Case board');
    await page.screenshot({ path: join(shots, 'risk-list-en.png') });
    await page.click('#lang-switch');
  });

  await check('signing out ends the session', async () => {
    await page.click('#sign-out');
    await page.waitForSelector('#login');
    const me = await context.request.get(`${base}/api/me`);
    assert.equal(me.status(), 401);
  });
  await check('a county account picks a township in the area picker', async () => {
    const county = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const desk = await county.newPage();
    await desk.goto(`${base}/`);
    await desk.fill('#login', env('BAOXUE_COUNTY_LOGIN'));
    await desk.fill('#password', env('BAOXUE_PASSWORD'));
    await reloadList(desk, () => desk.click('#signin-submit'));
    const choices = await desk.$$eval('#area-picker option', (os) => os.map((o) => o.value));
    assert.ok(choices.includes(areaA) && choices.includes(areaB), `picker: ${choices}`);
    assert.equal(await desk.isDisabled('#area-picker'), false);
    const countyTotal = await desk.textContent('#risk-total');
    await reloadList(desk, () => desk.selectOption('#area-picker', areaA));
    assert.match(desk.url(), new RegExp(`area=${areaA}`));
    assert.notEqual(await desk.textContent('#risk-total'), countyTotal);
    const listed = await (await county.request.get(`${base}/api/risk-list?area=${areaA}`)).json();
    assert.equal(await desk.locator('#risk-table tbody tr').count(), listed.students.length);
    assert.equal(await desk.isDisabled('#area-picker'), false);

    // The check's report table: B's two 户籍 children being verified, with
    // the vocabulary's words and the key-group columns, exportable.
    assert.match(await desk.getAttribute('#nav-checks', 'href'), /^#\/checks/);
    assert.match(await desk.textContent('#nav-checks'), /四查三比对/);
    await visit(desk, `${base}/#/checks`, '/api/checks', '#checks-table');
    const rowB = desk.locator(`#checks-table tbody tr[data-township="${areaB}"][data-comparison="registration_vs_roll"][data-outcome=""]`);
    assert.equal(await rowB.count(), 1, 'no row for B being verified');
    const cells = await rowB.locator('td').allTextContents();
    assert.match(cells[1], /户籍比学籍/);
    assert.equal(cells[2], '核查中');
    assert.equal(cells[3], '2');
    assert.match(await desk.textContent('#checks-table thead'), /留守.*脱贫户/);
    assertNoRealNames(await desk.content(), 'check report');
    await desk.screenshot({ path: join(shots, 'checks.png'), fullPage: true });
    const href = await desk.getAttribute('#export-checks-xlsx', 'href');
    const xlsx = await county.request.get(`${base}${href}`);
    assert.equal(xlsx.status(), 200);
    assert.equal(xlsx.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal((await xlsx.body()).subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'not a zip');
    await county.close();
  });

  await check('a township account has only its own area in the picker', async () => {
    await page.fill('#login', env('BAOXUE_LOGIN'));
    await page.fill('#password', env('BAOXUE_PASSWORD'));
    await reloadList(page, () => page.click('#signin-submit'));
    const choices = await page.$$eval('#area-picker option', (os) => os.map((o) => o.value));
    assert.deepEqual(choices, [areaA]);
    assert.equal(await page.isDisabled('#area-picker'), true);
  });
} finally {
  await browser.close();
}
console.log(`${passed} passed, 0 failed`);
