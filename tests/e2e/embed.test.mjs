// The iframe embed: a partner page on another origin frames embed.html and talks to it with
// the configurator-embed/1 messages. Allowed parents complete the handshake and receive
// change, resize, error and quote messages (the quote verifies with the CLI); a parent whose
// origin the catalog does not allow receives nothing and changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setUpSuite, screenshot, watchErrors, auditAccessibility, verifyQuote, ROOT } from './harness.mjs';

const ctx = setUpSuite();
const PROTOCOL = 'configurator-embed/1';
const DEMO_EMBED = '"embed": { "origins": ["http://localhost:8091"] }';

/** The demo catalog allowing `origin` (instead of the partner demo's own) to embed it. */
async function demoAllowing(origin) {
  const demo = await readFile(join(ROOT, 'catalogs/nx-3400-switch.json'), 'utf8');
  assert.ok(demo.includes(DEMO_EMBED));
  return demo.replace(DEMO_EMBED, `"embed": { "origins": ["${origin}"] }`);
}

/**
 * A partner's server on its own loopback port: /parent.html frames the configurator (with a
 * hostile global style sheet) and records every message it receives; /catalog.json is the demo
 * catalog allowing `allowed` to embed it (served with CORS, as a catalog on another origin must
 * be).
 */
async function partnerServer(distUrl) {
  let catalogText = '';
  let apText = '';
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/catalog.json' || path === '/ap.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(path === '/ap.json' ? apText : catalogText);
      return;
    }
    if (path === '/partner-demo/') {
      readFile(join(ROOT, 'partner-demo/index.html')).then((body) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(body);
      });
      return;
    }
    if (path === '/parent.html') {
      const host = req.headers.host;
      const frame = `${distUrl}embed.html?catalog=${encodeURIComponent(`http://${host}/catalog.json`)}`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner extranet</title>
<style>* { font-size: 28px; font-family: serif } button { display: none }</style></head>
<body><h1>ACME partner extranet</h1>
<iframe id="cfg" title="Product configurator" src="${frame}" style="width: 100%; height: 700px; border: 0"></iframe>
<script>
  window.received = [];
  window.addEventListener('message', (e) => window.received.push({ origin: e.origin, data: e.data }));
</script></body></html>`);
      return;
    }
    // No icon: an empty answer rather than a 404 in the console.
    res.writeHead(path === '/favicon.ico' ? 204 : 404).end();
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    port,
    setCatalog: (text) => { catalogText = text; },
    setApCatalog: (text) => { apText = text; },
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/** The messages of a type the parent page received so far. */
async function received(page, type) {
  return page.evaluate((t) => window.received.filter((m) => m.data && m.data.type === t), type);
}

async function waitFor(page, type, predicate = 'true') {
  await page.waitForFunction(
    ([t, p]) => window.received.some((m) => m.data && m.data.type === t && new Function('m', `return ${p}`)(m.data)),
    [type, predicate],
  );
}

test('an allowed parent page: handshake, changes, init, errors, resize and a verifiable quote', async () => {
  const partner = await partnerServer(ctx.server.url);
  try {
    const allowed = `http://localhost:${partner.port}`;
    const catalog = await demoAllowing(allowed);
    partner.setCatalog(catalog);
    const page = await ctx.browser.newPage({ viewport: { width: 1300, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(`${allowed}/parent.html`);
    await waitFor(page, 'ready');
    const frameOrigin = new URL(ctx.server.url).origin;
    const [ready] = await received(page, 'ready');
    assert.equal(ready.origin, frameOrigin);
    assert.equal(ready.data.protocol, PROTOCOL);
    assert.ok(ready.data.capabilities.includes('init'));
    await waitFor(page, 'change');
    await waitFor(page, 'resize', 'm.height > 100');
    const frame = page.frameLocator('#cfg');
    // The page's hostile CSS does not reach into the frame: its buttons show.
    await frame.locator('#item-chassis-48p').click();
    await waitFor(page, 'change', 'm.configuration !== ""');
    const changes = await received(page, 'change');
    const last = changes.at(-1).data;
    assert.equal(last.status, 'incomplete');
    assert.equal(last.totals.currency, 'USD');
    assert.equal(last.totals.one_time, '8495.00');
    // init: language, a partner tier the catalog defines, and a configuration.
    await page.evaluate(([origin, protocol]) => {
      document.getElementById('cfg').contentWindow.postMessage(
        { protocol, type: 'init', lang: 'de', pricing: { partner_tier: 'gold' } }, origin);
    }, [frameOrigin, PROTOCOL]);
    await frame.locator('html[lang="de"]').waitFor();
    await waitFor(page, 'change', 'm.totals && m.totals.one_time !== "8495.00"');
    // A malformed init: an error back, nothing changed (still German, same choices).
    const before = (await received(page, 'change')).length;
    await page.evaluate(([origin, protocol]) => {
      const w = document.getElementById('cfg').contentWindow;
      w.postMessage({ protocol, type: 'init', pricing: { partner_tier: 'platinum' } }, origin);
      w.postMessage({ protocol, type: 'init', pricing: { price: '0.01' } }, origin);
      w.postMessage('not json', origin);
    }, [frameOrigin, PROTOCOL]);
    await page.waitForFunction(() => window.received.filter((m) => m.data && m.data.type === 'error').length >= 3);
    const errorsBack = (await received(page, 'error')).map((m) => m.data.message);
    assert.match(errorsBack[0], /no partner tier `platinum` in this catalog \(it has: silver, gold\)/);
    assert.match(errorsBack[1], /unknown field `price`/);
    assert.match(errorsBack[2], /unreadable message/);
    assert.equal((await received(page, 'change')).length, before);
    assert.equal(await frame.locator('html').getAttribute('lang'), 'de');
    await screenshot(page, 'embed-iframe-partner');
    // Complete it, review the quote and send it to the page.
    await frame.getByRole('button', { name: 'Mit Standardwerten vervollständigen' }).click();
    await waitFor(page, 'change', 'm.status === "complete"');
    await frame.locator('#review-quote').click();
    await frame.locator('#send-quote').click();
    await waitFor(page, 'quote');
    const [quote] = await received(page, 'quote');
    assert.equal(quote.origin, frameOrigin);
    assert.equal(quote.data.quote.format, 'configurator-quote/2');
    assert.equal(quote.data.quote.context.partner_tier, 'gold');
    // The back office verifies what it received against the catalog it published.
    const stdout = await verifyQuote(catalog, quote.data.quote);
    assert.match(stdout, /ok/);
    // init with another catalog: the frame opens it and says `ready` again.
    const ap = await readFile(join(ROOT, 'catalogs/nx-ap-wireless.json'), 'utf8');
    partner.setApCatalog(ap.replace(DEMO_EMBED, `"embed": { "origins": ["${allowed}"] }`));
    await page.evaluate(([origin, protocol, url]) => {
      document.getElementById('cfg').contentWindow.postMessage({ protocol, type: 'init', catalog: url, lang: 'en' }, origin);
    }, [frameOrigin, PROTOCOL, `${allowed}/ap.json`]);
    await page.waitForFunction(() => window.received.filter((m) => m.data && m.data.type === 'ready').length === 2);
    await frame.locator('#item-model-ap6e-in').waitFor();
    assert.equal(await frame.locator('html').getAttribute('lang'), 'en');
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await partner.close();
  }
});

test('a parent page on an origin the catalog does not allow gets nothing and changes nothing', async () => {
  const partner = await partnerServer(ctx.server.url);
  try {
    // Only localhost is allowed; the page is opened as 127.0.0.1 (another origin).
    partner.setCatalog(await demoAllowing(`http://localhost:${partner.port}`));
    const page = await ctx.browser.newPage({ viewport: { width: 1300, height: 900 } });
    const warnings = [];
    page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    await page.goto(`http://127.0.0.1:${partner.port}/parent.html`);
    const frame = page.frameLocator('#cfg');
    await frame.locator('#item-chassis-48p').waitFor();
    await page.evaluate(([origin, protocol]) => {
      document.getElementById('cfg').contentWindow.postMessage({ protocol, type: 'init', lang: 'de' }, origin);
    }, [new URL(ctx.server.url).origin, PROTOCOL]);
    await frame.locator('#item-chassis-48p').click();
    await page.waitForTimeout(500);
    assert.deepEqual(await page.evaluate(() => window.received), []);
    assert.equal(await frame.locator('html').getAttribute('lang'), 'en');
    assert.ok(warnings.some((w) => /not allowed to embed this catalog/.test(w)), warnings.join('\n'));
    await page.close();
  } finally {
    await partner.close();
  }
});

test('the framed configurator works with the keyboard alone and passes axe', async () => {
  const partner = await partnerServer(ctx.server.url);
  try {
    const allowed = `http://localhost:${partner.port}`;
    partner.setCatalog(await demoAllowing(allowed));
    const page = await ctx.browser.newPage({ viewport: { width: 1300, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(`${allowed}/parent.html`);
    await waitFor(page, 'ready');
    const frame = page.frames().find((f) => f.url().includes('embed.html'));
    assert.ok(frame, 'the configurator frame');
    // From the host page into the frame with Tab, to the first option; choose it with Enter.
    const focused = () => frame.evaluate(() => (document.hasFocus() ? document.activeElement?.id : null));
    let guard = 0;
    while ((await focused()) !== 'item-chassis-24t' && guard++ < 40) {
      await page.keyboard.press('Tab');
    }
    assert.equal(await focused(), 'item-chassis-24t');
    await page.keyboard.press('Enter');
    assert.equal(await frame.locator('#item-chassis-24t').getAttribute('aria-pressed'), 'true');
    await waitFor(page, 'change', 'm.configuration !== ""');
    // No serious or critical accessibility violation inside the frame.
    const violations = await auditAccessibility(frame);
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await partner.close();
  }
});

test('the partner demo page: its own styles, the frame from another origin, the message log', async () => {
  const partner = await partnerServer(ctx.server.url);
  try {
    const allowed = `http://localhost:${partner.port}`;
    partner.setCatalog(await demoAllowing(allowed));
    const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 1800 } });
    const errors = watchErrors(page);
    const catalog = encodeURIComponent(`${allowed}/catalog.json`);
    await page.goto(`${allowed}/partner-demo/?app=${encodeURIComponent(ctx.server.url)}&catalog=${catalog}`);
    await page.locator('#log li', { hasText: 'ready (configurator-embed/1)' }).waitFor();
    const frame = page.frameLocator('#configurator');
    await frame.locator('#item-chassis-48p').click();
    // The page chose the euro price book in its init (a partner tier is no public price: a
    // quote desk's catalogs carry none): the change it logs is priced in euros.
    await page.locator('#log li', { hasText: /change: incomplete, \d+\.\d\d EUR one-time \(euro price book\)/ }).first().waitFor();
    const one = await page.evaluate(() => window.received.filter((m) => m.type === 'change').at(-1).totals.one_time);
    assert.notEqual(one, '8495.00', 'the euro book is not the dollar list');
    // The element on the same page: rendered, themed in the page's colours, its events logged.
    const wireless = page.locator('#wireless');
    await wireless.locator('#item-model-ap6e-in').click();
    await page.locator('#log li', { hasText: /element change: incomplete, \d+\.\d\d EUR/ }).first().waitFor();
    assert.equal(await wireless.locator('#review-quote').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(122, 31, 31)');
    // The frame's height follows its content: the page sets it from `resize`.
    const content = await page.frames().find((f) => f.url().includes('embed.html'))
      .evaluate(() => document.body.scrollHeight);
    assert.ok(content > 1000, `content height ${content}`);
    await page.waitForFunction((h) => parseInt(document.getElementById('configurator').style.height, 10) === h, content);
    await screenshot(page, 'partner-demo', false);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await partner.close();
  }
});
