// <product-configurator>: the custom element on a partner page of another origin, under
// hostile global CSS; two elements with different catalogs on one page; attributes observed;
// events with the embed messages; keyboard and axe inside the shadow root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { setUpSuite, screenshot, watchErrors, auditAccessibility, verifyQuote, ROOT } from './harness.mjs';

const ctx = setUpSuite();

/** A catalog whose texts hold markup and script: shown as text, never run. */
const MARKUP = JSON.stringify({
  id: 'markup', name: '<img src=x onerror="window.__owned=1">Kit', version: '1', currency: 'EUR',
  groups: [{ id: 'g', name: '<script>window.__owned=2</script>Group', choice: 'single', required: true, items: [
    { id: 'a', sku: 'A-1', name: '<b onmouseover="window.__owned=3">Bold</b>', description: '<iframe src="javascript:alert(1)">', price: '10.00' },
    { id: 'b', sku: 'B-1', name: 'Plain', price: '20.00' },
  ] }],
});

/** A partner page on its own origin with two elements and a hostile style sheet. */
async function hostServer(distUrl) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/markup.json' || path === '/no-cors.json') {
      const headers = { 'content-type': 'application/json' };
      if (path === '/markup.json') headers['access-control-allow-origin'] = '*';
      res.writeHead(200, headers);
      res.end(MARKUP);
      return;
    }
    if (path === '/single.html') {
      const q = new URL(req.url, 'http://x').searchParams;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>One element</title>
<script type="module" src="${distUrl}embed.js"></script></head>
<body><h1>One element</h1><product-configurator id="a" ${q.get('attrs')}></product-configurator>
<script>
  window.events = [];
  for (const type of ['ready', 'change', 'quote', 'error']) {
    document.getElementById('a').addEventListener(type, (e) => window.events.push({ id: 'a', type, detail: e.detail }));
  }
</script></body></html>`);
      return;
    }
    if (path !== '/host.html') {
      res.writeHead(path === '/favicon.ico' ? 204 : 404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner page</title>
<style>
  * { all: revert; }
  * { font-size: 26px; font-family: serif; letter-spacing: 0.2em; text-transform: uppercase; }
  button { display: none; }
  div { border: 3px dashed red; }
  .left { width: 560px; } .right { width: 1200px; }
  /* Theming through the documented custom properties. */
  #b { --accent: rgb(122, 31, 31); --font: Georgia, serif; --radius: 0px; }
</style>
<script type="module" src="${distUrl}embed.js"></script></head>
<body><h1>Partner page</h1>
<div class="left"><product-configurator id="a" product="nx-3400" partner-tier="gold"></product-configurator></div>
<div class="right"><product-configurator id="b" product="nx-ap" lang="de"></product-configurator></div>
<script>
  window.events = [];
  for (const id of ['a', 'b']) {
    for (const type of ['ready', 'change', 'quote', 'error']) {
      document.getElementById(id).addEventListener(type, (e) => window.events.push({ id, type, detail: e.detail }));
    }
  }
</script></body></html>`);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://localhost:${server.address().port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

const events = (page, id, type) =>
  page.evaluate(([i, t]) => window.events.filter((e) => e.id === i && e.type === t).map((e) => e.detail), [id, type]);

