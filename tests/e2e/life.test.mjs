// A quote's whole life end to end, once with everyone in English and once in German: a rep
// configures and saves a quote for a customer account (prepared by and valid until filled by
// the desk), gives a deal discount above the rep limit (the preview says so while typing),
// submits; a manager approves with a comment; the rep sends it with a customer link; the
// customer opens it on a 390 px phone, downloads the PDF (page 1 rendered to PNG, its text
// read with pdftotext) and accepts; the rep renews it at today's prices. Screenshots of every
// step in tests/e2e/output/life-LANG-*.png, axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  launch, screenshot, watchErrors, auditAccessibility, startDesk, apiSession, apiCall, OUTPUT,
} from './harness.mjs';

const PASSWORD = 'e2e password for the desk';
const ctx = { desk: undefined, browser: undefined };

before(async () => {
  ctx.desk = await startDesk({
    users: [['rita', 'rep', 'north'], ['maria', 'manager', 'north']],
    password: PASSWORD,
    prefix: 'life-e2e-',
  });
  ctx.browser = await launch();
  // Two customer accounts, kept by the manager: one speaks English, one German.
  const maria = await apiSession(ctx.desk.url, 'maria', PASSWORD);
  for (const [name, language, contact] of [['ACME Networks', 'en', 'Alice Buyer'], ['Nordwind GmbH', 'de', 'Anna Käufer']]) {
    const made = await apiCall(ctx.desk.url, maria, 'POST', '/api/accounts', {
      name, bill_to: '1 Harbour Road\nSpringfield', language, price_book: 'list',
      contacts: [{ name: contact, email: 'buyer@customer.example', language }],
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  }
});

after(async () => {
  await ctx.browser?.close();
  await ctx.desk?.stop();
});

/** What each page says, in each language. */
const WORDS = {
  en: {
    locale: 'en-US',
    account: 'ACME Networks',
    contact: 'Alice Buyer',
    complete: 'Complete with defaults',
    ready: 'Complete: ready to quote.',
    signIn: 'Sign in to the quote desk',
    draft: /^Draft · revision 1 · owner rita$/,
    prepared: /^Prepared by rita · valid until [A-Z][a-z]{2} \d{1,2}, \d{4}$/,
    preview: '15% below the entitled price: needs approval by a manager (above the rep limit of 10%)',
    waiting: 'Waiting for approval',
    approved: 'Approved by maria (manager), 15% below the entitled price, above the rep limit of 10%: Strategic account',
    sent: 'Sent',
    accepted: /^Accepted · signed by Alice Buyer on [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}/,
    acceptedDesk: 'Accepted',
    renewed: /^Renewed from Q-\d{4}-\d{6} \(revision 2\) at today's prices, catalog version 2026\.11\. What changed:/,
    pdfWords: ['Quote', 'Valid until', 'Prepared by', 'rita', 'NX3400-24P', 'Page 1 of 1'],
  },
  de: {
    locale: 'de-DE',
    account: 'Nordwind GmbH',
    contact: 'Anna Käufer',
    complete: 'Mit Standardwerten vervollständigen',
    ready: 'Vollständig: bereit für ein Angebot.',
    signIn: 'Am Angebotsdesk anmelden',
    draft: /^Entwurf · Revision 1 · verantwortlich rita$/,
    prepared: /^Erstellt von rita · gültig bis \d{2}\.\d{2}\.\d{4}$/,
    preview: '15 % unter dem vertraglichen Preis: Freigabe durch Manager nötig (über dem Limit für Vertrieb von 10 %)',
    waiting: 'Wartet auf Freigabe',
    approved: 'Freigegeben von maria (Manager), 15 % unter dem vertraglichen Preis, über dem Limit für Vertrieb von 10 %: Strategic account',
    sent: 'Versendet',
    accepted: /^Angenommen · unterschrieben von Anna Käufer am \d{1,2}\.\d{1,2}\.\d{4}, \d{1,2}:\d{2}/,
    acceptedDesk: 'Angenommen',
    renewed: /^Aus Q-\d{4}-\d{6} \(Revision 2\) zu heutigen Preisen erneuert, Katalogversion 2026\.11\. Was sich geändert hat:/,
    pdfWords: ['Angebot', 'Gültig bis', 'Erstellt von', 'rita', 'NX3400-24P', 'Seite 1 von 1'],
  },
};

/** Fails on any serious or critical axe violation of the page as it is now. */
async function axeClean(page, where) {
  const violations = await auditAccessibility(page);
  assert.deepEqual(violations, [], `${where}: ${violations.join('\n')}`);
}

async function signIn(page, w, name) {
  await page.getByRole('heading', { name: w.signIn }).waitFor();
  await page.fill('#desk-name', name);
  await page.fill('#desk-password', PASSWORD);
  await page.click('#sign-in');
  await page.locator('.desk-user').getByText(name).waitFor();
}

/** A signed-in person's page in their own browser (their language is the browser's). */
async function person(w, name, url) {
  const context = await ctx.browser.newContext({ locale: w.locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(url);
  await signIn(page, w, name);
  return { context, page, errors };
}

for (const lang of ['en', 'de']) {
  test(`a quote's whole life in ${lang === 'en' ? 'English' : 'German'}`, async () => {
    const w = WORDS[lang];
    const shot = (page, step, full = true) => screenshot(page, `life-${lang}-${step}`, full);
    const url = ctx.desk.url;

    // The rep configures in the app (the browser's language) and saves to the desk.
    const repContext = await ctx.browser.newContext({ locale: w.locale, viewport: { width: 1280, height: 900 } });
    const rep = await repContext.newPage();
    const repErrors = watchErrors(rep);
    await rep.goto(`${url}?product=nx-3400`);
    await rep.getByRole('button', { name: w.complete }).click();
    await rep.getByText(w.ready).waitFor();
    await rep.click('#review-quote');
    await rep.fill('#quote-customer', w.account);
    // "Valid until" and "Prepared by" are left empty: the desk fills them.
    await rep.click('#save-to-desk');
    await rep.waitForURL(/\/desk\/#upload=/, { waitUntil: 'commit' });
    await signIn(rep, w, 'rita');
    await rep.selectOption('#draft-account', { label: w.account });
    await axeClean(rep, 'upload');
    await rep.locator('.desk-drafts button').first().click();
    await rep.waitForURL(/#\/quote\/Q-\d{4}-\d{6}$/);
    await rep.locator('#quote-status').waitFor();
    assert.match(await rep.locator('#quote-status').textContent(), w.draft);
    assert.match(await rep.locator('#quote-meta').textContent(), w.prepared);
    const number = rep.url().split('/quote/')[1];

    // A 15 % deal discount: the preview says what it needs while typing.
    await rep.fill('#deal-all', '15');
    await rep.locator('#deal-preview', { hasText: w.preview }).waitFor();
    await shot(rep, '1-rep-deal-preview');
    await axeClean(rep, 'quote page, deal typed');
    await rep.click('#save-deal');
    await rep.locator('#quote-status', { hasText: lang === 'en' ? 'revision 2' : 'Revision 2' }).waitFor();
    await rep.click('#action-submit');
    await rep.locator('#quote-status', { hasText: w.waiting }).waitFor();
    await shot(rep, '2-rep-submitted');

    // The manager approves, with a comment.
    const manager = await person(w, 'maria', `${url}desk/#/quote/${number}`);
    const m = manager.page;
    await m.locator('#action-approve').waitFor();
    await m.fill('#action-comment', 'Strategic account');
    await axeClean(m, 'manager');
    await m.click('#action-approve');
    await m.locator('#approval-reason', { hasText: w.approved }).waitFor();
    await shot(m, '3-manager-approved');
    assert.deepEqual(manager.errors, []);
    await manager.context.close();

    // The rep sends it with a customer link in the customer's language.
    await rep.reload();
    await rep.locator('#action-send').click();
    await rep.locator('#quote-status', { hasText: w.sent }).waitFor();
    await rep.selectOption('#link-lang', lang);
    await rep.click('#make-link');
    const link = await rep.locator('#customer-link').inputValue();
    assert.match(link, /\/desk\/#customer=[0-9a-f]{64}$/);
    await shot(rep, '4-rep-sent-link');
    await axeClean(rep, 'sent, link made');

    // The customer on a phone.
    const phone = await ctx.browser.newContext({
      locale: w.locale, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    });
    const c = await phone.newPage();
    const customerErrors = watchErrors(c);
    await c.goto(link);
    await c.locator('#customer-title').waitFor();
    assert.equal(await c.locator('html').getAttribute('lang'), lang);
    assert.ok(await c.evaluate(() => document.documentElement.scrollWidth <= 390),
      `the page scrolls sideways: ${await c.evaluate(() => document.documentElement.scrollWidth)} px`);
    await shot(c, '5-customer-phone');
    await axeClean(c, 'customer page');

    // The PDF: page 1 as a picture, its text customer-facing only.
    const href = await c.locator('a[href*="quote.pdf"]').getAttribute('href');
    const pdf = await c.request.get(new URL(href, link).toString());
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    await mkdir(OUTPUT, { recursive: true });
    const pdfPath = join(OUTPUT, `life-${lang}-quote.pdf`);
    await writeFile(pdfPath, await pdf.body());
    await promisify(execFile)('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdfPath,
      join(OUTPUT, `life-${lang}-6-pdf-page1`)]);
    const { stdout: text } = await promisify(execFile)('pdftotext', ['-layout', pdfPath, '-']);
    for (const words of [number, w.account, ...w.pdfWords]) {
      assert.ok(text.includes(words), `the PDF says ${words}:\n${text}`);
    }
    for (const inside of ['Strategic account', 'maria', 'entitled', 'vertraglichen', 'approv', 'Freigabe']) {
      assert.ok(!text.includes(inside), `the PDF leaks ${inside}:\n${text}`);
    }

    // The customer accepts: the decision in words and local time, not an ISO time.
    await c.fill('#customer-name', w.contact);
    await c.click('#accept-quote');
    await c.locator('#customer-status', { hasText: w.acceptedDesk }).waitFor();
    const decided = await c.locator('#customer-status').textContent();
    assert.match(decided, w.accepted);
    assert.doesNotMatch(decided, /\d{4}-\d{2}-\d{2}T/);
    assert.ok(await c.evaluate(() => document.documentElement.scrollWidth <= 390));
    await shot(c, '7-customer-accepted');
    await axeClean(c, 'customer page, accepted');
    assert.deepEqual(customerErrors, []);
    await phone.close();

    // The rep renews it at today's prices: a new draft, what changed said in words.
    await rep.reload();
    // (Reloaded twice: the page stays the quote's, its address keeps the fragment.)
    await rep.locator('#quote-status', { hasText: w.acceptedDesk }).waitFor();
    assert.equal(await rep.locator('#save-deal').count(), 0, 'an accepted quote offers no deal editing');
    await rep.click('#renew');
    await rep.waitForURL((u) => /#\/quote\/Q-\d{4}-\d{6}$/.test(u.toString()) && !u.toString().endsWith(number));
    const renewal = rep.locator('#renewal');
    await renewal.waitFor();
    assert.match(await renewal.locator('p').textContent(), w.renewed);
    assert.match(await rep.locator('#quote-status').textContent(), w.draft);
    assert.match(await rep.locator('#quote-meta').textContent(), w.prepared);
    // The deal discount came along: it waits for approval again once submitted.
    await rep.locator('#deal-preview', { hasText: w.preview }).waitFor();
    await shot(rep, '8-rep-renewed');
    await axeClean(rep, 'renewed quote');
    assert.match(await rep.locator('#audit').textContent(), new RegExp(number));
    assert.deepEqual(repErrors, []);
    await repContext.close();
  });
}
