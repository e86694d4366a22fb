// Orders and the buyer's portal end to end: the real configurator-server (SQLite in a temporary
// folder) sending mail to an SMTP sink on loopback, serving the built desk bundle.
//
// The desk: a customer accepts a quote by its link; the rep places the order from the quote's
// page (PO number, addresses prefilled from the account); the order desk confirms it, ships it
// in two parts and marks it delivered on the order page; the customer's contact and the rep
// receive each e-mail; an admin adds an order desk user.
//
// The portal: a rep invites
// a customer contact from the account page (the one-time link also arrives by mail); the buyer
// sets a password, signs in, accepts a sent quote and places the order in one flow; the order
// desk confirms it, ships it in two parts (two tracking numbers) and marks it delivered; the
// buyer sees each status and tracking number and receives each e-mail, as does the rep; the
// buyer reorders and sees what changed. The portal once more in German and on a 390 px phone.
// Screenshots in tests/e2e/output/orders-*.png, axe on every page.
//
// Each step is its own test: a step after a failed one of the same flow (desk, portal) is
// skipped and says so, so a run shows exactly how far each flow gets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  launch, screenshot, watchErrors, auditAccessibility, startDesk, startSmtpSink, apiSession, apiCall,
  ROOT,
} from './harness.mjs';

const PASSWORD = 'e2e password for the desk';
const BUYER_PASSWORD = 'amber heron over the harbour';
const BUYER = { name: 'Alice Buyer', email: 'alice@acme.example' };
const REP_EMAIL = 'rita@seller.example';
/** A complete configuration of the NX-3400 demo (the CLI's golden one). */
const FULL = [['chassis', '48p'], ['power', '1100ac', 2], ['uplink', '8x10g'], ['optics', 'sfp-10g-sr', 8],
  ['licence', 'advantage'], ['accessories', 'stack-kit'], ['accessories', 'stack-cable', 2], ['support', 'smartcare-nbd']];

const ctx = {
  desk: undefined, sink: undefined, browser: undefined, account: undefined,
  quote: undefined, order: undefined, link: undefined, buyer: undefined,
  deskQuote: undefined, deskOrder: undefined, failed: {},
};

/** A step of `flow` (`desk`, `portal`): skipped once an earlier step of it failed. */
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

/** Fails on any serious or critical axe violation of the page as it is now. */
async function axeClean(page, where) {
  const violations = await auditAccessibility(page);
  assert.deepEqual(violations, [], `${where}: ${violations.join('\n')}`);
}

const shot = (page, name, full = true) => screenshot(page, `orders-${name}`, full);