test('two elements on a hostile partner page: isolated styles, own state, events, attributes', async () => {
  const host = await hostServer(ctx.server.url);
  try {
    const page = await ctx.browser.newPage({ viewport: { width: 1900, height: 1200 } });
    const errors = watchErrors(page);
    await page.goto(`${host.url}host.html`);
    const a = page.locator('#a');
    const b = page.locator('#b');
    await a.locator('#item-chassis-48p').waitFor();
    await b.locator('.app').waitFor();
    await page.waitForFunction(() => window.events.filter((e) => e.type === 'ready').length === 2);
    // The host's CSS does not reach in: buttons show, our font size and no uppercase.
    const style = await a.locator('#item-chassis-48p').evaluate((el) => {
      const s = getComputedStyle(el);
      return { display: s.display, transform: s.textTransform, spacing: s.letterSpacing };
    });
    assert.notEqual(style.display, 'none');
    assert.equal(style.transform, 'none');
    assert.equal(style.spacing, 'normal');
    // Nor does its root font size (26 px): our text stays at its 15 px.
    assert.equal(await a.locator('.element-root').evaluate((el) => getComputedStyle(el).fontSize), '15px');
    // Theming: the host's custom properties on #b reach its buttons; #a keeps the defaults.
    const primary = (loc) => loc.locator('#review-quote').evaluate((el) => {
      const s = getComputedStyle(el);
      return { bg: s.backgroundColor, font: s.fontFamily, radius: s.borderTopLeftRadius };
    });
    const themed = await primary(b);
    assert.equal(themed.bg, 'rgb(122, 31, 31)');
    assert.match(themed.font, /Georgia/);
    assert.notEqual((await primary(a)).bg, 'rgb(122, 31, 31)');
    // Each element has its own catalog, language and state.
    assert.equal(await b.locator('.element-root').getAttribute('lang'), 'de');
    assert.equal(await a.locator('.element-root').getAttribute('lang'), 'en');
    await a.locator('#item-chassis-48p').click();
    await page.waitForFunction(() => window.events.some((e) => e.id === 'a' && e.type === 'change' && e.detail.configuration !== ''));
    const changeA = (await events(page, 'a', 'change')).at(-1);
    assert.equal(changeA.status, 'incomplete');
    assert.notEqual(changeA.totals.one_time, '8495.00', 'the gold tier applies');
    assert.ok((await events(page, 'b', 'change')).every((d) => d.configuration === ''), 'b unaffected');
    // The narrow element gets the narrow layout (its own width, not the window's).
    const columns = async (loc) => loc.locator('main.configurator').evaluate((el) => getComputedStyle(el).gridTemplateColumns.split(' ').length);
    assert.equal(await columns(a), 1);
    assert.ok((await columns(b)) > 1);
    await screenshot(page, 'element-two-on-a-page');
    // Attributes are observed: a language and a configuration set from outside.
    await page.evaluate(() => document.getElementById('a').setAttribute('lang', 'de'));
    await a.locator('.element-root[lang="de"]').waitFor();
    assert.equal(await a.locator('#item-chassis-48p').getAttribute('aria-pressed'), 'true', 'choices kept');
    await page.evaluate(() => document.getElementById('a').setAttribute('config', ''));
    await a.locator('#item-chassis-48p[aria-pressed="false"]').waitFor();
    await page.evaluate(() => document.getElementById('a').setAttribute('partner-tier', 'platinum'));
    await page.waitForFunction(() => window.events.some((e) => e.id === 'a' && e.type === 'error'));
    assert.match((await events(page, 'a', 'error'))[0].message, /no partner tier `platinum`/);
    // Keyboard: Tab from the page reaches the options inside the shadow root; Enter chooses.
    await page.locator('body > h1').click();
    const focused = () => page.evaluate(() => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.id;
    });
    let guard = 0;
    while ((await focused()) !== 'item-chassis-24t' && guard++ < 40) {
      await page.keyboard.press('Tab');
    }
    assert.equal(await focused(), 'item-chassis-24t');
    await page.keyboard.press('Enter');
    assert.equal(await a.locator('#item-chassis-24t').getAttribute('aria-pressed'), 'true');
    // Changing `product` starts the element anew with the other catalog.
    await page.evaluate(() => document.getElementById('b').setAttribute('product', 'nx-3400'));
    await b.locator('#item-chassis-48p').waitFor();
    // axe (it looks into shadow roots): no serious or critical violation.
    assert.deepEqual(await auditAccessibility(page), []);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await host.close();
  }
});

test('an element sends a quote the CLI verifies; catalog text is never markup; CORS failures say so', async () => {
  const host = await hostServer(ctx.server.url);
  try {
    const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = watchErrors(page);
    await page.goto(`${host.url}single.html?attrs=${encodeURIComponent('product="nx-3400" partner-tier="gold"')}`);
    const a = page.locator('#a');
    await a.getByRole('button', { name: 'Complete with defaults' }).click();
    await page.waitForFunction(() => window.events.some((e) => e.type === 'change' && e.detail.status === 'complete'));
    await a.locator('#review-quote').click();
    await a.locator('#send-quote').click();
    await page.waitForFunction(() => window.events.some((e) => e.type === 'quote'));
    const quote = (await page.evaluate(() => window.events.find((e) => e.type === 'quote').detail)).quote;
    assert.equal(quote.format, 'configurator-quote/2');
    assert.equal(quote.context.partner_tier, 'gold');
    const catalogText = await readFile(join(ROOT, 'catalogs/nx-3400-switch.json'), 'utf8');
    const stdout = await verifyQuote(catalogText, quote);
    assert.match(stdout, /ok/);
    assert.deepEqual(errors, []);
    await page.close();

    // Markup and script in a catalog's texts are shown as text.
    const markup = await ctx.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await markup.goto(`${host.url}single.html?attrs=${encodeURIComponent(`catalog="${host.url}markup.json"`)}`);
    const m = markup.locator('#a');
    await m.locator('#item-g-a').waitFor();
    assert.match(await m.locator('#item-g-a').textContent(), /<b onmouseover="window.__owned=3">Bold<\/b>/);
    await m.locator('#item-g-a').hover();
    await m.locator('#item-g-a').click();
    // (The options' own picture slots are the app's, empty here: no catalog image.)
    assert.equal(await m.locator('img:not(.option-image):not(.line-image), img[src], iframe, b, script:not([src])').count(), 0);
    assert.equal(await markup.evaluate(() => window.__owned), undefined);
    await markup.close();

    // A catalog on another origin without CORS: the element says what to check.
    const blocked = await ctx.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await blocked.goto(`${host.url}single.html?attrs=${encodeURIComponent(`catalog="http://127.0.0.1:${new URL(host.url).port}/no-cors.json"`)}`);
    await blocked.locator('#a').getByText('The catalog could not be fetched').waitFor();
    assert.match(await blocked.locator('#a .element-root').textContent(), /the server allows this site to read it/);
    await blocked.close();
  } finally {
    await host.close();
  }
});
