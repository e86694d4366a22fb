// Search across product lines from the start page, and a distributor's bill of materials
// imported: the product line found, the configuration rebuilt, every problem explained, and
// the result opened in the configurator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setUpSuite, screenshot, watchErrors, auditAccessibility } from './harness.mjs';

const ctx = setUpSuite();

const DISTRIBUTOR = `Part Number,Description,Qty,Unit Price
NR220-24SFF,NR220 2U chassis,1,3650.00
CPU-NX-G6430,Gold 6430,2,4195.00
MEM-D5-64G,64GB RDIMM,10,649.00
SSD-S-960G,960GB SSD,20,399.00
XYZ-123,Some cable,3,5.00
NR110-8SFF,1U chassis,1,2450.00
`;

test('search from the start page finds items in every product line and opens one chosen', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(ctx.server.url);
  await page.getByRole('searchbox', { name: 'Search all product lines' }).fill('nr220');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('heading', { name: 'Search all product lines' }).waitFor();
  assert.match(page.url(), /\/tools\/\?view=search&q=nr220$/);
  // The two 2U chassis, by SKU.
  await page.locator('#search-count', { hasText: '2 results' }).waitFor();
  assert.deepEqual(await page.locator('.hit-sku').allTextContents(), ['NR220-24SFF', 'NR220-12LFF']);
  // Words anywhere, across product lines; then an attribute comparison.
  const box = page.getByRole('searchbox', { name: 'Search all product lines' });
  await box.fill('induction');
  await page.locator('#search-count', { hasText: '2 results' }).waitFor();
  assert.match(await page.locator('.search-hit').first().textContent(), /Calder Pro Cooking Lines · Range/);
  await box.fill('supply_kw>=43');
  await page.locator('#search-count', { hasText: '2 results' }).waitFor();
  assert.deepEqual(await page.locator('.hit-sku').allTextContents(), ['CK-EL-63A', 'CK-EL-125A']);
  await box.fill('no such thing');
  await page.locator('#search-count', { hasText: '0 results' }).waitFor();
  await box.fill('induction 1200');
  await page.locator('#search-count', { hasText: '1 result' }).waitFor();
  assert.deepEqual(await auditAccessibility(page), []);
  await screenshot(page, 'tools-search');
  // Configure with it: the product line opens on its step with the item chosen.
  await page.getByRole('link', { name: 'Configure with Calder R6i induction range, 6 zones, 1200 mm (CK-R6I-1200)' }).click();
  await page.getByRole('heading', { name: 'Calder Pro Cooking Lines' }).waitFor();
  await page.locator('#item-range-r6i[aria-pressed="true"]').waitFor();
  assert.match(page.url(), /product=ck-kitchen&step=range/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a distributor bill of materials is rebuilt, every problem explained, and opened to finish', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(ctx.server.url);
  await page.getByRole('link', { name: 'Import a bill of materials' }).click();
  await page.getByRole('heading', { name: 'Import a bill of materials' }).waitFor();
  await page.getByRole('textbox', { name: 'Bill of materials' }).fill(DISTRIBUTOR);
  await page.getByRole('button', { name: 'Rebuild the configuration' }).click();
  await page.getByRole('heading', { name: 'Nexora NR Rack Servers' }).waitFor();
  const findings = await page.locator('.finding').allTextContents();
  assert.equal(findings[0], 'Line 4: 10 × 64 GB DDR5-4800 RDIMM (MEM-D5-64G) are not sold (it comes in 1, 2, 4, 8, 12, 16, 24 or 32); the configuration has 8.');
  assert.equal(findings[1], 'Line 6: XYZ-123 is not in this product line; left out.');
  assert.match(findings[2], /^Line 7: NR110 1U, 8 x 2\.5-inch bays \(NR110-8SFF\) does not go with the lines before; left out\. Because: .*Each 2\.5-inch drive needs a 2\.5-inch bay\..* To keep it, remove .*\(SSD-S-960G\)\.$/);
  assert.ok(findings.some((f) => /^Added: 1 × .*\(RAID-P755-8G\), which the lines require\./.test(f)), findings.join('\n'));
  assert.ok(findings.some((f) => /^Missing: Warranty still needs a choice\. The cheapest completion takes .*\(WTY-3Y-NBD\)\.$/.test(f)), findings.join('\n'));
  assert.equal(await page.locator('.import-result .status').textContent(), 'The configuration is valid but not complete yet: see below.');
  assert.deepEqual(await auditAccessibility(page), []);
  await screenshot(page, 'tools-import');
  // Open it: the configurator has the rebuilt choices (eight DIMMs, twenty drives).
  await page.getByRole('link', { name: 'Open in the configurator' }).click();
  await page.getByRole('heading', { name: 'Nexora NR Rack Servers' }).waitFor();
  await page.locator('#item-chassis-nr220-24s[aria-pressed="true"]').waitFor();
  assert.match(await page.locator('.summary').textContent(), /8 × 64 GB DDR5-4800 RDIMM/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a bill of materials uploaded as a file; a foreign or unreadable one says so (in German too)', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(`${ctx.server.url}tools/?view=import`);
  await page.locator('#bom-file').setInputFiles({
    name: 'order.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('NX3400-48P\n2 x PWR-NX-1100AC\nLIC-NX-ADV\n'),
  });
  await page.getByRole('heading', { name: 'Nexora NX-3400 Campus Switch' }).waitFor();
  assert.equal(await page.locator('.import-result .status').textContent(), 'Everything went in: the configuration is complete.');
  assert.equal(await page.locator('.finding').count(), 0);
  await page.getByRole('textbox', { name: 'Bill of materials' }).fill('NOT-OURS 2\n');
  await page.getByRole('button', { name: 'Rebuild the configuration' }).click();
  await page.getByText('None of these SKUs is in a product line here.').waitFor();
  await page.locator('#lang-de').click();
  await page.getByRole('textbox', { name: 'Stückliste', exact: true }).fill('sku,qty\nNX3400-48P,viele\n');
  await page.getByRole('button', { name: 'Konfiguration aufbauen' }).click();
  await page.getByText('Nicht lesbar: Zeile 2 bestellt `viele` von NX3400-48P; eine Menge ist eine ganze Zahl von 1 bis 100000.').waitFor();
  await page.getByRole('textbox', { name: 'Stückliste', exact: true }).fill('NX3400-48P\n12 3\n');
  await page.getByRole('button', { name: 'Konfiguration aufbauen' }).click();
  await page.getByText('Nicht lesbar: Zeile 2 enthält keine Artikelnummer (`12 3`).').waitFor();
  await page.locator('#lang-en').click();
  await page.getByRole('button', { name: 'Rebuild the configuration' }).click();
  await page.getByText('Cannot read it: line 2 has no SKU (`12 3`).').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});
