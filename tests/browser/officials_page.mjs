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
import { createHmac } from 'node:crypto';
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
// RFC 6238 (HMAC-SHA1, 6 digits, 30 s) of an otpauth:// URI's base32 secret,
// `stepsAhead` steps from now: what an authenticator app would show.
function totpCode(uri, stepsAhead = 0) {
  const base32 = new URL(uri).searchParams.get('secret').replace(/=+$/, '');
  let bits = '';
  for (const c of base32) bits += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000) + stepsAhead));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}

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

// Chinese mode shows no English word: Latin words of two letters or more,
// apart from names that are the same in every language (Excel, file types)
// and the switch to English itself.
const allowedLatin = new Set(['EXCEL', 'JPG', 'PNG', 'PDF', 'MB', 'ENGLISH']);
async function assertChineseOnly(page, where) {
  const text = await page.evaluate(() => document.body.innerText);
  const words = (text.match(/[A-Za-z]{2,}/g) || []).filter((w) => !allowedLatin.has(w.toUpperCase()));
  assert.deepEqual(words, [], `${where} shows English in Chinese mode`);
}
// English mode shows no Chinese in the page's own words (headings, labels,
// buttons, navigation, table heads, hints); place and people names are data.
async function assertEnglishOnly(page, where) {
  const texts = await page.$$eval('nav a, h3, label > span:first-child, button, th, .muted, .empty',
    (els) => els.map((e) => e.textContent));
  const chinese = texts.filter((x) => /[\u4e00-\u9fff]/.test(x) && !x.includes('中文'));
  assert.deepEqual(chinese, [], `${where} shows Chinese in English mode`);
}