/** A browser context and page; `phone` for 390 px. */
async function browserPage(locale = 'en-US', phone = false) {
  const context = await ctx.browser.newContext(phone
    ? { locale, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
    : { locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

/** Signs a desk user in on the page (the desk's sign-in form). */
async function deskSignIn(page, name) {
  await page.locator('#desk-name').waitFor();
  await page.fill('#desk-name', name);
  await page.fill('#desk-password', PASSWORD);
  await page.click('#sign-in');
  await page.locator('.desk-user').getByText(name).waitFor();
}

/** Signs the buyer in on the portal's sign-in form. */
async function portalSignIn(page) {
  await page.locator('#portal-email').waitFor();
  await page.fill('#portal-email', BUYER.email);
  await page.fill('#portal-password', BUYER_PASSWORD);
  await page.click('#portal-sign-in');
  await page.locator('#portal-buyer').waitFor();
}

/** Whether the page fits 390 px without scrolling sideways. */
async function fitsPhone(page, where) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `${where} scrolls sideways: ${width} px`);
}

/** Mails to `address` that mention `text` (subject or body). */
const mailsAbout = (address, text) => ctx.sink.mails.filter(
  (m) => m.to.includes(address) && (m.subject.includes(text) || m.text.includes(text)));

/** Waits until `address` has at least `n` mails about `text`. */
async function mailCount(address, text, n, what) {
  await ctx.sink.waitFor(() => mailsAbout(address, text).length >= n, 20000, `${what} (mail ${n} to ${address} about ${text})`);
}

/** Takes the quote's steps (the rep submits or sends, the manager approves) until it is sent. */
async function sendQuote(number) {
  const rita = await apiSession(ctx.desk.url, 'rita', PASSWORD);
  const maria = await apiSession(ctx.desk.url, 'maria', PASSWORD);
  for (let i = 0; i < 5; i += 1) {
    const r = await apiCall(ctx.desk.url, rita, 'GET', `/api/quotes/${number}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    if (r.body.summary.status === 'sent') return;
    const who = r.body.actions.includes('send') || r.body.actions.includes('submit') ? rita : maria;
    const d = await apiCall(ctx.desk.url, who, 'GET', `/api/quotes/${number}`);
    const action = ['send', 'approve', 'submit'].find((a) => d.body.actions.includes(a));
    assert.ok(action, `no step to send ${number}: ${JSON.stringify(d.body.actions)}`);
    const done = await apiCall(ctx.desk.url, who, 'POST', `/api/quotes/${number}/actions/${action}`, { comment: 'e2e' });
    assert.equal(done.status, 200, JSON.stringify(done.body));
  }
  assert.fail(`${number} was not sent`);
}

/** A quote of the full demo configuration for the account, saved by rita and sent. */
async function sentQuote() {
  const dir = await mkdtemp(join(tmpdir(), 'orders-quote-'));
  try {
    await writeFile(join(dir, 'config.json'), JSON.stringify(FULL));
    const { stdout } = await promisify(execFile)(join(ROOT, 'target/debug/configurator'), ['quote',
      join(ROOT, 'catalogs/nx-3400-switch.json'), join(dir, 'config.json'), '--customer', 'ACME Networks',
      '--valid-until', '2099-12-31'], { cwd: ROOT });
    const rita = await apiSession(ctx.desk.url, 'rita', PASSWORD);
    const r = await fetch(`${ctx.desk.url}api/quotes?account=${ctx.account}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: rita.cookie, 'x-csrf-token': rita.csrf },
      body: stdout,
    });
    const body = await r.json();
    assert.equal(r.status, 201, JSON.stringify(body));
    await sendQuote(body.quote.number);
    return body.quote.number;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

before(async () => {
  ctx.sink = await startSmtpSink();
  ctx.desk = await startDesk({
    users: [
      ['rita', 'rep', 'north', REP_EMAIL],
      ['maria', 'manager', 'north'],
      ['olga', 'orderdesk', 'fulfilment'],
      ['ada', 'admin', 'office'],
    ],
    password: PASSWORD,
    prefix: 'orders-e2e-',
    args: ['--smtp', ctx.sink.url, '--mail-retry', '1'],
  });
  ctx.browser = await launch();
  const maria = await apiSession(ctx.desk.url, 'maria', PASSWORD);
  const made = await apiCall(ctx.desk.url, maria, 'POST', '/api/accounts', {
    name: 'ACME Networks', bill_to: 'ACME Networks\n1 Harbour Road\nSpringfield', ship_to: 'ACME Warehouse\n7 Dock Street\nSpringfield',
    language: 'en', price_book: 'list', contacts: [{ ...BUYER, language: 'en' }],
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  ctx.account = made.body.account.id;
});

after(async () => {
  await ctx.buyer?.context.close();
  await ctx.browser?.close();
  await ctx.desk?.stop();
  await ctx.sink?.close();
});

/**
 * The order desk (olga) on the order page: confirms `order` with a ship date, ships it in two
 * parts (two tracking numbers), marks it delivered; after each step the contact's mail about
 * it arrives, and `buyer` (a portal page on the order, if any) sees the status. Screenshots
 * named `orders-FLOW-…`.
 */
async function orderDeskLife(order, buyer, flow) {
  const { context, page, errors } = await browserPage();
  await page.goto(`${ctx.desk.url}desk/#/order/${order}`);
  await deskSignIn(page, 'olga');
  await page.locator('#order-actions').waitFor();
  await axeClean(page, 'order page, received');
  const buyerSees = async (status, name) => {
    if (!buyer) return;
    await buyer.reload();
    await buyer.locator('#order-status', { hasText: new RegExp(`^${status}$`) }).waitFor();
    await shot(buyer, `${flow}-${name}`);
    await axeClean(buyer, `portal order, ${status}`);
  };
  let mails = mailsAbout(BUYER.email, order).length;
  const nextMail = async (what) => {
    mails += 1;
    await mailCount(BUYER.email, order, mails, what);
  };

  // Confirm with a ship date two weeks out.
  const date = new Date(Date.now() + 14 * 86400000).toISOString().slice(0, 10);
  await page.fill('#confirm-date', date);
  await page.click('#action-confirm');
  await page.locator('#order-status', { hasText: 'Confirmed' }).waitFor();
  await shot(page, `${flow}-6-desk-confirmed`);
  await axeClean(page, 'order page, confirmed');
  await nextMail('the confirmation');
  await buyerSees('Confirmed', '7-buyer-confirmed');

  // First shipment: the first line only.
  const quantities = page.locator('input[id^="ship-qty-"]');
  const count = await quantities.count();
  assert.ok(count >= 2, `several lines to ship: ${count}`);
  for (let i = 1; i < count; i += 1) await quantities.nth(i).fill('0');
  await page.fill('#ship-carrier', 'DHL');
  await page.fill('#ship-tracking', `${flow}-TRACK-0001`);
  await shot(page, `${flow}-8-desk-ship-part-one`);
  await page.click('#action-ship');
  await page.locator('#order-status', { hasText: 'Partly shipped' }).waitFor();
  await page.locator('#shipments').getByText(`${flow}-TRACK-0001`).waitFor();
  await nextMail('the first shipment');
  await buyerSees('Partly shipped', '9-buyer-partly-shipped');

  // Second shipment: what is left (the form offers it).
  await page.fill('#ship-carrier', 'UPS');
  await page.fill('#ship-tracking', `${flow}-TRACK-0002`);
  await page.click('#action-ship');
  await page.locator('#order-status', { hasText: /^Shipped$/ }).waitFor();
  await page.locator('#shipments').getByText(`${flow}-TRACK-0002`).waitFor();
  await shot(page, `${flow}-10-desk-shipped`);
  await axeClean(page, 'order page, shipped');
  await nextMail('the second shipment');
  await buyerSees('Shipped', '11-buyer-shipped');

  // Delivered.
  await page.click('#action-deliver');
  await page.locator('#order-status', { hasText: 'Delivered' }).waitFor();
  assert.equal(await page.locator('#order-actions').count(), 0, 'a delivered order has no more steps');
  const timeline = await page.locator('#order-events').textContent();
  for (const words of ['Placed', 'Confirmed by olga', 'Shipment sent by olga', 'Delivered by olga']) {
    assert.ok(timeline.includes(words), `the timeline says ${words}: ${timeline}`);
  }
  assert.doesNotMatch(timeline, /\d{4}-\d{2}-\d{2}T/, 'times in local words, not ISO');
  await shot(page, `${flow}-12-desk-delivered`);
  await nextMail('the delivery');
  await buyerSees('Delivered', '13-buyer-delivered');
  assert.deepEqual(errors, []);
  await context.close();
  if (!buyer) return;
  const tracking = await buyer.locator('#shipments').textContent();
  assert.ok(tracking.includes(`${flow}-TRACK-0001`) && tracking.includes(`${flow}-TRACK-0002`), tracking);
  assert.equal(await buyer.locator('#order-progress li.reached').count(), 4);
}


step('desk', 'an Orders entry and the (empty) orders list', async () => {
  const { context, page, errors } = await browserPage();
  await page.goto(`${ctx.desk.url}desk/#/orders`);
  await deskSignIn(page, 'rita');
  await page.locator('#nav-orders').waitFor();
  await page.locator('#orders-title').waitFor();
  await page.getByText('No orders match.').waitFor();
  assert.match(await page.locator('a[download="orders.csv"]').getAttribute('href'), /^\/api\/orders\/export\.csv\?/);
  await shot(page, '0-desk-orders-empty');
  await axeClean(page, 'orders list');
  assert.deepEqual(errors, []);
  await context.close();
});

step('desk', 'the customer accepts by the link; the rep places the order from the quote page', async () => {
  ctx.deskQuote = await sentQuote();
  const rita = await apiSession(ctx.desk.url, 'rita', PASSWORD);
  const made = await apiCall(ctx.desk.url, rita, 'POST', `/api/quotes/${ctx.deskQuote}/links`, { days: 30, lang: 'en' });
  assert.ok([200, 201].includes(made.status), JSON.stringify(made.body));
  const customer = await browserPage();
  await customer.page.goto(`${ctx.desk.url}desk/#customer=${made.body.link.token}`);
  await customer.page.fill('#customer-name', BUYER.name);
  await customer.page.click('#accept-quote');
  await customer.page.locator('#customer-status', { hasText: 'Accepted' }).waitFor();
  await customer.context.close();

  const { context, page, errors } = await browserPage();
  await page.goto(`${ctx.desk.url}desk/#/quote/${ctx.deskQuote}`);
  await deskSignIn(page, 'rita');
  await page.locator('#order-po-number').waitFor();
  assert.equal(await page.locator('#order-bill-to').inputValue(), 'ACME Networks\n1 Harbour Road\nSpringfield');
  assert.equal(await page.locator('#order-ship-to').inputValue(), 'ACME Warehouse\n7 Dock Street\nSpringfield');
  assert.ok(await page.locator('#place-order').isDisabled(), 'no PO number: nothing to send');
  await page.fill('#order-po-number', 'PO-DESK-0001');
  await shot(page, 'desk-1-rep-place-order');
  await axeClean(page, 'accepted quote, order form');
  await page.click('#place-order');
  const placed = page.locator('#quote-order a');
  await placed.waitFor();
  ctx.deskOrder = (await placed.textContent()).trim();
  assert.match(ctx.deskOrder, /^O-\d{4}-\d{6}$/);
  await shot(page, 'desk-2-rep-ordered');
  await placed.click();
  await page.locator('#order-title').waitFor();
  assert.match(await page.locator('#order-status').textContent(), /Received/);
  assert.equal(await page.locator('#order-po').textContent(), 'PO-DESK-0001');
  assert.equal(await page.locator('#order-actions').count(), 0, 'a rep does not fulfil orders');
  await shot(page, 'desk-3-rep-order-page');
  await axeClean(page, 'order page (rep)');
  // The list finds it by its PO number.
  await page.goto(`${ctx.desk.url}desk/#/orders`);
  await page.fill('#o-q', 'PO-DESK');
  await page.click('#search-orders');
  await page.locator('#order-list').getByText(ctx.deskOrder).waitFor();
  await shot(page, 'desk-4-orders-list');
  await axeClean(page, 'orders list');
  assert.deepEqual(errors, []);
  await context.close();
  await mailCount(BUYER.email, ctx.deskOrder, 1, 'the order placed, to the contact');
});

step('desk', 'the order desk confirms, ships in two parts and delivers on the order page', async () => {
  await orderDeskLife(ctx.deskOrder, null, 'desk');
});

step('desk', 'the contact and the rep received each e-mail (placed, confirmed, two shipments, delivered)', async () => {
  await mailCount(BUYER.email, ctx.deskOrder, 5, 'every step, to the contact');
  await mailCount(REP_EMAIL, ctx.deskOrder, 5, 'every step, to the rep');
});

step('desk', 'an admin adds an order desk user on the people page', async () => {
  const { context, page, errors } = await browserPage();
  await page.goto(`${ctx.desk.url}desk/#/people`);
  await deskSignIn(page, 'ada');
  await page.fill('#new-name', 'otto');
  await page.selectOption('#new-role', 'orderdesk');
  await page.fill('#new-team', 'fulfilment');
  await page.fill('#new-password', PASSWORD);
  await page.click('#add-person');
  await page.locator('#people-message', { hasText: 'Added otto.' }).waitFor();
  await page.locator('#people tr', { hasText: 'otto' }).getByText('order desk').waitFor();
  await shot(page, 'desk-5-people-order-desk');
  await axeClean(page, 'people page');
  assert.deepEqual(errors, []);
  await context.close();
});

step('portal', 'a rep invites a customer contact to the portal from the account page', async () => {
  ctx.quote = await sentQuote();
  const { context, page, errors } = await browserPage();
  await page.goto(`${ctx.desk.url}desk/#/accounts`);
  await deskSignIn(page, 'rita');
  await page.click(`#invite-${ctx.account}-0`);
  // The page says where the link went; the link itself goes to the contact's mailbox only
  // (whoever holds it buys for the account).
  const sent = page.locator(`#invitation-sent-${ctx.account}`);
  await sent.getByText(`Invitation mailed to ${BUYER.email}`).waitFor();
  assert.ok(!(await page.content()).includes('welcome/'), 'no link on the rep\'s page');
  await shot(page, '1-rep-invites');
  await axeClean(page, 'accounts page, invitation made');
  // The link by mail, at the portal's own address (the desk's bundle served at /portal/).
  const mail = await ctx.sink.waitFor((m) => m.to.includes(BUYER.email) && /\/portal\/#\/welcome\/[0-9a-f]{64}/.test(m.text), 20000, 'the invitation mail');
  assert.ok(mail.subject.length > 0);
  const token = mail.text.match(/\/portal\/#\/welcome\/([0-9a-f]{64})/)[1];
  ctx.link = `${ctx.desk.url}portal/#/welcome/${token}`;
  assert.deepEqual(errors, []);
  await context.close();
});

step('portal', 'the buyer sets a password by the one-time link and is signed in', async () => {
  ctx.buyer = await browserPage();
  const { page } = ctx.buyer;
  await page.goto(ctx.link);
  await page.locator('#welcome-who').waitFor();
  assert.match(await page.locator('#welcome-who').textContent(), /ACME Networks/);
  await page.fill('#welcome-new', BUYER_PASSWORD);
  await page.fill('#welcome-repeat', BUYER_PASSWORD);
  await shot(page, '2-buyer-welcome');
  await axeClean(page, 'invitation page');
  await page.click('#welcome-set');
  await page.locator('#portal-buyer').waitFor();
  await page.locator('#portal-quotes').getByText(ctx.quote).waitFor();
  await shot(page, '3-buyer-home');
  await axeClean(page, 'portal home');
  // The link is one-time: it no longer opens.
  const again = await fetch(`${ctx.desk.url}api/portal/invitations/${ctx.link.split('/').pop()}`);
  assert.notEqual(again.status, 200);
});

step('portal', 'the buyer accepts the sent quote and places the order in one flow', async () => {
  const { page } = ctx.buyer;
  await page.click(`#portal-quotes a:has-text("${ctx.quote}")`);
  await page.locator('#portal-quote-title').waitFor();
  assert.equal(await page.locator('#order-bill-to').inputValue(), 'ACME Networks\n1 Harbour Road\nSpringfield');
  assert.equal(await page.locator('#order-ship-to').inputValue(), 'ACME Warehouse\n7 Dock Street\nSpringfield');
  // Nothing to send until the PO number is there and the acceptance ticked: said, not hidden.
  assert.ok(await page.locator('#place-order').isDisabled());
  await page.fill('#order-po-number', 'PO-ACME-0042');
  await page.check('#order-accept');
  await shot(page, '4-buyer-accept-and-place');
  await axeClean(page, 'portal quote, order form filled');
  await page.click('#place-order');
  await page.waitForURL(/#\/(?:portal\/)?order\/O-\d{4}-\d{6}$/);
  ctx.order = page.url().split('/order/')[1];
  await page.locator('#order-progress').waitFor();
  assert.match(await page.locator('#order-status').textContent(), /Received/);
  assert.equal(await page.locator('#order-po').textContent(), 'PO-ACME-0042');
  await shot(page, '5-buyer-order-received');
  await axeClean(page, 'portal order, received');
  await mailCount(BUYER.email, ctx.order, 1, 'the order placed, to the buyer');
  await mailCount(REP_EMAIL, ctx.order, 1, 'the order placed, to the rep');
});

step('portal', 'the order desk confirms, ships in two parts and delivers; the buyer sees each status', async () => {
  await orderDeskLife(ctx.order, ctx.buyer.page, 'portal');
});

step('portal', 'the rep received each e-mail too; the buyer sees the alerts and the order document', async () => {
  // Placed, confirmed, two shipments, delivered.
  await mailCount(REP_EMAIL, ctx.order, 5, 'every step, to the rep');
  const buyer = ctx.buyer.page;
  await buyer.click('.desk-home');
  await buyer.locator('#alerts').getByText(ctx.order).first().waitFor();
  await buyer.locator('#portal-orders li', { hasText: ctx.order }).getByText(/portal-TRACK-0002/).waitFor();
  await shot(buyer, '14-buyer-home-alerts');
  await axeClean(buyer, 'portal home with alerts');
  await buyer.click(`#portal-orders a:has-text("${ctx.order}")`);
  const href = await buyer.locator('#portal-order-pdf').getAttribute('href');
  const pdf = await buyer.request.get(new URL(href, buyer.url()).toString());
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
});

step('portal', 'the buyer reorders, sees what changed, and places the new order', async () => {
  const buyer = ctx.buyer.page;
  await buyer.locator('#reorder').click();
  await buyer.waitForURL(/#\/(?:portal\/)?quote\/Q-\d{4}-\d{6}$/);
  assert.ok(!buyer.url().endsWith(ctx.quote));
  const changes = buyer.locator('#reorder-changes');
  await changes.waitFor();
  assert.match(await changes.locator('p').textContent(), new RegExp(`^Reorder of ${ctx.order} at today's prices, catalog version`));
  assert.ok((await changes.locator('li').count()) >= 1);
  await shot(buyer, '15-buyer-reorder-changes');
  await axeClean(buyer, 'reorder, what changed');
  await buyer.fill('#order-po-number', 'PO-ACME-0043');
  await buyer.check('#order-accept');
  await buyer.click('#place-order');
  await buyer.waitForURL((u) => /#\/(?:portal\/)?order\/O-\d{4}-\d{6}$/.test(u.toString()) && !u.toString().endsWith(ctx.order));
  await buyer.locator('#order-status', { hasText: 'Received' }).waitFor();
  await shot(buyer, '16-buyer-reorder-placed');
  assert.deepEqual(ctx.buyer.errors, []);
});

step('portal', 'the buyer changes a quote in the configurator, at the account\'s contract prices', async () => {
  const buyer = ctx.buyer.page;
  await buyer.goto(`${ctx.desk.url}portal/#/quote/${ctx.quote}`);
  await buyer.locator('#portal-quote-title').waitFor();
  await buyer.click('#reconfigure');
  // The configurator opens on the catalog in the account's form (the public form with its own
  // tier only, from the portal), at the account's price book, on the quote view.
  await buyer.waitForURL((u) => u.pathname === '/' && u.searchParams.get('catalog') === '/api/portal/catalogs/nx-3400'
    && u.searchParams.get('book') === 'list' && u.searchParams.get('view') === 'quote');
  await buyer.locator('#quote-contract-value').waitFor();
  // The quote's configuration, with when it ships once ordered.
  assert.match(await buyer.locator('#quote-ships').textContent(), /^about \d+ days after the order$/);
  assert.ok(await buyer.locator('.bom').getByText('NX3400-48P').count() > 0);
  await shot(buyer, '17-buyer-configurator-contract-prices');
  await axeClean(buyer, 'configurator opened from the portal');
  assert.deepEqual(ctx.buyer.errors, []);
});

step('portal', 'in German', async () => {
  const { context, page, errors } = await browserPage('de-DE');
  await page.goto(`${ctx.desk.url}desk/#/portal`);
  await page.getByRole('heading', { name: 'Am Kundenportal anmelden' }).waitFor();
  await axeClean(page, 'portal sign-in (de)');
  await portalSignIn(page);
  await page.locator('#alerts-title', { hasText: 'Meldungen' }).waitFor();
  await shot(page, 'de-1-home');
  await axeClean(page, 'portal home (de)');
  await page.goto(`${ctx.desk.url}desk/#/portal/order/${ctx.order}`);
  await page.locator('#order-status', { hasText: 'Geliefert' }).waitFor();
  // The life in German words, its data too (PO number, date, shipment).
  const leben = await page.locator('#order-events').textContent();
  assert.match(leben, /Aufgegeben von alice@acme\.example: Bestellnummer PO-ACME-0042, Angebot Q-\d{4}-\d{6} Revision 1/);
  assert.match(leben, /Bestätigt von olga: Versanddatum \d{2}\.\d{2}\.\d{4}/);
  assert.match(leben, /Sendung verschickt von olga: \d+ Stück, UPS portal-TRACK-0002/);
  assert.doesNotMatch(leben, /ship date|purchase order|line \d/);
  assert.equal(await page.locator('#order-term').textContent(), '12 Monate');
  await shot(page, 'de-2-order');
  await axeClean(page, 'portal order (de)');
  await page.goto(`${ctx.desk.url}desk/#/portal/quote/${ctx.quote}`);
  await page.locator('#portal-quote-status', { hasText: 'Angenommen' }).waitFor();
  await shot(page, 'de-3-quote');
  await axeClean(page, 'portal quote (de)');
  await page.goto(`${ctx.desk.url}desk/#/portal/settings`);
  await page.locator('#notify-shipped').waitFor();
  await shot(page, 'de-4-settings');
  await axeClean(page, 'portal settings (de)');
  assert.deepEqual(errors, []);
  await context.close();
});

step('portal', 'on a 390 px phone', async () => {
  const { context, page, errors } = await browserPage('en-US', true);
  await page.goto(`${ctx.desk.url}desk/#/portal`);
  await portalSignIn(page);
  for (const [path, ready, name] of [
    ['', '#portal-orders', 'phone-1-home'],
    [`/order/${ctx.order}`, '#order-progress', 'phone-2-order'],
    [`/quote/${ctx.quote}`, '#portal-quote-status', 'phone-3-quote'],
    ['/configurations', '#configurations-title', 'phone-4-configurations'],
    ['/settings', '#notify-confirmed', 'phone-5-settings'],
  ]) {
    await page.goto(`${ctx.desk.url}desk/#/portal${path}`);
    await page.locator(ready).waitFor();
    await fitsPhone(page, name);
    await shot(page, name);
    await axeClean(page, `phone ${name}`);
  }
  // Notification choices are kept.
  await page.uncheck('#notify-delivered');
  await page.click('#save-notifications');
  await page.locator('#settings-message', { hasText: 'Saved.' }).waitFor();
  await page.reload();
  await page.locator('#notify-delivered').waitFor();
  assert.equal(await page.locator('#notify-delivered').isChecked(), false);
  await page.click('#portal-sign-out');
  await page.locator('#portal-email').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
