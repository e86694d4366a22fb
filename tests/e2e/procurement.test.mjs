// Procurement systems end to end: a small buyer's procurement system (the "simulator": an http
// server on its own loopback port) against the real configurator-server (SQLite in a temporary
// folder) serving the built app and desk, with Chromium as the buyer's browser.
//
// An admin sets the buyer organisation up on the desk's procurement page (credential, the
// simulator's origin as the form-post origin, its /cxml/notices as the order URL, an OCI user
// name) and sends a test setup request. The simulator posts a cXML PunchOutSetupRequest, reads
// the StartPage with xmllint, opens it in Chromium (PunchOut mode in English and German:
// banner, contract prices, the transfer button), configures and transfers: the browser posts
// the cart to the simulator's BrowserFormPost URL, which checks it with xmllint XPath and
// answers "Cart received". It then posts the OrderRequest (the order shows on the desk), the
// order desk confirms and ships on the order page and the simulator receives the
// ConfirmationRequest and the ShipNoticeRequest; an edit setup request reopens the same
// configuration, an inspect shows it read-only, and with sub-items on (set on the page) the cart
// carries the bill of materials under one composite item counted once; OCI: the start URL with
// HOOK_URL, the cart as NEW_ITEM-… fields, an order.
// Every XML document the server wrote is read by libxml2's xmllint, not by the server's parser.
// Screenshots in tests/e2e/output/procurement-*.png, axe on PunchOut mode and the desk's page.
//
// Each step is its own test: a step after a failed one of the same flow is skipped and says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  launch, screenshot, watchErrors, auditAccessibility, startDesk, apiSession, apiCall,
} from './harness.mjs';

const PASSWORD = 'e2e password for the desk';
const ORG = 'Acme Procurement';
const IDENTITY = 'AN01000000042';
const OCI_USER = 'ACME-SAP';
const CATALOG = 'nx-3400';

const ctx = {
  desk: undefined, browser: undefined, sim: undefined, account: undefined, secret: undefined,
  cart: undefined, aux: undefined, order: undefined, ociFields: undefined, failed: {},
};

/** A step of `flow`: skipped once an earlier step of it failed. */
function step(flow, name, fn) {
  test(`${flow}: ${name}`, async (t) => {
    if (ctx.failed[flow]) {
      t.skip(`an earlier step failed: ${ctx.failed[flow]}`);
      return;
    }
    try {
      await fn(t);
    } catch (e) {
      ctx.failed[flow] = name;
      throw e;
    }
  });
}

const shot = (page, name, full = true) => screenshot(page, `procurement-${name}`, full);

/** Fails on any serious or critical axe violation of the page as it is now. */
async function axeClean(page, where) {
  const violations = await auditAccessibility(page);
  assert.deepEqual(violations, [], `${where}: ${violations.join('\n')}`);
}

