// The start page with the built-in product lines, catalogs loaded from an address, the error
// pages when that fails, and the filter box of a group with many options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setUpSuite, screenshot, watchErrors, auditAccessibility, ROOT } from './harness.mjs';

const ctx = setUpSuite();

test('the start page lists the product lines with a starting price and opens one', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(ctx.server.url);
  // Every product line of the manifest (catalogs/product-lines.json, fetched by the page with
  // the catalogs, not compiled into it), by name, in the manifest's order.
  await page.locator('ul.products').waitFor();
  const manifest = JSON.parse(readFileSync(join(ROOT, 'catalogs', 'product-lines.json'), 'utf8'));
  const names = manifest.product_lines.map(
    (line) => JSON.parse(readFileSync(join(ROOT, 'catalogs', line.catalog), 'utf8')).name,
  );
  const shown = await page.locator('.product h2').allTextContents();
  assert.deepEqual(shown, names);
  const switches = page.locator('.product', { hasText: 'Nexora NX-3400 Campus Switch' });
  // The cheapest complete configuration: 24T, 350 W, Essentials; no optional support (it is
  // priced as a share of the hardware, not free).
  assert.equal(await switches.locator('.product-price').textContent(), 'From $4,585.00');
  assert.match(await page.locator('.product', { hasText: 'Wireless' }).textContent(), /Wi-Fi 6E and Wi-Fi 7/);
  assert.deepEqual(await auditAccessibility(page), []);
  await screenshot(page, 'start');
  await page.getByRole('link', { name: 'Configure Nexora NX-AP Wireless Access Points' }).click();
  await page.getByRole('heading', { name: 'Nexora NX-AP Wireless Access Points' }).waitFor();
  assert.match(page.url(), /\?product=nx-ap&step=model$/);
  // Twelve Wi-Fi 7 access points: the meters follow the quantity.
  await page.locator('#item-model-ap7-in').click();
  await page.fill('#qty-model-ap7-in', '12');
  await page.press('#qty-model-ap7-in', 'Enter');
  await page.locator('#qty-model-ap7-in').blur();
  // Nothing powers them yet: a step to take (amber), not an error (red) while the choices agree.
  assert.equal(await page.locator('#meter-power-budget .meter-text').textContent(), 'PoE power (W): 384 needed, 0 so far');
  assert.equal(await page.locator('#meter-power-budget').getAttribute('data-level'), 'short');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a catalog from an address: loaded, filtered, and clear errors when it fails', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(`${ctx.server.url}?catalog=${encodeURIComponent('/fixtures/cables.json')}`);
  await page.getByRole('heading', { name: 'Cable kit' }).waitFor();
  // Forty options: a filter box that searches names, SKUs and descriptions.
  const filter = page.getByRole('searchbox', { name: 'Filter options' });
  assert.equal(await page.locator('.option-card').count(), 40);
  assert.equal(await page.locator('.filter-count').textContent(), '40 of 40 options');
  await filter.fill('console');
  assert.equal(await page.locator('.option-card').count(), 10);
  await filter.fill('CBL-07');
  assert.equal(await page.locator('.option-card').count(), 1);
  await page.locator('#item-cables-opt07').click();
  assert.equal(await page.locator('#total').textContent(), '€17.00');
  await filter.fill('');
  assert.equal(await page.locator('.filter-count').textContent(), '40 of 40 options');
  // The address keeps the catalog source, so a reload comes back to it.
  assert.match(page.url(), /\?catalog=%2Ffixtures%2Fcables\.json&step=cables&c=/);
  await page.reload();
  await page.locator('#item-cables-opt07[aria-pressed="true"]').waitFor();
  await screenshot(page, 'remote-catalog');
  assert.deepEqual(errors, []);

  // A broken file: every problem with its place.
  await page.goto(`${ctx.server.url}?catalog=/fixtures/broken.json`);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /This catalog could not be loaded/);
  assert.match(await alert.textContent(), /\/fixtures\/broken\.json:3:\d+: price of item `a`/);
  assert.deepEqual(await auditAccessibility(page), []);
  // A missing file and an unknown product line: clear pages, never a blank screen.
  await page.goto(`${ctx.server.url}?catalog=/fixtures/missing.json`);
  await page.getByRole('heading', { name: 'The catalog could not be fetched' }).waitFor();
  assert.match(await page.getByRole('alert').textContent(), /HTTP 404/);
  await page.goto(`${ctx.server.url}?product=nx-9999`);
  await page.getByRole('heading', { name: 'No such product line' }).waitFor();
  await page.getByRole('link', { name: 'Back to the product lines' }).click();
  await page.locator('.product').first().waitFor();
  await page.close();
});
