// A large catalog with its decision diagram compiled off-line (`configurator compile`): the app
// fetches the diagram beside the catalog and reads it instead of compiling, on the page and in
// the worker; a damaged or stale file is refused with a console warning, and the app works
// the same, compiling instead.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { setUpSuite, watchErrors, screenshot, ROOT } from './harness.mjs';

const ctx = setUpSuite();
const files = {};

before(async () => {
  // Renault Megane (15 MB of tables) as the back office publishes it: imported, then compiled.
  const dir = await mkdtemp(join(tmpdir(), 'diagram-'));
  const cli = (...args) =>
    promisify(execFile)('cargo', ['run', '--quiet', '-p', 'configurator-cli', '--', ...args], {
      cwd: ROOT,
      maxBuffer: 1 << 26,
    });
  const catalog = join(dir, 'megane.json');
  await cli('import', 'xcsp', join(ROOT, '../shared/benchmarks/renault-megane.xml'), '-o', catalog);
  const { stdout } = await cli('compile', catalog);
  assert.match(stdout, /megane\.diagram: \d+ nodes/);
  files.catalog = await readFile(catalog);
  files.diagram = await readFile(join(dir, 'megane.diagram'));
});

/**
 * Opens Megane with `diagram` (bytes, or none: a 404) beside it, or at `named` given by
 * `?diagram=`; the console's messages.
 */
async function open(page, diagram, { catalog = files.catalog, engine = 'page', named = null } = {}) {
  const messages = [];
  page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
  await page.route((url) => url.pathname === '/fixtures/megane.json', (route) =>
    route.fulfill({ contentType: 'application/json', body: catalog }),
  );
  await page.route((url) => url.pathname === (named ?? '/fixtures/megane.diagram'), (route) =>
    diagram
      ? route.fulfill({ contentType: 'application/octet-stream', body: diagram })
      : route.fulfill({ status: 404, body: 'not found' }),
  );
  const naming = named ? `&diagram=${encodeURIComponent(named)}` : '';
  await page.goto(`${ctx.server.url}?catalog=/fixtures/megane.json${naming}&step=Var5&engine=${engine}`);
  await page.locator('[id^="item-Var5-"]').first().waitFor({ timeout: 60000 });
  return messages;
}

/** Chooses the middle available option of step Var5, then of Var3; the states of Var3's options. */
async function clickThrough(page) {
  for (const step of ['Var5', 'Var3']) {
    await page.locator('nav.steps').getByRole('button', { name: new RegExp(`\\b${step}\\b`) }).click();
    const options = page.locator(`[id^="item-${step}-"][aria-pressed="false"][aria-disabled="false"]`);
    await page.locator(`[id^="item-${step}-"]`).first().waitFor();
    const n = await options.count();
    const id = await options.nth(Math.floor(n / 2)).getAttribute('id');
    await page.locator(`#${id}`).click();
    await page.locator(`#${id}[aria-pressed="true"]`).waitFor();
  }
  return page.locator('button.option').evaluateAll((cards) => cards.map((c) => `${c.id}=${c.dataset.state}`));
}

test('the diagram compiled off-line is read instead of compiling, on the page and in the worker', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  const messages = await open(page, files.diagram);
  assert.ok(
    messages.some((m) => /^info: \/fixtures\/megane\.diagram: the decision diagram compiled off-line \(\d+ nodes\)$/.test(m)),
    messages.join('\n'),
  );
  const states = await clickThrough(page);
  await screenshot(page, 'diagram-precompiled', false);
  assert.deepEqual(errors, []);
  await page.close();

  // Compiled on load instead (no file beside the catalog): the same answers.
  const plain = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const without = await open(plain, null);
  assert.ok(!without.some((m) => m.includes('compiled off-line')), without.join('\n'));
  assert.deepEqual(await clickThrough(plain), states);
  await plain.close();

  // In the worker (the default for a catalog this large).
  const worker = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const inWorker = await open(worker, files.diagram, { engine: 'worker' });
  assert.equal(await worker.locator('.app').getAttribute('data-engine'), 'worker');
  assert.deepEqual(await clickThrough(worker), states);
  await worker.waitForTimeout(200);
  assert.ok(inWorker.some((m) => m.includes('the decision diagram compiled off-line')), inWorker.join('\n'));
  await worker.close();
});

test('a damaged or stale diagram is refused with a warning, and the catalog compiled instead', async () => {
  const damaged = Buffer.from(files.diagram);
  damaged[damaged.length >> 1] ^= 0x20;
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  const messages = await open(page, damaged);
  assert.ok(
    messages.some((m) => m.startsWith('warning: /fixtures/megane.diagram: damaged: its checksum does not match')),
    messages.join('\n'),
  );
  const states = await clickThrough(page);
  assert.deepEqual(errors, []);
  await page.close();

  // The catalog changed after compiling (one more byte): stale.
  const stale = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const edited = Buffer.concat([files.catalog, Buffer.from('\n')]);
  const staleMessages = await open(stale, files.diagram, { catalog: edited });
  assert.ok(
    staleMessages.some((m) => m.includes('stale: compiled from another version of the catalog')),
    staleMessages.join('\n'),
  );
  assert.deepEqual(await clickThrough(stale), states);
  await stale.close();
});

test('the address names the diagram compiled off-line (?diagram=URL), and every address keeps it', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  const messages = await open(page, files.diagram, { named: '/published/megane-v7.diagram' });
  assert.ok(
    messages.some((m) => /^info: \/published\/megane-v7\.diagram: the decision diagram compiled off-line \(\d+ nodes\)$/.test(m)),
    messages.join('\n'),
  );
  await clickThrough(page);
  assert.match(page.url(), /[?&]diagram=%2Fpublished%2Fmegane-v7\.diagram(&|$)/);
  assert.deepEqual(errors, []);
  await page.close();

  // Named but missing: the request's 404, and the catalog compiled instead (no diagram read).
  const missing = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const without = await open(missing, null, { named: '/published/gone.diagram' });
  await clickThrough(missing);
  assert.ok(without.some((m) => /^error: Failed to load resource: .*404/.test(m)), without.join('\n'));
  assert.ok(!without.some((m) => m.includes('compiled off-line')), without.join('\n'));
  await missing.close();
});
