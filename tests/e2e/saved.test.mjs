// Saved quotes in the browser's storage: save, list, search, open, duplicate, rename, delete,
// import a quote JSON; corrupt and foreign entries are reported, skipped and kept; a full
// storage gets a clear message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { setUpSuite, screenshot, watchErrors, demoUrl, auditAccessibility } from './harness.mjs';

const ctx = setUpSuite();

test('saved quotes: save, search, open, duplicate, rename, delete, import, corrupt entries, full storage', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(demoUrl(ctx.server));
  await page.locator('#item-chassis-48p').click();
  await page.getByRole('button', { name: 'Review quote' }).click();
  await page.fill('#quote-number', 'Q-1');
  await page.fill('#quote-customer', 'ACME Networks');
  // Served as static files: no quote desk, and the page says where quotes are kept.
  await page.getByText('Quotes are saved in this browser (no quote desk serves this site).').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Save to quote desk' }).count(), 0);
  await page.getByRole('button', { name: 'Save quote' }).click();
  await page.getByText('Saved as “Q-1”.').waitFor();

  // A corrupt entry and one made for another catalog sit in the same storage.
  await page.evaluate(() => {
    localStorage.setItem('configurator.quote.broken', '{not json');
    const [key] = Object.keys(localStorage).filter((k) => k.startsWith('configurator.quote.') && k !== 'configurator.quote.broken');
    const foreign = JSON.parse(localStorage.getItem(key));
    foreign.quote.catalog.id = 'other-product';
    localStorage.setItem('configurator.quote.foreign', JSON.stringify(foreign));
  });
  // The saved quotes are a page of their own.
  await page.getByRole('button', { name: 'Saved quotes' }).click();
  await page.getByRole('heading', { name: 'Saved quotes' }).waitFor();
  assert.match(page.url(), /\/saved\/\?id=nx-3400&from=product%3Dnx-3400/);
  const skipped = page.locator('#saved-skipped');
  assert.match(await skipped.textContent(), /^2 saved entries could not be read and were skipped \(kept in storage\)/);
  assert.match(await skipped.textContent(), /configurator\.quote\.broken: not a saved quote/);
  assert.match(await skipped.textContent(), /configurator\.quote\.foreign: made for another catalog \(`other-product`\)/);
  const items = page.locator('.saved-item');
  assert.equal(await items.count(), 1);
  assert.match(await items.first().textContent(), /Q-1.*ACME Networks/);

  // Duplicate, rename the copy, search, delete.
  await items.first().getByRole('button', { name: 'Duplicate' }).click();
  await page.getByText('Duplicated as “Q-1 (copy)”.').waitFor();
  assert.equal(await items.count(), 2);
  const copy = page.locator('.saved-item', { hasText: 'Q-1 (copy)' });
  await copy.getByRole('button', { name: 'Rename' }).click();
  const renaming = page.getByRole('textbox', { name: 'New name' });
  await renaming.fill('Q-1 revised');
  await renaming.press('Enter');
  await page.getByText('Renamed to “Q-1 revised”.').waitFor();
  await page.fill('#saved-search', 'revised');
  assert.equal(await items.count(), 1);
  await page.fill('#saved-search', 'acme');
  assert.equal(await items.count(), 2);
  await page.fill('#saved-search', '');
  await page.locator('.saved-item', { hasText: 'Q-1 revised' }).getByRole('button', { name: 'Delete' }).click();
  await page.getByText('Deleted.').waitFor();
  assert.equal(await items.count(), 1);
  assert.deepEqual(await auditAccessibility(page), []);
  await screenshot(page, 'saved-quotes');

  // Back to the configuration, as it was; and to the saved quotes again.
  await page.getByRole('link', { name: 'Back to configuration' }).click();
  await page.getByRole('heading', { name: 'Quote' }).waitFor();
  assert.equal(await page.locator('#quote-one-time').textContent(), '$8,495.00');
  await page.getByRole('button', { name: 'Saved quotes' }).click();
  await page.getByRole('heading', { name: 'Saved quotes' }).waitFor();

  // Import a quote file (here: the saved one, renumbered).
  const quote = await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('configurator.quote.') && !k.endsWith('broken') && !k.endsWith('foreign'));
    return JSON.parse(localStorage.getItem(key)).quote;
  });
  quote.meta.quote_number = 'Q-IMPORTED';
  const file = join(tmpdir(), `quote-${process.pid}.json`);
  await writeFile(file, JSON.stringify(quote, null, 2));
  await page.setInputFiles('#saved-import', file);
  await page.getByText('Imported “Q-IMPORTED”.').waitFor();
  assert.equal(await items.count(), 2);
  await writeFile(file, '{"format": "something else"}');
  await page.setInputFiles('#saved-import', file);
  await page.getByText(/is not a quote/).waitFor();
  assert.equal(await items.count(), 2);

  // Open one: the configuration, pricing context and metadata come back.
  await page.locator('.saved-item', { hasText: 'Q-IMPORTED' }).getByRole('button', { name: 'Open' }).click();
  await page.getByRole('heading', { name: 'Quote' }).waitFor();
  assert.match(page.url(), /view=quote/);
  assert.doesNotMatch(page.url(), /open=/);
  assert.equal(await page.locator('#quote-number').inputValue(), 'Q-IMPORTED');
  assert.equal(await page.locator('#quote-customer').inputValue(), 'ACME Networks');
  assert.equal(await page.locator('#quote-one-time').textContent(), '$8,495.00');

  // ?open= with a key that is not a usable saved quote: said, and nothing else changes.
  for (const [key, why] of [
    ['configurator.quote.broken', /The link could not be opened: not a saved quote/],
    ['configurator.quote.foreign', /The link could not be opened: made for another catalog \(`other-product`\)/],
    ['no-such-key"<b>', /The link could not be opened: no saved quote `no-such-key"<b>` in this browser/],
  ]) {
    await page.goto(demoUrl(ctx.server, `open=${encodeURIComponent(key)}`));
    await page.getByText(why).waitFor();
    assert.equal(await page.locator('#total').textContent(), '$0.00');
  }
  const good = await page.evaluate(() => Object.keys(localStorage).find((k) => k.startsWith('configurator.quote.') && localStorage.getItem(k).includes('Q-IMPORTED')));
  await page.goto(demoUrl(ctx.server, `open=${encodeURIComponent(good)}`));
  await page.getByRole('heading', { name: 'Quote' }).waitFor();

  // A full storage: a clear message, and nothing lost.
  await page.evaluate(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
  });
  await page.getByRole('button', { name: 'Save quote' }).click();
  await page.getByText(/storage is full: delete or download saved quotes to make room\. Nothing was lost\./).waitFor();
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('configurator.quote.')).length);
  assert.equal(kept, 4, 'two quotes and the two skipped entries are all still there');
  assert.deepEqual(errors, []);
  await page.close();
});