/** A browser context and page in `locale`. */
async function browserPage(locale = 'en-US') {
  const context = await ctx.browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  // Which address failed, beside the console's bare "Failed to load resource".
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`); });
  return { context, page, errors };
}

/** Signs a desk user in on the page. */
async function deskSignIn(page, name) {
  await page.locator('#desk-name').waitFor();
  await page.fill('#desk-name', name);
  await page.fill('#desk-password', PASSWORD);
  await page.click('#sign-in');
  await page.locator('.desk-user').getByText(name).waitFor();
}

// ---- XML: built here as test fixtures, read back with libxml2's xmllint (not the server's parser).

/** Escapes text for an XML fixture (the values come from the server or the test). */
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Evaluates an XPath 1.0 expression on an XML text with `xmllint --nonet --xpath` (no DTD is
 * loaded, nothing fetched): its output, trimmed; empty when nothing matches.
 */
async function xpath(xml, expr) {
  const dir = await mkdtemp(join(tmpdir(), 'xpath-'));
  try {
    await writeFile(join(dir, 'doc.xml'), xml);
    const { stdout } = await promisify(execFile)('xmllint', ['--nonet', '--xpath', expr, join(dir, 'doc.xml')]);
    return stdout.trim();
  } catch (e) {
    // Exit code 10: the expression selected nothing.
    if (e.code === 10) return '';
    throw new Error(`xmllint --xpath ${expr}: ${e.stderr || e.message}\n${xml}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The XPath checks `{expr: expected}` on `xml`, each a string compared exactly. */
async function xpathEqual(xml, checks, what) {
  for (const [expr, expected] of Object.entries(checks)) {
    assert.equal(await xpath(xml, expr), expected, `${what}: ${expr}\n${xml}`);
  }
}

let payloads = 0;
/** A payload id of the simulator's documents. */
const payloadId = () => `${Date.now()}.${process.pid}.${(payloads += 1)}@buyer-sim.example`;

/** The header every document of the simulator carries: From and Sender name the organisation. */
function header(secret = ctx.secret) {
  return `<Header>
    <From><Credential domain="NetworkID"><Identity>${IDENTITY}</Identity></Credential></From>
    <To><Credential domain="DUNS"><Identity>supplier-e2e</Identity></Credential></To>
    <Sender><Credential domain="NetworkID"><Identity>${IDENTITY}</Identity><SharedSecret>${esc(secret)}</SharedSecret></Credential><UserAgent>e2e buyer simulator 1.0</UserAgent></Sender>
  </Header>`;
}

/** A cXML document around `request` (the Request element's content). */
function cxml(request, lang = 'en-US', payload = payloadId()) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd">
<cXML payloadID="${esc(payload)}" timestamp="${new Date().toISOString().replace(/\.\d+Z$/, '+00:00')}" xml:lang="${lang}">
  ${header()}
  <Request deploymentMode="test">${request}</Request>
</cXML>`;
}

/** A PunchOutSetupRequest: `create` for the demo switch, or `edit`/`inspect` of an aux id. */
function setupRequest({ operation = 'create', cookie, lang = 'en-US', aux } = {}) {
  const item = aux
    ? `<ItemOut quantity="1"><ItemID><SupplierPartID>${CATALOG}</SupplierPartID><SupplierPartAuxiliaryID>${esc(aux)}</SupplierPartAuxiliaryID></ItemID></ItemOut>`
    : `<SelectedItem><ItemID><SupplierPartID>${CATALOG}</SupplierPartID></ItemID></SelectedItem>`;
  return cxml(`<PunchOutSetupRequest operation="${operation}">
      <BuyerCookie>${esc(cookie)}</BuyerCookie>
      <Extrinsic name="UserEmail">alice@acme.example</Extrinsic>
      <Extrinsic name="ProductLine">${CATALOG}</Extrinsic>
      <BrowserFormPost><URL>${ctx.sim.url}punchout-return</URL></BrowserFormPost>
      <Contact role="endUser"><Name xml:lang="en">Alice Buyer</Name><Email>alice@acme.example</Email></Contact>
      <SupplierSetup><URL>${ctx.desk.url}punchout/cxml</URL></SupplierSetup>
      ${item}
    </PunchOutSetupRequest>`, lang);
}

/** An OrderRequest for one configured product (its aux id, price and currency as the cart had them). */
function orderRequest({ orderId, aux, price, currency, description, payload = payloadId() }) {
  const address = `<Address><Name xml:lang="en">ACME Warehouse</Name><PostalAddress><Street>7 Dock Street</Street><City>Springfield</City><PostalCode>12345</PostalCode><Country isoCountryCode="US">United States</Country></PostalAddress></Address>`;
  return cxml(`<OrderRequest>
      <OrderRequestHeader orderID="${esc(orderId)}" orderDate="${new Date().toISOString().replace(/\.\d+Z$/, '+00:00')}" type="new">
        <Total><Money currency="${esc(currency)}">${esc(price)}</Money></Total>
        <ShipTo>${address}</ShipTo>
        <BillTo>${address.replace('ACME Warehouse', 'ACME Networks')}</BillTo>
        <Contact role="endUser"><Name xml:lang="en">Alice Buyer</Name><Email>alice@acme.example</Email></Contact>
      </OrderRequestHeader>
      <ItemOut quantity="1" lineNumber="1">
        <ItemID><SupplierPartID>${CATALOG}</SupplierPartID><SupplierPartAuxiliaryID>${esc(aux)}</SupplierPartAuxiliaryID></ItemID>
        <ItemDetail>
          <UnitPrice><Money currency="${esc(currency)}">${esc(price)}</Money></UnitPrice>
          <Description xml:lang="en">${esc(description)}</Description>
          <UnitOfMeasure>EA</UnitOfMeasure>
        </ItemDetail>
      </ItemOut>
    </OrderRequest>`, 'en-US', payload);
}

/** POSTs a cXML document to the desk: `{ status, text }`. */
async function postCxml(path, xml) {
  const r = await fetch(`${ctx.desk.url}${path}`, {
    method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body: xml,
  });
  return { status: r.status, text: await r.text() };
}

// ---- The simulator: the procurement system's own server on loopback.

/** Reads a request's body as text. */
function bodyOf(req) {
  return new Promise((ok, fail) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

/** A tiny HTML page of the simulator (its own, fixed text). */
const page = (title, rows = []) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,">
<style>body{font:16px system-ui,sans-serif;margin:3rem;color:#1d2430}main{max-width:48rem}h1{color:#0b5fd8}
th,td{text-align:left;padding:.3rem 1rem .3rem 0;vertical-align:top}td{overflow-wrap:anywhere}</style></head>
<body><main><h1>${title}</h1><p id="sim-note">The buyer simulator's procurement system received the configured product into its cart.</p>
<table>${rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table></main></body></html>`;

/**
 * Starts the simulator: `POST /punchout-return` (the cXML BrowserFormPost: `cxml-urlencoded`),
 * `POST /oci-hook` (OCI's HOOK_URL: `NEW_ITEM-…` fields), `POST /cxml/notices` (confirmations
 * and ship notices, answered with cXML status 200). Everything received is kept.
 */
async function startSimulator() {
  const received = { carts: [], oci: [], notices: [] };
  const waiters = [];
  const server = createServer(async (req, res) => {
    const text = await bodyOf(req);
    const path = new URL(req.url, 'http://x').pathname;
    if (req.method === 'POST' && path === '/punchout-return') {
      const cart = new URLSearchParams(text).get('cxml-urlencoded') ?? '';
      received.carts.push(cart);
      const item = '/cXML/Message/PunchOutOrderMessage/ItemIn[1]';
      const rows = [];
      for (const [label, expr] of [['Buyer cookie', 'string(//BuyerCookie)'], ['Supplier part', `string(${item}/ItemID/SupplierPartID)`],
        ['Description', `string(${item}/ItemDetail/Description)`], ['Unit price', `concat(${item}/ItemDetail/UnitPrice/Money, " ", ${item}/ItemDetail/UnitPrice/Money/@currency)`],
        ['Unit', `string(${item}/ItemDetail/UnitOfMeasure)`], ['UNSPSC', `string(${item}/ItemDetail/Classification)`],
        ['Auxiliary id', `string(${item}/ItemID/SupplierPartAuxiliaryID)`]]) {
        rows.push([label, await xpath(cart, expr).catch(() => '?')]);
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('Cart received', rows));
    } else if (req.method === 'POST' && path === '/oci-hook') {
      const fields = Object.fromEntries(new URLSearchParams(text));
      received.oci.push(fields);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('Cart received (OCI)',
        Object.entries(fields).filter(([k]) => !k.startsWith('NEW_ITEM-LONGTEXT'))));
    } else if (req.method === 'POST' && path === '/cxml/notices') {
      received.notices.push(text);
      const answer = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd">
<cXML payloadID="${payloadId()}" timestamp="${new Date().toISOString().replace(/\.\d+Z$/, '+00:00')}"><Response><Status code="200" text="OK"/></Response></cXML>`;
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(answer);
    } else {
      res.writeHead(404).end();
    }
    waiters.splice(0).forEach((w) => w());
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    origin: `http://127.0.0.1:${port}`,
    received,
    /** Waits until `check()` holds (checked on every request received). */
    async waitFor(check, ms, what) {
      const end = Date.now() + ms;
      while (!check()) {
        if (Date.now() > end) throw new Error(`the simulator waited in vain for ${what}`);
        await new Promise((ok) => { waiters.push(ok); setTimeout(ok, 500); });
      }
    },
    close: () => new Promise((ok) => server.close(ok)),
  };
}

before(async () => {
  ctx.desk = await startDesk({
    users: [['rita', 'rep', 'north'], ['olga', 'orderdesk', 'fulfilment'], ['ada', 'admin', 'office'], ['maria', 'manager', 'north']],
    password: PASSWORD,
    prefix: 'procurement-e2e-',
  });
  ctx.sim = await startSimulator();
  ctx.browser = await launch();
  const maria = await apiSession(ctx.desk.url, 'maria', PASSWORD);
  const made = await apiCall(ctx.desk.url, maria, 'POST', '/api/accounts', {
    name: 'ACME Networks', bill_to: 'ACME Networks\n1 Harbour Road\nSpringfield', ship_to: 'ACME Warehouse\n7 Dock Street\nSpringfield',
    language: 'en', price_book: 'list', partner_tier: 'gold', contacts: [{ name: 'Alice Buyer', email: 'alice@acme.example', language: 'en' }],
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  ctx.account = made.body.account.id;
});

after(async () => {
  await ctx.browser?.close();
  await ctx.desk?.stop();
  await ctx.sim?.close();
});

step('cxml', 'an admin sets the buyer organisation up on the procurement page and tests it', async () => {
  const { context, page, errors } = await browserPage();
  await page.goto(`${ctx.desk.url}desk/#/procurement`);
  await deskSignIn(page, 'ada');
  await page.locator('#nav-procurement').waitFor();
  await page.locator('#org-list').waitFor();
  await page.click('#org-new');
  await page.fill('#org-name', ORG);
  await page.locator('#draft-account option', { hasText: 'ACME Networks' }).waitFor({ state: 'attached' });
  await page.selectOption('#draft-account', { label: 'ACME Networks' });
  await page.locator('#org-owner option', { hasText: 'rita' }).waitFor({ state: 'attached' });
  await page.selectOption('#org-owner', { label: 'rita (north)' });
  await page.fill('#org-identities .org-identity', IDENTITY);
  await page.fill('#org-origins', ctx.sim.origin);
  await page.fill('#org-order-url', `${ctx.sim.url}cxml/notices`);
  await page.fill('#org-outbound-secret', 'our secret for the buyer');
  await page.fill('#org-oci-user', OCI_USER);
  await shot(page, '1-desk-new-organisation');
  await axeClean(page, 'procurement page, new organisation');
  await page.click('#org-save');
  await page.locator('#new-secret').waitFor();
  ctx.secret = (await page.locator('#new-secret').textContent()).trim();
  assert.ok(ctx.secret.length >= 20, `a strong secret: ${ctx.secret}`);
  await page.locator('#org-list').getByText(ORG).waitFor();
  await shot(page, '2-desk-secret-shown-once');

  // The test setup request with the secret as the procurement admin entered it.
  await page.getByRole('button', { name: `Edit ${ORG}` }).click();
  await page.fill('#test-secret', ctx.secret);
  await page.fill('#test-form-post', `${ctx.sim.url}punchout-return`);
  await page.click('#test-send');
  await page.locator('#test-status').waitFor();
  assert.match(await page.locator('#test-status').textContent(), /^200\b/);
  assert.match(await page.locator('#test-start-page').getAttribute('href'), /\/punchout\/start\//);
  assert.doesNotMatch(await page.locator('#test-request').textContent(), new RegExp(ctx.secret), 'the secret is not shown again');
  // The log read again: the test request is in it.
  await page.locator('#document-log').getByText('PunchOutSetupRequest').first().waitFor();
  await shot(page, '3-desk-test-setup');
  await axeClean(page, 'procurement page, test setup');
  // A wrong secret is refused with 401.
  await page.fill('#test-secret', 'not the secret');
  await page.click('#test-send');
  await page.locator('#test-status', { hasText: /^401\b/ }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

/** POSTs a setup request and returns the StartPage URL (read with xmllint). */
async function startPage(options) {
  const r = await postCxml('punchout/cxml', setupRequest(options));
  assert.equal(r.status, 200, r.text);
  await xpathEqual(r.text, {
    'string(/cXML/Response/Status/@code)': '200',
    'name(/cXML/*[1])': 'Response',
    'count(/cXML/Response/PunchOutSetupResponse/StartPage/URL)': '1',
    'string(/cXML/@xml:lang) != ""': 'true',
  }, 'the setup response');
  const url = await xpath(r.text, 'string(/cXML/Response/PunchOutSetupResponse/StartPage/URL)');
  assert.match(url, /\/punchout\/start\/[^/]+$/);
  return url;
}

/** Opens a start page and waits for PunchOut mode (the banner names the organisation). */
async function openPunchOut(page, url) {
  await page.goto(url);
  await page.waitForURL(/\/punchout\/s\/[^/]+\//);
  ctx.lastPunchOut = page.url();
  await page.locator('#punchout-organisation', { hasText: ORG }).waitFor();
}

step('cxml', 'a setup request opens PunchOut mode in English: banner, contract prices, the transfer button', async () => {
  const url = await startPage({ cookie: 'cookie-en-1' });
  const { context, page, errors } = await browserPage();
  await openPunchOut(page, url);
  assert.match(await page.locator('#punchout-pricing').textContent(), new RegExp(`Prices of your contract with ${ORG}`));
  assert.equal(await page.locator('.punchout-banner').getAttribute('role'), 'region');
  const transfer = page.locator('#punchout-transfer');
  assert.equal(await transfer.getAttribute('aria-disabled'), 'true', 'nothing configured yet');
  assert.match(await page.locator('#punchout-reason').textContent(), /Complete the configuration/);
  for (const gone of ['#open-saved', '#open-compare']) {
    assert.equal(await page.locator(gone).count(), 0, `${gone} is not in PunchOut mode`);
  }
  assert.match(await page.locator('.total').textContent(), /your contract/);
  await shot(page, '4-punchout-en-start');
  await axeClean(page, 'PunchOut mode');

  // Configure (complete with the catalog's defaults) and transfer.
  await page.getByRole('button', { name: 'Complete with defaults' }).click();
  await page.locator('#punchout-transfer[aria-disabled="false"]').waitFor();
  await shot(page, '5-punchout-en-complete');
  await page.click('#review-quote');
  await page.locator('.quote #punchout-transfer').waitFor();
  for (const hidden of ['#save-quote', '#save-to-desk', '.quote-forms']) {
    assert.equal(await page.locator(hidden).isVisible(), false, `${hidden}: no quote actions or fields in PunchOut mode`);
  }
  await shot(page, '6-punchout-en-review');
  await axeClean(page, 'PunchOut mode, review');
  await page.locator('.quote #punchout-transfer').click();
  await page.waitForURL(`${ctx.sim.url}punchout-return`);
  await page.getByRole('heading', { name: 'Cart received' }).waitFor();
  await shot(page, '7-simulator-cart-received');
  assert.deepEqual(errors, []);
  await context.close();

  // The cart, read by xmllint.
  assert.equal(ctx.sim.received.carts.length, 1);
  const cart = ctx.sim.received.carts[0];
  ctx.cart = cart;
  const message = '/cXML/Message/PunchOutOrderMessage';
  await xpathEqual(cart, {
    [`string(${message}/BuyerCookie)`]: 'cookie-en-1',
    [`name(${message}/*[1])`]: 'BuyerCookie',
    [`name(${message}/*[2])`]: 'PunchOutOrderMessageHeader',
    [`string(${message}/PunchOutOrderMessageHeader/@operationAllowed) != ""`]: 'true',
    [`count(${message}/ItemIn[not(@parentLineNumber)])`]: '1',
    [`string(${message}/ItemIn[1]/@quantity)`]: '1',
    [`string(${message}/ItemIn[1]/ItemID/SupplierPartID)`]: CATALOG,
    [`name(${message}/ItemIn[1]/*[1])`]: 'ItemID',
    [`name(${message}/ItemIn[1]/*[2])`]: 'ItemDetail',
    [`name(${message}/ItemIn[1]/ItemDetail/*[1])`]: 'UnitPrice',
    [`name(${message}/ItemIn[1]/ItemDetail/*[2])`]: 'Description',
    [`name(${message}/ItemIn[1]/ItemDetail/*[3])`]: 'UnitOfMeasure',
    [`string(${message}/ItemIn[1]/ItemDetail/UnitPrice/Money/@currency)`]: 'USD',
    [`string(${message}/ItemIn[1]/ItemDetail/Classification/@domain)`]: 'UNSPSC',
    [`string(${message}/PunchOutOrderMessageHeader/Total/Money) = string(${message}/ItemIn[1]/ItemDetail/UnitPrice/Money)`]: 'true',
  }, 'the PunchOutOrderMessage');
  ctx.aux = await xpath(cart, `string(${message}/ItemIn[1]/ItemID/SupplierPartAuxiliaryID)`);
  assert.match(ctx.aux, /^v1\./, 'a signed reference, not prices');
  ctx.price = await xpath(cart, `string(${message}/ItemIn[1]/ItemDetail/UnitPrice/Money)`);
  ctx.description = await xpath(cart, `string(${message}/ItemIn[1]/ItemDetail/Description)`);
  assert.match(ctx.price, /^\d+(\.\d{2})?$/);
});

step('cxml', 'PunchOut mode in German (the setup request\'s language)', async () => {
  const url = await startPage({ cookie: 'cookie-de-1', lang: 'de-DE' });
  const { context, page, errors } = await browserPage('en-US');
  await openPunchOut(page, url);
  await page.locator('#punchout-pricing', { hasText: `Preise Ihres Vertrags mit ${ORG}` }).waitFor();
  await page.getByRole('button', { name: 'An Ihr Beschaffungssystem übertragen' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'de');
  await page.getByRole('button', { name: 'Mit Standardwerten vervollständigen' }).click();
  await page.locator('#punchout-transfer[aria-disabled="false"]').waitFor();
  await shot(page, '8-punchout-de');
  await axeClean(page, 'PunchOut mode, German');
  assert.deepEqual(errors, []);
  await context.close();
});

step('cxml', 'the OrderRequest with the cart\'s aux id becomes an order of the desk', async () => {
  const r = await postCxml('cxml/order', orderRequest({
    orderId: 'PO-SIM-0001', aux: ctx.aux, price: ctx.price, currency: 'USD', description: ctx.description,
  }));
  assert.equal(r.status, 200, r.text);
  await xpathEqual(r.text, { 'string(/cXML/Response/Status/@code)': '200' }, 'the order answer');
  const olga = await apiSession(ctx.desk.url, 'olga', PASSWORD);
  const list = await apiCall(ctx.desk.url, olga, 'GET', '/api/orders?q=PO-SIM-0001');
  assert.equal(list.status, 200, JSON.stringify(list.body));
  assert.equal(list.body.orders.length, 1, JSON.stringify(list.body));
  ctx.order = list.body.orders[0].number;

  const { context, page, errors } = await browserPage();
  await page.goto(`${ctx.desk.url}desk/#/orders`);
  await deskSignIn(page, 'olga');
  await page.fill('#o-q', 'PO-SIM');
  await page.click('#search-orders');
  await page.locator('#order-list').getByText(ctx.order).waitFor();
  await shot(page, '9-desk-orders-list');
  assert.deepEqual(errors, []);
  await context.close();
});

step('cxml', 'the order desk confirms and ships: the simulator receives a ConfirmationRequest and a ShipNoticeRequest', async () => {
  const { context, page, errors } = await browserPage();
  await page.goto(`${ctx.desk.url}desk/#/order/${ctx.order}`);
  await deskSignIn(page, 'olga');
  await page.locator('#order-actions').waitFor();
  const date = new Date(Date.now() + 14 * 86400000).toISOString().slice(0, 10);
  await page.fill('#confirm-date', date);
  await page.click('#action-confirm');
  await page.locator('#order-status', { hasText: 'Confirmed' }).waitFor();
  await page.fill('#ship-carrier', 'DHL');
  await page.fill('#ship-tracking', 'SIM-TRACK-0001');
  await page.click('#action-ship');
  await page.locator('#order-status', { hasText: /^Shipped$/ }).waitFor();
  await shot(page, '10-desk-order-shipped');
  assert.deepEqual(errors, []);
  await context.close();

  const kind = (name) => ctx.sim.received.notices.filter((n) => n.includes(`<${name}`));
  await ctx.sim.waitFor(() => kind('ConfirmationRequest').length >= 1 && kind('ShipNoticeRequest').length >= 1, 60000,
    'a ConfirmationRequest and a ShipNoticeRequest');
  const [confirmation] = kind('ConfirmationRequest');
  await xpathEqual(confirmation, {
    'string(/cXML/@payloadID) != ""': 'true',
    'string(/cXML/@timestamp) != ""': 'true',
    'name(/cXML/*[1])': 'Header',
    'name(/cXML/*[2])': 'Request',
    'string(/cXML/Header/Sender/Credential/SharedSecret)': 'our secret for the buyer',
    'name(/cXML/Request/ConfirmationRequest/*[1])': 'ConfirmationHeader',
    'name(/cXML/Request/ConfirmationRequest/*[2])': 'OrderReference',
    'string(/cXML/Request/ConfirmationRequest/ConfirmationHeader/@type) = "accept" or string(/cXML/Request/ConfirmationRequest/ConfirmationHeader/@type) = "detail"': 'true',
    'string(/cXML/Request/ConfirmationRequest/OrderReference/@orderID)': 'PO-SIM-0001',
  }, 'the ConfirmationRequest');
  const [notice] = kind('ShipNoticeRequest');
  await xpathEqual(notice, {
    'name(/cXML/*[1])': 'Header',
    'name(/cXML/Request/ShipNoticeRequest/*[1])': 'ShipNoticeHeader',
    'string(/cXML/Request/ShipNoticeRequest/ShipNoticeHeader/@shipmentID) != ""': 'true',
    'count(/cXML/Request/ShipNoticeRequest/ShipControl) >= 1': 'true',
    'string(/cXML/Request/ShipNoticeRequest/ShipControl/ShipmentIdentifier)': 'SIM-TRACK-0001',
    'string(/cXML/Request/ShipNoticeRequest/ShipNoticePortion/OrderReference/@orderID)': 'PO-SIM-0001',
  }, 'the ShipNoticeRequest');
});

step('cxml', 'the document log shows every document in and out; a row opens its text', async () => {
  const { context, page, errors } = await browserPage();
  await page.goto(`${ctx.desk.url}desk/#/procurement`);
  await deskSignIn(page, 'olga');
  await page.locator('#document-log').waitFor();
  assert.equal(await page.locator('#org-list').count(), 0, 'the order desk reads the log only');
  const log = await page.locator('#document-log').textContent();
  for (const kind of ['PunchOutSetupRequest', 'PunchOutOrderMessage', 'OrderRequest', 'ConfirmationRequest', 'ShipNoticeRequest']) {
    assert.ok(log.includes(kind), `the log lists a ${kind}: ${log}`);
  }
  await page.selectOption('#log-direction', 'out');
  await page.locator('#document-log').getByText('ConfirmationRequest').waitFor();
  await page.locator('#document-log tbody tr').first().getByRole('button').click();
  await page.locator('#document-body').waitFor();
  assert.doesNotMatch(await page.locator('#document-body').textContent(), /our secret for the buyer/, 'secrets are never shown');
  await shot(page, '11-desk-document-log');
  await axeClean(page, 'procurement page, document log');
  // The same page in German.
  await page.getByRole('button', { name: 'Deutsch' }).click();
  await page.getByRole('heading', { name: 'Ein- und ausgehende Dokumente' }).waitFor();
  await page.locator('#document-log').getByText('ausgehend').first().waitFor();
  await shot(page, '11-desk-document-log-de');
  await axeClean(page, 'procurement page, German');
  assert.deepEqual(errors, []);
  await context.close();
});

step('cxml', 'an edit setup request with the ItemOut\'s aux id reopens the same configuration', async () => {
  const url = await startPage({ operation: 'edit', cookie: 'cookie-edit-1', aux: ctx.aux });
  const { context, page, errors } = await browserPage();
  await openPunchOut(page, url);
  await page.locator('#punchout-transfer[aria-disabled="false"]').waitFor();
  const total = (await page.locator('#total').textContent()).replace(/[^\d.]/g, '');
  assert.equal(Number(total), Number(ctx.price), 'the same configuration at the same contract price');
  await shot(page, '12-punchout-edit');
  assert.deepEqual(errors, []);
  await context.close();
});

step('cxml', 'an inspect setup request shows the configured item read-only: no transfer', async () => {
  const url = await startPage({ operation: 'inspect', cookie: 'cookie-inspect-1', aux: ctx.aux });
  const { context, page, errors } = await browserPage();
  await openPunchOut(page, url);
  await page.locator('#punchout-pricing', { hasText: 'Viewing a configured item of your cart' }).waitFor();
  await page.locator('#quote-title').waitFor();
  assert.equal(await page.locator('#punchout-transfer').count(), 0, 'nothing to transfer from an inspect session');
  assert.equal(await page.getByRole('button', { name: 'Back to configuration' }).isVisible(), false, 'read-only');
  await shot(page, '13-punchout-inspect');
  assert.deepEqual(errors, []);
  await context.close();
});

step('cxml', 'with sub-items on (the organisation\'s page), the cart carries the bill of materials under one composite item', async () => {
  const admin = await browserPage();
  await admin.page.goto(`${ctx.desk.url}desk/#/procurement`);
  await deskSignIn(admin.page, 'ada');
  await admin.page.getByRole('button', { name: `Edit ${ORG}` }).click();
  await admin.page.check('#org-sub-items');
  await admin.page.click('#org-save');
  await admin.page.locator('#org-message', { hasText: `Saved organisation “${ORG}”` }).waitFor();
  assert.deepEqual(admin.errors, []);
  await admin.context.close();

  const url = await startPage({ cookie: 'cookie-bom-1' });
  const { context, page, errors } = await browserPage();
  await openPunchOut(page, url);
  await page.getByRole('button', { name: 'Complete with defaults' }).click();
  await page.locator('#punchout-transfer[aria-disabled="false"]').click();
  await page.waitForURL(`${ctx.sim.url}punchout-return`);
  await page.getByRole('heading', { name: 'Cart received' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
  const cart = ctx.sim.received.carts.at(-1);
  const m = '/cXML/Message/PunchOutOrderMessage';
  await xpathEqual(cart, {
    [`string(${m}/BuyerCookie)`]: 'cookie-bom-1',
    [`count(${m}/ItemIn[@itemType="composite"])`]: '1',
    [`string(${m}/ItemIn[@itemType="composite"]/@compositeItemType)`]: 'groupLevel',
    [`count(${m}/ItemIn[@parentLineNumber="1"]) >= 2`]: 'true',
    [`count(${m}/ItemIn[@parentLineNumber="1"][@itemType="item"]) = count(${m}/ItemIn[@parentLineNumber="1"])`]: 'true',
    // The configured product's net counts once: the cart's total is the composite item's price.
    [`string(${m}/PunchOutOrderMessageHeader/Total/Money) = string(${m}/ItemIn[@itemType="composite"]/ItemDetail/UnitPrice/Money)`]: 'true',
  }, 'the cart with sub-items');
  assert.equal(Number(await xpath(cart, `string(${m}/PunchOutOrderMessageHeader/Total/Money)`)), Number(ctx.price),
    'the same configuration at the same contract price');
});

step('oci', 'OCI: the start URL with HOOK_URL opens PunchOut mode; the cart comes back as NEW_ITEM fields', async () => {
  const { context, page, errors } = await browserPage();
  const params = new URLSearchParams({
    USERNAME: OCI_USER, PASSWORD: ctx.secret, HOOK_URL: `${ctx.sim.url}oci-hook`, '~TARGET': '_top', OCI_VERSION: '5.0',
    PRODUCTID: CATALOG,
  });
  await openPunchOut(page, `${ctx.desk.url}punchout/oci?${params}`);
  await page.getByRole('button', { name: 'Complete with defaults' }).click();
  await page.locator('#punchout-transfer[aria-disabled="false"]').waitFor();
  await shot(page, '15-oci-punchout');
  await page.click('#punchout-transfer');
  await page.waitForURL(`${ctx.sim.url}oci-hook`);
  await page.getByRole('heading', { name: 'Cart received (OCI)' }).waitFor();
  await shot(page, '16-simulator-oci-cart-received');
  assert.deepEqual(errors, []);
  await context.close();
  assert.equal(ctx.sim.received.oci.length, 1);
  const fields = ctx.sim.received.oci[0];
  ctx.ociFields = fields;
  assert.equal(fields['NEW_ITEM-QUANTITY[1]'], '1', JSON.stringify(fields));
  assert.equal(fields['NEW_ITEM-CURRENCY[1]'], 'USD', JSON.stringify(fields));
  assert.match(fields['NEW_ITEM-PRICE[1]'] ?? '', /^\d+(\.\d+)?$/, JSON.stringify(fields));
  assert.ok(fields['NEW_ITEM-DESCRIPTION[1]'], JSON.stringify(fields));
  assert.ok(fields['NEW_ITEM-UNIT[1]'], JSON.stringify(fields));
  assert.ok(Object.values(fields).some((v) => /^v1\./.test(v)), `a signed reference among the fields: ${JSON.stringify(fields)}`);
  assert.ok(!Object.values(fields).includes(ctx.secret), 'the secret does not go back');
});

step('oci', 'an OrderRequest for the OCI cart becomes an order', async () => {
  const fields = ctx.ociFields;
  const aux = Object.values(fields).find((v) => /^v1\./.test(v));
  const r = await postCxml('cxml/order', orderRequest({
    orderId: 'PO-SIM-OCI-1', aux, price: fields['NEW_ITEM-PRICE[1]'], currency: fields['NEW_ITEM-CURRENCY[1]'],
    description: fields['NEW_ITEM-DESCRIPTION[1]'],
  }));
  assert.equal(r.status, 200, r.text);
  await xpathEqual(r.text, { 'string(/cXML/Response/Status/@code)': '200' }, 'the order answer');
  const olga = await apiSession(ctx.desk.url, 'olga', PASSWORD);
  const list = await apiCall(ctx.desk.url, olga, 'GET', '/api/orders?q=PO-SIM-OCI-1');
  assert.equal(list.status, 200, JSON.stringify(list.body));
  assert.equal(list.body.orders.length, 1, JSON.stringify(list.body));
});
