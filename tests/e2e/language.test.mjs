// The language switch: English and German texts, numbers and money in the locale's format,
// kept in the address bar across reloads and on <html lang>.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setUpSuite, screenshot, watchErrors, demoUrl, auditAccessibility } from './harness.mjs';

const ctx = setUpSuite();

test('switching to German translates the page and formats money the German way', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(demoUrl(ctx.server));
  await page.getByRole('heading', { name: 'Nexora NX-3400 Campus Switch' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.locator('#item-chassis-48p').click();
  assert.equal(await page.locator('#total').textContent(), '$8,495.00');

  await page.getByRole('button', { name: 'Deutsch' }).click();
  assert.equal(await page.getByRole('button', { name: 'Deutsch' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
  assert.equal(await page.locator('#total').textContent(), '8.495,00\u00a0$');
  await page.getByRole('button', { name: 'Nächster Schritt' }).click();
  await page.getByRole('heading', { name: 'Power supply' }).waitFor();
  // Catalog texts stay as written; the app's words and the explanation's frame are German.
  assert.match(await page.locator('#item-power-715ac-reason').textContent(), /Nicht verfügbar mit NX-3400 48P/);
  assert.match(await page.locator('#item-power-715ac-reason').textContent(), /Trotzdem wählen/);
  assert.match(await page.locator('#count').textContent(), /^[\d.]+ Konfigurationen möglich$/);
  assert.match(page.url(), /[?&]lang=de(&|$)/);
  assert.deepEqual(await auditAccessibility(page), []);
  await screenshot(page, 'language-german');

  // A reload keeps the language and the configuration; the quote page follows it too.
  await page.reload();
  await page.getByRole('heading', { name: 'Power supply' }).waitFor();
  assert.equal(await page.locator('#total').textContent(), '8.495,00\u00a0$');
  await page.getByRole('button', { name: 'Angebot prüfen' }).click();
  await page.getByRole('heading', { name: 'Angebot' }).waitFor();
  assert.equal(await page.locator('#quote-one-time').textContent(), '8.495,00\u00a0$');
  assert.match(await page.locator('.quote-totals').textContent(), /Vertragswert \(12 Monate\)/);
  await screenshot(page, 'language-german-quote');

  // Back to English.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Quote' }).waitFor();
  assert.equal(await page.locator('#quote-one-time').textContent(), '$8,495.00');
  assert.doesNotMatch(page.url(), /lang=/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the start page opens in the language of the link', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(`${ctx.server.url}?lang=de`);
  await page.getByRole('heading', { name: 'Nexora Produktkonfigurator' }).waitFor();
  const switches = page.locator('.product', { hasText: 'Nexora NX-3400 Campus Switch' });
  // No optional support in the cheapest configuration: the one-time price alone.
  assert.equal(await switches.locator('.product-price').textContent(), 'Ab 4.585,00\u00a0$');
  // Recurring licences are not part of the one-time starting price.
  assert.match(await page.locator('.product', { hasText: 'Wireless' }).locator('.product-price').textContent(), /^Ab .+ \+ .+ \/ Jahr$/);
  await page.getByRole('link', { name: 'Nexora NX-3400 Campus Switch konfigurieren' }).click();
  await page.getByRole('heading', { name: 'Nexora NX-3400 Campus Switch' }).waitFor();
  assert.match(page.url(), /lang=de/);
  assert.equal(await page.getByRole('button', { name: 'Nächster Schritt' }).count(), 1);
  assert.deepEqual(errors, []);
  await page.close();
});
