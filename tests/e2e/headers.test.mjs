// The built app under the quote desk's headers: the real configurator-server (loopback, SQLite
// in a temporary folder) serving dist/ with its Content-Security-Policy. The app, its web
// worker and the diagram compiled off-line (named for the catalog's public form), the desk's,
// tools and saved pages run without a CSP violation; the quote page shows no partner tier (the
// desk serves catalogs without them); the embed page is framed by an allowed partner origin and
// refused to any other.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createInterface } from 'node:readline';
import { launch, screenshot, watchErrors, ROOT, DIST } from './harness.mjs';

const SERVER = join(ROOT, 'target/debug/configurator-server');
const ctx = { dir: undefined, server: undefined, url: undefined, browser: undefined, partner: undefined, port: 0 };

before(async () => {
  // The same build as `cargo test --workspace` (see desk.test.mjs).
  await promisify(execFile)('cargo', ['build', '--quiet', '--workspace', '--tests'], { cwd: ROOT });
  ctx.dir = await mkdtemp(join(tmpdir(), 'headers-e2e-'));
  // A partner's page: frames the address in its query.
  ctx.partner = createServer((req, res) => {
    const src = new URL(req.url, 'http://x').searchParams.get('src') ?? '';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    const frame = `<iframe title="configurator" style="width:100%;height:600px" src="${src.replace(/"/g, '&quot;')}"></iframe>`;
    res.end(`<!doctype html><html lang="en"><head><title>Partner</title></head><body>${frame}</body></html>`);
  });
  await new Promise((ok) => ctx.partner.listen(0, '127.0.0.1', ok));
  ctx.port = ctx.partner.address().port;
  ctx.server = spawn(SERVER, ['--database', `sqlite://${ctx.dir}/desk.sqlite3`, '--listen', '127.0.0.1:0',
    '--dist', DIST, '--catalogs', join(ROOT, 'catalogs'), '--embed-origin', `http://localhost:${ctx.port}`],
  { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: ctx.server.stdout });
  ctx.url = await new Promise((ok, fail) => {
    lines.on('line', (l) => {
      const m = l.match(/the quote desk on (http:\/\/\S+)/);
      if (m) ok(`${m[1]}/`);
    });
    ctx.server.on('exit', (code) => fail(new Error(`configurator-server exited (${code})`)));
  });
  ctx.browser = await launch();
});

after(async () => {
  await ctx.browser?.close();
  ctx.server?.kill();
  await new Promise((ok) => (ctx.partner ? ctx.partner.close(ok) : ok()));
  await rm(ctx.dir, { recursive: true, force: true });
});

/** A page that records every CSP violation (with the page's console errors). */
async function watched() {
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  const messages = [];
  page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { page, errors, messages };
}

test('the app, its worker and the off-line diagram run under the CSP; no tier selector', async () => {
  const { page, errors, messages } = await watched();
  const response = await page.goto(`${ctx.url}?product=nx-9500&engine=worker`);
  const csp = response.headers()['content-security-policy'];
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.equal(response.headers()['x-frame-options'], 'DENY');
  await page.locator('.app[data-engine="worker"]').waitFor({ timeout: 60000 });
  // The worker answers (its engine on the diagram compiled off-line).
  await page.getByRole('button', { name: 'Complete with defaults' }).click();
  await page.locator('nav.steps').getByText('Done').first().waitFor({ timeout: 60000 });
  assert.ok(messages.some((m) => /nx-9500-switches\.diagram: the decision diagram compiled off-line/.test(m)),
    messages.join('\n'));
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  // A complete quote of the demo line: priced at list, no tier selector.
  await page.goto(`${ctx.url}?product=nx-3400`);
  await page.getByRole('button', { name: 'Complete with defaults' }).click();
  await page.getByText('Complete: ready to quote.').waitFor({ timeout: 60000 });
  await page.getByRole('button', { name: 'Review quote' }).click();
  await page.locator('#quote-book').waitFor();
  assert.equal(await page.locator('#quote-tier').count(), 0, 'no partner tiers on a desk');
  await screenshot(page, 'headers-app-under-csp', false);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the desk's, tools and saved pages run under their CSP", async () => {
  for (const [path, ready] of [
    ['desk/', (p) => p.getByRole('heading', { name: 'Sign in to the quote desk' })],
    ['tools/?view=search&q=48', (p) => p.locator('main')],
    ['saved/?id=nx-3400', (p) => p.locator('main')],
  ]) {
    const { page, errors } = await watched();
    const response = await page.goto(`${ctx.url}${path}`);
    assert.match(response.headers()['content-security-policy'], /frame-ancestors 'none'$/, path);
    await ready(page).first().waitFor({ timeout: 30000 });
    await page.waitForTimeout(500);
    assert.deepEqual(await page.evaluate(() => window.__violations), [], path);
    assert.deepEqual(errors, [], path);
    await page.close();
  }
});

test('the embed page is framed by an allowed partner and refused to another origin', async () => {
  const embed = encodeURIComponent(`${ctx.url}embed.html?product=nx-3400`);
  const { page, errors } = await watched();
  await page.goto(`http://localhost:${ctx.port}/?src=${embed}`);
  const frame = page.frameLocator('iframe');
  await frame.getByRole('button', { name: 'Complete with defaults' }).waitFor({ timeout: 60000 });
  assert.deepEqual(errors, []);
  await page.close();

  const other = await watched();
  await other.page.goto(`http://127.0.0.1:${ctx.port}/?src=${embed}`);
  await other.page.waitForTimeout(3000);
  const child = other.page.frames().find((f) => f !== other.page.mainFrame());
  const shown = child ? await child.locator('button').count().catch(() => 0) : 0;
  assert.equal(shown, 0, 'nothing of the configurator in a frame on another origin');
  assert.ok(other.errors.some((e) => e.includes('frame-ancestors')), other.errors.join('\n'));
  await other.page.close();
});
