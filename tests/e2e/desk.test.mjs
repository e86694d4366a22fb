// The quote desk end to end: the real configurator-server on a loopback port (SQLite in a
// temporary folder) serving the built app and the desk's pages. A rep builds a configuration,
// saves it to the desk, gives a deal discount above their limit and submits; a manager
// approves; the rep sends it and makes a customer link; the customer opens it and accepts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, screenshot, watchErrors, auditAccessibility, startDesk, apiSession } from './harness.mjs';

const PASSWORD = 'e2e password for the desk';
const ctx = { desk: undefined, url: undefined, browser: undefined };

before(async () => {
  ctx.desk = await startDesk({ users: [['rita', 'rep', 'north'], ['maria', 'manager', 'north']], password: PASSWORD });
  ctx.url = ctx.desk.url;
  await addAccount('ACME Networks');
  ctx.browser = await launch();
});

// A customer account, added by the manager through the API (a new quote names one).
async function addAccount(name) {
  const { cookie, csrf } = await apiSession(ctx.url, 'maria', PASSWORD);
  const made = await fetch(`${ctx.url}api/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
    body: JSON.stringify({
      name, bill_to: '1 Harbour Road\nSpringfield', language: 'en', price_book: 'list',
      contacts: [{ name: 'Alice Buyer', email: 'alice@acme.example', language: 'en' }],
    }),
  });
  assert.equal(made.status, 201, await made.text());
}

after(async () => {
  await ctx.browser?.close();
  await ctx.desk?.stop();
});

async function signIn(page, name) {
  await page.getByRole('heading', { name: 'Sign in to the quote desk' }).waitFor();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.desk-user').getByText(name).waitFor();
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to the quote desk' }).waitFor();
}

test('a rep saves, discounts and submits; a manager approves; the customer accepts', async () => {
  const rep = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(rep);

  // The app served by the desk offers "Save to quote desk" and says where quotes go.
  await rep.goto(`${ctx.url}?product=nx-3400`);
  await rep.getByRole('button', { name: 'Complete with defaults' }).click();
  await rep.getByText('Complete: ready to quote.').waitFor();
  await rep.getByRole('button', { name: 'Review quote' }).click();
  await rep.fill('#quote-customer', 'ACME <b>Networks</b>');
  await rep.fill('#quote-valid-until', '2099-12-31');
  await rep.getByText('This site has a quote desk').waitFor();
  await rep.getByRole('button', { name: 'Save to quote desk' }).click();

  // Not signed in yet: the saved quote waits in the browser, uploaded once signed in and its
  // customer account picked.
  // (Once the address is the desk's: the desk's page then loads, and signing in waits for it.)
  await rep.waitForURL(/\/desk\/#upload=/, { waitUntil: 'commit' });
  await signIn(rep, 'rita');
  await rep.selectOption('#draft-account', { label: 'ACME Networks' });
  await rep.getByRole('button', { name: 'Upload to the desk' }).click();
  await rep.waitForURL(/#\/quote\/Q-\d{4}-000001$/);
  const title = rep.locator('#quote-title');
  await title.waitFor();
  // HTML in a customer's name is text.
  assert.match(await title.textContent(), /^Q-\d{4}-000001 · ACME <b>Networks<\/b>$/);
  assert.equal(await rep.locator('#quote-title b').count(), 0);
  assert.match(await rep.locator('#quote-status').textContent(), /^Draft · revision 1 · owner rita$/);
  const number = (await title.textContent()).split(' · ')[0];

  // A 15% deal discount: above the rep's 10%, so the quote waits for a manager.
  await rep.fill('#deal-all', '15');
  await rep.getByRole('button', { name: 'Save as new revision' }).click();
  await rep.locator('#quote-status', { hasText: 'revision 2' }).waitFor();
  assert.equal(await rep.locator('#approval-reason').textContent(), '15% below the entitled price; needs approval by a manager (above the rep limit of 10%)');
  assert.match(await rep.locator('#history').textContent(), /deal discount: – → 15%/);

  // Change the configuration in the configurator: it comes back as revision 3, the deal kept.
  await rep.getByRole('button', { name: 'Change the configuration' }).click();
  await rep.waitForURL(/\?product=nx-3400&.*c=/);
  await rep.getByRole('button', { name: 'Back to configuration' }).click();
  await rep.getByRole('button', { name: /^Accessories/ }).first().click();
  await rep.locator('#item-accessories-stack-kit').click();
  await rep.getByRole('button', { name: 'Review quote' }).click();
  await rep.getByRole('button', { name: 'Save to quote desk' }).click();
  await rep.waitForURL(/#\/quote\/Q-\d{4}-000001$/);
  await rep.locator('#quote-status', { hasText: 'revision 3' }).waitFor();
  assert.match(await rep.locator('#history').textContent(), /added 1 × Stacking kit/);
  assert.equal(await rep.locator('#approval-reason').textContent(), '15% below the entitled price; needs approval by a manager (above the rep limit of 10%)');
  assert.match(await title.textContent(), /ACME <b>Networks<\/b>$/);
  await rep.getByRole('button', { name: 'Submit' }).click();
  await rep.locator('#quote-status', { hasText: 'Waiting for approval' }).waitFor();
  // In German too.
  await rep.getByRole('button', { name: 'Deutsch' }).click();
  await rep.locator('#quote-status', { hasText: 'Wartet auf Freigabe · Revision 3' }).waitFor();
  assert.equal(await rep.locator('#approval-reason').textContent(), '15 % unter dem vertraglichen Preis; Freigabe durch Manager nötig (über dem Limit für Vertrieb von 10 %)');
  await screenshot(rep, 'desk-1-rep-submitted-de');
  await rep.getByRole('button', { name: 'English' }).click();
  await rep.locator('#quote-status', { hasText: 'Waiting for approval' }).waitFor();
  await screenshot(rep, 'desk-1-rep-submitted');
  assert.deepEqual(await auditAccessibility(rep), []);
  await signOut(rep);

  // The manager sees it waiting, and approves with a comment.
  await signIn(rep, 'maria');
  await rep.getByRole('link', { name: '← All quotes' }).click();
  await rep.selectOption('#f-status', 'submitted');
  await rep.getByRole('button', { name: 'Search' }).click();
  await rep.locator('#quote-list').getByRole('link', { name: number }).waitFor();
  assert.deepEqual(await auditAccessibility(rep), []);
  await screenshot(rep, 'desk-2a-manager-list');
  await rep.locator('#quote-list').getByRole('link', { name: number }).click();
  await rep.fill('#action-comment', 'Strategic account: approved once.');
  await rep.getByRole('button', { name: 'Approve' }).click();
  await rep.locator('#quote-status', { hasText: 'Approved' }).waitFor();
  assert.match(await rep.locator('#audit').textContent(), /maria \(manager\), 15% below the entitled price, above the rep limit of 10%: Strategic account: approved once\./);
  assert.equal(await rep.locator('#approval-reason').textContent(),
    'Approved by maria (manager), 15% below the entitled price, above the rep limit of 10%: Strategic account: approved once.');
  await screenshot(rep, 'desk-2-manager-approved');
  await signOut(rep);

  // The rep sends it and makes a customer link.
  await signIn(rep, 'rita');
  await rep.getByRole('link', { name: '← All quotes' }).click();
  await rep.locator('#quote-list').getByRole('link', { name: number }).click();
  await rep.getByRole('button', { name: 'Mark as sent' }).click();
  await rep.locator('#quote-status', { hasText: 'Sent' }).waitFor();
  await rep.getByRole('button', { name: 'Make a customer link' }).click();
  const link = await rep.locator('#customer-link').inputValue();
  assert.match(link, /\/desk\/#customer=[0-9a-f]{64}$/);
  await screenshot(rep, 'desk-3-rep-sent');

  // The customer: no session, one quote, read-only; accepts with their name.
  const visitor = await ctx.browser.newContext();
  const customer = await visitor.newPage({ viewport: { width: 1100, height: 900 } });
  const customerErrors = watchErrors(customer);
  await customer.goto(link);
  await customer.locator('#customer-title').waitFor();
  assert.match(await customer.locator('#customer-title').textContent(), new RegExp(`^${number} · ACME <b>Networks</b>$`));
  assert.match(await customer.locator('#customer-status').textContent(), /^Sent/);
  assert.equal(await customer.getByRole('button', { name: 'Sign out' }).count(), 0);
  assert.deepEqual(await auditAccessibility(customer), []);
  await customer.getByLabel('Your name (to sign your decision)').fill('Alice Buyer');
  await customer.getByRole('button', { name: 'Accept the quote' }).click();
  await customer.locator('#customer-status', { hasText: 'Accepted · signed by Alice Buyer on ' }).waitFor();
  assert.doesNotMatch(await customer.locator('#customer-status').textContent(), /\d{4}-\d{2}-\d{2}T/);
  assert.equal(await customer.getByRole('button', { name: 'Accept the quote' }).count(), 0);
  await screenshot(customer, 'desk-4-customer-accepted');

  // The rep's view shows who accepted.
  await rep.reload();
  await rep.locator('#quote-status', { hasText: 'Accepted' }).waitFor();
  assert.match(await rep.locator('#audit').textContent(), /customer Alice Buyer accepted the quote/);
  assert.deepEqual(errors, []);
  assert.deepEqual(customerErrors, []);
  await visitor.close();
});

test('the desk unreachable: the saved quote stays in the browser and the page says so', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1100, height: 800 } });
  await page.goto(`${ctx.url}?product=nx-3400`);
  await page.getByRole('button', { name: 'Complete with defaults' }).click();
  await page.getByRole('button', { name: 'Review quote' }).click();
  await page.fill('#quote-customer', 'Offline Co');
  await page.getByText('This site has a quote desk').waitFor();
  // The desk goes away between the click and the upload.
  await page.route('**/api/**', (route) => route.abort('connectionrefused'));
  await page.getByRole('button', { name: 'Save to quote desk' }).click();
  await page.waitForURL(/\/desk\/#upload=/);
  await page.getByRole('heading', { name: 'The quote desk cannot be reached' }).waitFor();
  await page.locator('.desk-drafts', { hasText: 'Offline Co' }).waitFor();
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('configurator.quote.')).length);
  assert.equal(kept, 1);
  await screenshot(page, 'desk-5-offline');
  // Back online: sign in and upload it from the list of quotes saved in this browser.
  await page.unroute('**/api/**');
  await page.goto(`${ctx.url}desk/`);
  await signIn(page, 'rita');
  await page.selectOption('#draft-account', { label: 'ACME Networks' });
  await page.getByRole('button', { name: 'Upload to the desk' }).click();
  await page.getByText(/Uploaded “Offline Co” as Q-\d{4}-\d{6}\./).waitFor();
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('configurator.quote.')).length);
  assert.equal(left, 0);
});