// A 1x1 PNG: the photo of a home visit.
const photo = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

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

  await check('the right password opens the to-do list, most urgent first, with its count in the navigation', async () => {
    await page.fill('#password', env('BAOXUE_PASSWORD'));
    await Promise.all([page.waitForResponse((r) => r.url().includes('/api/cases')), page.click('#signin-submit')]);
    await page.waitForSelector('#todo-overdue');
    const groups = await page.$$eval('section.todo-group', (ss) => ss.map((x) => x.id));
    assert.deepEqual(groups, ['todo-overdue', 'todo-due_today', 'todo-not_acknowledged', 'todo-newly_flagged']);
    const open = await (await context.request.get(`${base}/api/cases?status=open&limit=500`)).json();
    const overdue = open.cases.filter((c) => c.overdue).length;
    assert.ok(overdue > 0, 'the test made some cases overdue');
    assert.match(await page.textContent('#todo-overdue h3'), new RegExp(`\\(${overdue}\\)`));
    // Locator waits, not waitForFunction: the page's CSP forbids the eval
    // that polling a function needs.
    await page.locator('#nav-todo', { hasText: /\(\d+\)/ }).waitFor();
    const waiting = Number(/\((\d+)\)/.exec(await page.textContent('#nav-todo'))[1]);
    assert.ok(waiting >= overdue, `${waiting} waiting, ${overdue} overdue`);
    // At most a page of cards per group: a phone stays usable.
    assert.ok((await page.locator('#todo-overdue .case-card').count()) <= 10);
    assertNoRealNames(await page.content(), 'to-do list');
    // The model's health is for data staff and administrators, not officials.
    assert.equal(await page.locator('#nav-model-health').count(), 0);
    await assertChineseOnly(page, 'to-do list');
    await page.screenshot({ path: join(shots, 'todo.png'), fullPage: true });
  });

  await check('search finds a case by village name and by 学籍号 is left to the server', async () => {
    const open = await (await context.request.get(`${base}/api/cases?status=open&limit=500`)).json();
    const village = open.cases[0].village_name;
    await page.fill('#todo-search', village);
    await Promise.all([page.waitForResponse((r) => r.url().includes('/api/cases') && r.url().includes('q=')),
      page.click('#todo-search-submit')]);
    await page.waitForSelector('#todo-search_results');
    const shown = await page.$$eval('#todo-search_results .case-card', (cs) => cs.map((c) => c.textContent));
    assert.ok(shown.length > 0, 'no search result');
    assert.ok(shown.every((text) => text.includes(village)), 'a result from another village');
    await page.click('#todo-search-form button.link');
    await page.waitForSelector('#todo-overdue');
  });

  await check('two cases acknowledged at once from the to-do list', async () => {
    const picks = page.locator('#todo-not_acknowledged .case-card input.pick');
    assert.ok((await picks.count()) >= 2, 'fewer than two cases to acknowledge');
    const ids = [];
    for (const i of [0, 1]) {
      ids.push(await picks.nth(i).evaluate((el) => el.closest('.case-card').dataset.caseId));
      await picks.nth(i).check();
    }
    assert.match(await page.textContent('#bulk-acknowledge'), /\(2\)/);
    await Promise.all([page.waitForResponse((r) => r.url().includes('/api/cases?')), page.click('#bulk-acknowledge')]);
    await page.waitForSelector('#todo-overdue');
    for (const id of ids) {
      const detail = await (await context.request.get(`${base}/api/cases/${id}`)).json();
      assert.ok(detail.summary.acknowledged_at, `case ${id} not acknowledged`);
    }
  });

  await check('批量指派 offers the people eligible for every selected case, or says why not', async () => {
    const picks = page.locator('.case-card input.pick');
    assert.ok((await picks.count()) >= 2, 'fewer than two open cases to pick');
    for (const i of [0, 1]) await picks.nth(i).check();
    assert.match(await page.textContent('#bulk-assign'), /批量指派 \(2\)/);
    await page.click('#bulk-assign');
    await page.waitForSelector('#assign-form, #assign-message');
    await assertChineseOnly(page, 'bulk assign');
    if (await page.locator('#assign-cancel').count()) await page.click('#assign-cancel');
    for (const i of [0, 1]) await picks.nth(i).uncheck();
  });

  await check('the risk list shows masked names, reasons and measures in one language', async () => {
    await reloadList(page, () => page.click('#nav-risk'));
    const rows = await rowsOf(page);
    assert.ok(rows.length > 0, 'no rows');
    const names = await page.$$eval('#risk-table tbody tr td:first-child', (cells) => cells.map((c) => c.textContent));
    assert.ok(names.every((n) => n.includes('*')), `unmasked: ${names.slice(0, 3)}`);
    assertNoRealNames(await page.content(), 'risk list');
    assert.ok((await page.locator('#risk-table .reasons li').count()) > 0, 'no reasons');
    assert.match(await page.locator('#risk-table .measures').first().textContent(), /适用措施/);
    assert.match(await page.textContent('#tier-legend'), /风险等级/);
    assert.match(await page.locator('#risk-table tbody td[data-label="年级"]').first().textContent(), /^[一二三四五六七八九]年级$/);
    await assertChineseOnly(page, 'risk list');
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
    // Each column a page at a time, most urgent first: overdue cards lead.
    const columns = await page.$$eval('#case-board section.level', (ls) =>
      ls.map((l) => [...l.querySelectorAll('.case-card')].map((c) => c.classList.contains('overdue'))));
    columns.forEach((flags, i) => {
      assert.ok(flags.length <= 10, `column ${i + 1} shows ${flags.length} cards`);
      assert.deepEqual(flags, [...flags].sort((a, b) => Number(b) - Number(a)), `column ${i + 1} not in urgency order`);
    });
    assert.ok(columns.flat().some(Boolean), 'no overdue card shown');
    await page.screenshot({ path: join(shots, 'case-board.png') });
    caseId = board.cases.find((c) => !c.overdue && !c.acknowledged_at).case_id;
  });

  await check('a case: acknowledge it, record a home visit with its date and a photo, see who did it', async () => {
    await page.goto(`${base}/#/case/${caseId}`);
    await page.waitForSelector('#case-summary');
    await page.click('#acknowledge');
    await page.waitForSelector('#case-notice');
    assert.match(await page.textContent('#case-summary'), /已确认/);
    await page.selectOption('#action-kind', 'home_visit');
    const visitDay = new Date(Date.now() + 8 * 3600 * 1000 - 86400 * 1000).toISOString().slice(0, 10);
    await page.fill('#action-date', visitDay);
    await page.fill('#action-note', note);
    await page.setInputFiles('#action-files', { name: '家访照片.png', mimeType: 'image/png', buffer: photo });
    await page.click('#action-submit');
    const entry = page.locator('#case-timeline li', { hasText: note });
    await entry.waitFor();
    assert.match(await page.textContent('#case-notice'), /已保存/);
    assert.equal(await entry.count(), 1);
    const text = await entry.textContent();
    assert.match(text, /家访/);
    assert.ok(text.includes(visitDay), 'the visit’s date is not shown');
    assert.match(text, /张镇长 · 乡镇干部/);
    assert.ok(!/web account|token/.test(await page.textContent('#case-timeline')), 'an account number shows');
    const image = entry.locator('a.attachment img');
    assert.equal(await image.count(), 1, 'the photo is not in the timeline');
    const href = await entry.locator('a.attachment').getAttribute('href');
    const file = await context.request.get(`${base}${href}`);
    assert.equal(file.status(), 200);
    assert.equal(file.headers()['x-content-type-options'], 'nosniff');
    assert.match(file.headers()['content-disposition'], /^attachment;/);
    assert.ok(Buffer.from(await file.body()).equals(photo), 'the photo changed');
    const detail = await (await context.request.get(`${base}/api/cases/${caseId}`)).json();
    assert.ok(detail.events.some((e) => e.kind === 'home_visit' && e.note === note), 'the action is not in the API');
    assert.ok(detail.summary.acknowledged_at, 'not acknowledged in the API');
    await assertChineseOnly(page, 'case');
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

  await check('closing needs an outcome chosen, a note, the day back in class and a confirmation', async () => {
    assert.equal(await page.inputValue('#resolve-outcome'), '', 'an outcome is preselected');
    await page.selectOption('#resolve-outcome', 'returned');
    assert.equal(await page.isVisible('#resolve-returned-on'), true, 'no field for the day back in class');
    const backDay = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
    await page.fill('#resolve-returned-on', backDay);
    await page.fill('#resolve-note', '周一已返校，班主任核实在班上课');
    await page.click('#resolve-submit');
    await page.waitForSelector('#resolve-confirm');
    assert.match(await page.textContent('#resolve-confirm-box'), /确认以“已复学”办结/);
    let detail = await (await context.request.get(`${base}/api/cases/${caseId}`)).json();
    assert.equal(detail.summary.status, 'open', 'closed before the confirmation');
    await page.click('#resolve-confirm');
    await page.locator('#resolve-form').waitFor({ state: 'detached' });
    assert.match(await page.textContent('#case-summary'), /已办结.*已复学/);
    assert.match(await page.textContent('#case-timeline'), new RegExp(`${backDay} 返校`));
    assert.equal(await page.locator('#reopen-form').count(), 1, 'no way to reopen on the page');
    detail = await (await context.request.get(`${base}/api/cases/${caseId}`)).json();
    assert.equal(detail.summary.status, 'closed');
    assert.equal(detail.summary.outcome, 'returned');
    const csrf = (await (await context.request.get(`${base}/api/me`)).json()).csrf_token;
    const again = await context.request.post(`${base}/api/cases/${caseId}/resolve`, {
      data: { outcome: 'returned', note: '再次', returned_on: backDay },
      headers: { 'X-Baoxue-CSRF': csrf },
    });
    assert.equal(again.status(), 409, 'resolving a closed case');
    const open = await (await context.request.get(`${base}/api/cases?status=open`)).json();
    const emptyCall = await context.request.post(`${base}/api/cases/${open.cases[0].case_id}/actions`, {
      data: { kind: 'call', note: '' },
      headers: { 'X-Baoxue-CSRF': csrf },
    });
    assert.equal(emptyCall.status(), 400, 'an empty phone-call record');
    assert.match((await emptyCall.json()).error.message, /^note: required/);
  });

  await check('a case: name another person in charge; the timeline shows both names', async () => {
    const open = await (await context.request.get(`${base}/api/cases?status=open&limit=500`)).json();
    let target = null;
    let person = null;
    for (const c of open.cases) {
      if (c.case_id === caseId) continue;
      const list = await (await context.request.get(`${base}/api/cases/${c.case_id}/assignees`)).json();
      person = list.assignees.find((p) => !p.in_charge);
      if (person) {
        target = c;
        break;
      }
    }
    assert.ok(target, 'no open case with a second person on record at its level');
    await page.goto(`${base}/#/case/${target.case_id}`);
    await page.waitForSelector('#case-summary');
    await page.click('#assign-open');
    await page.waitForSelector('#assign-form');
    await page.selectOption('#assign-person', String(person.person_id));
    await page.fill('#assign-note', '班主任病假，由同校老师代管');
    await page.click('#assign-confirm');
    const entry = page.locator('#case-timeline li', { hasText: '班主任病假' });
    await entry.waitFor();
    const text = await entry.textContent();
    assert.match(text, /指派责任人/);
    assert.ok(text.includes(`→ ${person.name}`), `the new name is missing: ${text}`);
    assert.match(text, /张镇长/);
    assert.ok((await page.textContent('#case-summary')).includes(person.name), 'the summary still names the old person');
    await assertChineseOnly(page, 'case assign');
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

  await check('another township is refused over plain HTTP with the same cookie (403 or 404, no data)', async () => {
    // Another area is refused (403); another area's case answers like a
    // missing one (404), so ids reveal nothing.
    for (const [path, status] of [[`/api/risk-list?area=${areaB}`, 403], [`/api/cases/${caseB}`, 404],
      [`/api/cases?area=${areaB}`, 403], [`/api/ledger?area=${areaB}`, 403],
      [`/api/export/risk-list.xlsx?area=${areaB}`, 403], [`/print/risk-list?area=${areaB}`, 403],
      [`/api/checks?area=${areaB}`, 403], [`/api/export/checks.xlsx?area=${areaB}`, 403]]) {
      const response = await context.request.get(`${base}${path}`);
      assert.equal(response.status(), status, path);
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
    const printed = await print.text();
    for (const word of ['填报单位', '填报人', '审核', '日期', '劝返率']) assert.ok(printed.includes(word), `print lacks ${word}`);
    await assertChineseOnly(page, 'ledger');
  });

  await check('the township reports its ledger upward (上报)', async () => {
    await page.fill('#report-reviewer', '李审核');
    await Promise.all([page.waitForResponse((r) => r.url().includes('/api/ledger/report')), page.click('#report-submit')]);
    await page.locator('#report-status', { hasText: '已于' }).waitFor();
    assert.match(await page.textContent('#report-status'), /李审核/);
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
    // The day's work on the phone: the to-do list and a case fit the width.
    for (const [url, selector, shot] of [[`${base}/#/todo`, '#todo-overdue', 'phone-todo'],
      [`${base}/#/case/${caseId}`, '#case-summary', 'phone-case']]) {
      await small.goto(url);
      await small.waitForSelector(selector);
      const width = await small.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 375, `${shot} overflows: ${width}`);
      await assertChineseOnly(small, shot);
      await small.screenshot({ path: join(shots, `${shot}.png`), fullPage: true });
    }
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
    for (const [url, selector] of [[`${base}/#/todo`, '#todo-overdue'], [`${base}/#/case/${caseId}`, '#case-summary'],
      [`${base}/#/ledger`, '#ledger-table'], [`${base}/#/help`, '#help-levels']]) {
      await page.goto(url);
      await page.waitForSelector(selector);
      await assertEnglishOnly(page, url);
    }
    await page.goto(`${base}/#/todo`);
    await page.waitForSelector('#todo-overdue');
    await page.screenshot({ path: join(shots, 'todo-en.png'), fullPage: true });
    await page.click('#lang-switch');
  });

  await check('signing out ends the session', async () => {
    await page.click('#sign-out');
    await page.waitForSelector('#login');
    const me = await context.request.get(`${base}/api/me`);
    assert.equal(me.status(), 401);
  });
  await check('an account with a second factor is asked for its code and signs in with it', async () => {
    // Enrol and confirm through the API, as the signed-in official would.
    const api = await browser.newContext();
    const signedIn = await api.request.post(`${base}/api/login`, {
      data: { login: env('BAOXUE_TOTP_LOGIN'), password: env('BAOXUE_PASSWORD') },
    });
    assert.equal(signedIn.status(), 200);
    const headers = { 'X-Baoxue-CSRF': (await signedIn.json()).csrf_token };
    const enrolled = await api.request.post(`${base}/api/totp/enrol`, { headers, data: {} });
    assert.equal(enrolled.status(), 200);
    const uri = (await enrolled.json()).otpauth_uri;
    assert.match(uri, /^otpauth:\/\/totp\//);
    const confirmed = await api.request.post(`${base}/api/totp/confirm`, { headers, data: { code: totpCode(uri) } });
    assert.equal(confirmed.status(), 200, await confirmed.text());
    await api.close();

    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN' });
    const p = await phone.newPage();
    await p.goto(`${base}/`);
    await p.fill('#login', env('BAOXUE_TOTP_LOGIN'));
    await p.fill('#password', env('BAOXUE_PASSWORD'));
    assert.equal(await p.isVisible('#totp'), false, 'no code field before the server asks');
    await p.click('#signin-submit');
    await p.waitForSelector('#totp', { state: 'visible' });
    assert.match(await p.textContent('#signin-error'), /动态验证码/);
    await p.fill('#totp', '000000' === totpCode(uri, 1) ? '111111' : '000000');
    await p.click('#signin-submit');
    await p.locator('#signin-error', { hasText: '动态验证码' }).waitFor();
    assert.equal(await p.locator('#todo-overdue').count(), 0, 'a wrong code signed in');
    // The next step's code: the confirmation used the current one, which a
    // replay check refuses; one step of drift is accepted.
    await p.fill('#totp', totpCode(uri, 1));
    await p.click('#signin-submit');
    await p.waitForSelector('#todo-overdue');
    await p.screenshot({ path: join(shots, 'sign-in-totp.png') });
    await phone.close();
  });

  await check('a county account picks a township in the area picker', async () => {
    const county = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const desk = await county.newPage();
    await desk.goto(`${base}/`);
    await desk.fill('#login', env('BAOXUE_COUNTY_LOGIN'));
    await desk.fill('#password', env('BAOXUE_PASSWORD'));
    await desk.click('#signin-submit');
    await desk.waitForSelector('#todo-overdue');
    await reloadList(desk, () => desk.click('#nav-risk'));
    const choices = await desk.$$eval('#area-picker option', (os) => os.map((o) => o.value));
    assert.ok(choices.includes(areaA) && choices.includes(areaB), `picker: ${choices}`);
    assert.equal(await desk.isDisabled('#area-picker'), false);
    const countyTotal = await desk.textContent('#risk-total');
    await reloadList(desk, () => desk.selectOption('#area-picker', areaA));
    assert.match(desk.url(), new RegExp(`area=${areaA}`));
    assert.notEqual(await desk.textContent('#risk-total'), countyTotal);
    const listed = await (await county.request.get(`${base}/api/risk-list?area=${areaA}`)).json();
    // Children already out of school are listed apart from the risk table.
    assert.equal(await desk.locator('#risk-table tbody tr').count() + await desk.locator('#confirmed-out li').count(),
      listed.students.length);
    assert.equal(await desk.isDisabled('#area-picker'), false);

    // The check's report table: B's two 户籍 children being verified, with
    // the vocabulary's words and the key-group columns, exportable.
    assert.match(await desk.getAttribute('#nav-checks', 'href'), /^#\/checks/);
    assert.match(await desk.textContent('#nav-checks'), /核查/);
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
    // The county sees which townships have reported.
    await visit(desk, `${base}/#/ledger`, '/api/ledger/reports', '#report-status-table');
    const reported = desk.locator(`#report-status-table tr[data-code="${areaA}"]`);
    assert.match(await reported.textContent(), /已上报.*李审核/);
    assert.match(await desk.textContent(`#report-status-table tr[data-code="${areaB}"]`), /未上报/);
    await county.close();
  });

  await check('data staff see only the model\'s track record and health (and help), in one language', async () => {
    const staff = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const desk = await staff.newPage();
    await desk.goto(`${base}/`);
    await desk.waitForSelector('#login');
    await desk.fill('#login', env('BAOXUE_STAFF_LOGIN'));
    await desk.fill('#password', env('BAOXUE_PASSWORD'));
    await Promise.all([desk.waitForResponse((r) => r.url().includes('/api/track-record')), desk.click('#signin-submit')]);
    await desk.waitForSelector('section.track-run');
    const tabs = await desk.$$eval('nav.tabs a', (as) => as.map((a) => a.id));
    assert.deepEqual(tabs, ['nav-track', 'nav-model-health', 'nav-help']);
    // The two runs of the setup are recent: listed with their due dates.
    assert.match(await desk.textContent('#content'), /尚未到期（\d{4}-\d{2}-\d{2} 到期）/);
    await assertChineseOnly(desk, 'track record');
    await desk.screenshot({ path: join(shots, 'track-record.png'), fullPage: true });
    // An official's list is not theirs: the link to it opens the track record.
    await desk.goto(`${base}/#/risk`);
    await desk.waitForSelector('section.track-run');
    // The model's health (drift) in the same one language: a reference and
    // its figures, or a plain word that there are none yet.
    await desk.click('#nav-model-health');
    await desk.waitForSelector('#drift-legend, #drift-no-reference, #drift-empty');
    await assertChineseOnly(desk, 'model health');
    await staff.close();
  });

  await check('a township account has only its own area in the picker', async () => {
    await page.fill('#login', env('BAOXUE_LOGIN'));
    await page.fill('#password', env('BAOXUE_PASSWORD'));
    await page.click('#signin-submit');
    await page.waitForSelector('#todo-overdue');
    const choices = await page.$$eval('#area-picker option', (os) => os.map((o) => o.value));
    assert.deepEqual(choices, [areaA]);
    assert.equal(await page.isDisabled('#area-picker'), true);
  });
} finally {
  await browser.close();
}
console.log(`${passed} passed, 0 failed`);
