// Configurations compared side by side: the configurator's own with a product line's model,
// quotes saved in this browser (each with its own price book), the differences marked in
// words and colour, only the differences on request, in German too, by keyboard, and any of
// them opened again to keep configuring.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setUpSuite, screenshot, watchErrors, demoUrl, auditAccessibility } from './harness.mjs';

const ctx = setUpSuite();

/** The column titles, in order. */
const titles = (page) => page.locator('.compare-col .col-title').allTextContents();

/** A bill-of-materials row by SKU: its header text and its cells' shown text. */
async function lineRow(page, sku) {
  const row = page.locator('tr[data-row="line"]', { has: page.locator('.row-sku', { hasText: sku }) });
  const cells = await row.locator('td > span:first-child').allTextContents();
  return { row, header: await row.locator('th').textContent(), cells };
}

/** The numbers in the summary: rows that differ, and all rows. */
async function differCount(page) {
  const text = await page.locator('#compare-summary').textContent();
  const m = text.match(/(\d+) (?:of|von) (\d+)/);
  assert.ok(m, text);
  return [Number(m[1]), Number(m[2])];
}

test('the configuration compared with a model: differences marked, only differences, German, keyboard, open again', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(demoUrl(ctx.server));
  await page.locator('#item-chassis-48p').click();
  await page.getByRole('button', { name: 'Next step' }).click();
  await page.getByRole('heading', { name: 'Power supply' }).waitFor();
  await page.locator('#item-power-1100ac').click();
  await page.getByRole('button', { name: 'Complete with defaults' }).click();
  await page.locator('#item-power-1100ac[aria-pressed="true"]').waitFor();
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await page.getByRole('heading', { name: 'Compare configurations' }).waitFor();
  // The configurator's configuration is the first column, and the address keeps it.
  await page.locator('.compare-col').first().waitFor();
  assert.match(page.url(), /\/tools\/\?view=compare&x=line%3Anx-3400%3A[A-Za-z0-9_-]+$/);
  assert.deepEqual(await titles(page), ['NX-3400 48P']);
  assert.equal(await page.locator('#compare-summary').textContent(), '1 configuration: add another to compare.');

  // A model of the product line, as it comes with its defaults.
  await page.selectOption('#compare-model', { label: 'NX-3400 48U (NX3400-48U)' });
  await page.getByRole('button', { name: 'Add the model' }).click();
  await page.locator('.compare-col').nth(1).waitFor();
  assert.deepEqual(await titles(page), ['NX-3400 48P', 'NX-3400 48U']);
  assert.match(page.url(), /x=line%3Anx-3400%3A[A-Za-z0-9_-]+&x=line%3Anx-3400%3A[A-Za-z0-9_-]+$/);
  const [differ, all] = await differCount(page);
  assert.ok(differ > 0 && differ < all, `${differ} of ${all}`);

  // The chassis differ: each is in one column only, said in words and not only in colour.
  const p = await lineRow(page, 'NX3400-48P');
  assert.match(p.header, /NX-3400 48P.*NX3400-48P.*differs/);
  assert.deepEqual(p.cells, ['1', '—']);
  assert.equal(await p.row.locator('td').nth(1).locator('.visually-hidden').textContent(), 'not included');
  assert.equal(await p.row.getAttribute('class'), 'differs');
  // The chosen supply differs too (the model comes with the default one); totals in dollars.
  const supply = await lineRow(page, 'PWR-NX-1100AC');
  assert.match(supply.header, /differs/);
  const total = page.locator('tr[data-row="one-time"] td');
  assert.match(await total.nth(0).textContent(), /^\$\d{1,3}(,\d{3})*\.\d{2}$/);
  assert.notEqual(await total.nth(0).textContent(), await total.nth(1).textContent());
  // Whatever both have the same is not marked.
  const same = page.locator('tbody tr:not(.compare-section):not(.differs)');
  assert.ok((await same.count()) > 0);
  assert.equal(await page.locator('tbody tr:not(.compare-section) .differs-badge').count(), differ);
  assert.deepEqual(await auditAccessibility(page), []);
  await screenshot(page, 'compare-models');

  // Only the rows that differ.
  await page.getByRole('checkbox', { name: 'Only the rows that differ' }).check();
  const shown = page.locator('tbody tr:not(.compare-section)');
  assert.equal(await shown.count(), differ);
  assert.equal(await page.locator('tbody tr.differs').count(), differ);
  await page.getByRole('checkbox', { name: 'Only the rows that differ' }).uncheck();
  assert.equal(await shown.count(), all);

  // In German, from the address (which keeps the columns).
  await page.goto(`${page.url()}&lang=de`);
  await page.getByRole('heading', { name: 'Konfigurationen vergleichen' }).waitFor();
  await page.locator('.compare-col').nth(1).waitFor();
  assert.match(await page.locator('#compare-summary').textContent(), /^2 Konfigurationen nebeneinander: \d+ von \d+ Zeilen weichen ab\.$/);
  assert.match((await lineRow(page, 'NX3400-48P')).header, /abweichend/);
  assert.match(await page.locator('tr[data-row="one-time"] th').textContent(), /Einmalig \(netto\)/);
  assert.match(await page.locator('tr[data-row="one-time"] td').first().textContent(), /^\d{1,3}(\.\d{3})*,\d{2}\u00a0\$$/);
  assert.deepEqual(await auditAccessibility(page), []);
  await screenshot(page, 'compare-german');
  await page.getByRole('button', { name: 'English' }).click();

  // By keyboard: the table scrolls as a region; Remove takes a column out and focus goes back
  // to the heading.
  const region = page.getByRole('region', { name: 'Configurations side by side' });
  await region.focus();
  assert.equal(await page.evaluate(() => document.activeElement.className), 'compare-scroll');
  const remove = page.getByRole('button', { name: 'Remove NX-3400 48U from the comparison' });
  await remove.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('.compare-col').length === 1);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'compare-title');
  assert.match(page.url(), /x=line%3Anx-3400%3A[A-Za-z0-9_-]+$/);

  // Open it: the configurator has the configuration to keep configuring.
  await page.getByRole('link', { name: 'Open NX-3400 48P in the configurator' }).click();
  await page.locator('#item-chassis-48p[aria-pressed="true"]').waitFor();
  await page.getByRole('button', { name: 'Next step' }).click();
  await page.locator('#item-power-1100ac[aria-pressed="true"]').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('saved quotes picked on the saved page are compared, each priced with its own price book', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(demoUrl(ctx.server));
  // Two quotes: a 48P in dollars, a 24P in the euro price book.
  await page.locator('#item-chassis-48p').click();
  await page.getByRole('button', { name: 'Review quote' }).click();
  await page.fill('#quote-number', 'Q-48');
  await page.getByRole('button', { name: 'Save quote' }).click();
  await page.getByText('Saved as “Q-48”.').waitFor();
  await page.getByRole('button', { name: 'Back to configuration' }).click();
  await page.locator('#item-chassis-24p').click();
  await page.getByRole('button', { name: 'Review quote' }).click();
  await page.selectOption('#quote-book', 'eur');
  await page.selectOption('#quote-tier', 'gold');
  await page.fill('#quote-number', 'Q-24-EUR');
  await page.getByRole('button', { name: 'Save quote' }).click();
  await page.getByText('Saved as “Q-24-EUR”.').waitFor();

  // Pick both on the saved page.
  await page.getByRole('button', { name: 'Saved quotes' }).click();
  await page.getByRole('heading', { name: 'Saved quotes' }).waitFor();
  assert.equal(await page.locator('#saved-compare').isVisible(), false);
  await page.getByRole('checkbox', { name: 'Compare “Q-48”' }).check();
  await page.getByRole('checkbox', { name: 'Compare “Q-24-EUR”' }).check();
  assert.equal(await page.locator('#saved-compare').textContent(), 'Compare the 2 picked');
  assert.deepEqual(await auditAccessibility(page), []);
  await page.locator('#saved-compare').click();
  await page.getByRole('heading', { name: 'Compare configurations' }).waitFor();
  await page.locator('.compare-col').nth(1).waitFor();
  assert.deepEqual(await titles(page), ['Q-48', 'Q-24-EUR']);
  const metas = await page.locator('.compare-col .col-meta').allTextContents();
  assert.equal(metas[0], 'Nexora NX-3400 Campus Switch · Saved quote');
  assert.equal(metas[1], 'Nexora NX-3400 Campus Switch · Saved quote · Euro list price · Gold partner');
  // Each priced again now, in its own currency.
  const total = page.locator('tr[data-row="one-time"] td');
  assert.match(await total.nth(0).textContent(), /^\$/);
  assert.match(await total.nth(1).textContent(), /^€/);
  assert.deepEqual((await lineRow(page, 'NX3400-24P')).cells, ['—', '1']);

  // The saved quotes are offered on the compare page too; a model of another line joins them.
  assert.equal(await page.locator('#compare-saved option').count(), 3);
  await page.selectOption('#compare-model', { label: 'NR220 2U, 24 x 2.5-inch bays (NR220-24SFF)' });
  await page.getByRole('button', { name: 'Add the model' }).click();
  await page.locator('.compare-col').nth(2).waitFor();
  assert.match((await page.locator('.compare-col .col-meta').allTextContents())[2], /^Nexora NR Rack Servers · Configuration$/);
  assert.deepEqual(await auditAccessibility(page), []);
  await screenshot(page, 'compare-saved');
  // A fourth fills the table: no more can be added.
  await page.selectOption('#compare-model', { label: 'Calder R4 gas range, 4 burners, 600 mm (CK-R4G-600)' });
  await page.getByRole('button', { name: 'Add the model' }).click();
  await page.locator('#compare-full').waitFor();
  assert.equal(await page.locator('.compare-col').count(), 4);
  assert.equal(await page.locator('#compare-model').count(), 0);

  // Open a saved quote: the configurator reopens it on its quote page.
  await page.getByRole('link', { name: 'Open Q-24-EUR in the configurator' }).click();
  await page.getByRole('heading', { name: 'Quote' }).first().waitFor();
  assert.equal(await page.inputValue('#quote-book'), 'eur');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a column that cannot be shown says why and can be removed; an empty comparison says what to do', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1100, height: 800 } });
  const errors = watchErrors(page);
  await page.goto(`${ctx.server.url}tools/?view=compare&x=saved%3Anone&x=line%3Anx-3400%3A%25%25bad&x=line%3Ano-such%3A`);
  await page.getByRole('heading', { name: 'Compare configurations' }).waitFor();
  const broken = page.locator('.findings .finding');
  await broken.nth(2).waitFor();
  const texts = await broken.allTextContents();
  assert.match(texts[0], /^saved:none: no saved quote `none` in this browser/);
  assert.match(texts[1], /^line:nx-3400:%%bad: the link's configuration cannot be read/);
  assert.match(texts[2], /^line:no-such:: no product line `no-such` here/);
  assert.equal(await page.locator('#compare-empty').textContent(), 'Nothing to compare yet: add a model or a saved quote below, or use Compare in the configurator.');
  for (let k = 0; k < 3; k += 1) {
    await broken.first().getByRole('button', { name: 'Remove' }).click();
  }
  await page.waitForFunction(() => document.querySelectorAll('.findings .finding').length === 0);
  assert.match(page.url(), /\?view=compare$/);
  assert.equal(await page.locator('#compare-saved').isDisabled(), true);
  assert.deepEqual(await auditAccessibility(page), []);
  // From a catalog opened at an address: said, rather than an empty table without a reason.
  await page.goto(`${ctx.server.url}tools/?view=compare&id=cables&from=${encodeURIComponent('catalog=/fixtures/cables.json&c=AQ')}`);
  await page.locator('#compare-remote').waitFor();
  assert.match(await page.locator('#compare-remote').textContent(), /only the built-in product lines can be compared/);
  assert.equal(await page.locator('.compare-col').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('on a phone the comparison scrolls inside its table, never the page', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const errors = watchErrors(page);
  await page.goto(`${ctx.server.url}tools/?view=compare`);
  await page.getByRole('heading', { name: 'Compare configurations' }).waitFor();
  for (const label of ['NX-3400 24P (NX3400-24P)', 'NX-3400 48U (NX3400-48U)', 'NX-3400 48P (NX3400-48P)']) {
    await page.selectOption('#compare-model', { label });
    await page.getByRole('button', { name: 'Add the model' }).click();
  }
  await page.waitForFunction(() => document.querySelectorAll('.compare-col').length === 3);
  // The page itself is as wide as the screen; the table scrolls within its region.
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    screen: window.innerWidth,
    region: document.querySelector('.compare-scroll').clientWidth,
    table: document.querySelector('.compare-table').scrollWidth,
  }));
  assert.ok(widths.page <= widths.screen, JSON.stringify(widths));
  assert.ok(widths.table > widths.region, JSON.stringify(widths));
  // Scrolled sideways, the row headers stay where they are.
  const header = page.locator('tr[data-row="one-time"] th');
  const before = await header.evaluate((e) => e.getBoundingClientRect().left);
  await page.locator('.compare-scroll').evaluate((e) => { e.scrollLeft = 250; });
  assert.ok((await page.locator('.compare-scroll').evaluate((e) => e.scrollLeft)) > 0);
  assert.equal(await header.evaluate((e) => e.getBoundingClientRect().left), before);
  assert.deepEqual(await auditAccessibility(page), []);
  await screenshot(page, 'compare-phone');
  assert.deepEqual(errors, []);
  await page.close();
});
