// The first slice end to end: open the app, make a choice that disables another option, see the
// reason and the right total.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, screenshot, watchErrors } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('choosing a 48-port PoE chassis disables small power supplies and explains why', async () => {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Nexora NX-3400 Campus Switch' }).waitFor();
  assert.equal(await page.locator('#total').textContent(), '$0.00');

  await page.getByRole('button', { name: /NX-3400 48P/ }).click();
  assert.equal(await page.locator('#item-chassis-48p').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('#total').textContent(), '$8,495.00');

  await page.getByRole('button', { name: 'Next step' }).click();
  await page.getByRole('heading', { name: 'Power supply' }).waitFor();
  const small = page.locator('#item-power-715ac');
  assert.equal(await small.getAttribute('data-state'), 'unavailable');
  assert.equal(await small.getAttribute('aria-disabled'), 'true');
  const reason = page.locator('#item-power-715ac-reason');
  assert.match(await reason.textContent(), /Not available with NX-3400 48P/);
  assert.match(await reason.textContent(), /48-port PoE models need an 1100 W power supply/);
  // The unavailable option stays focusable and its description is the reason.
  await small.focus();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'item-power-715ac');
  assert.equal(await small.getAttribute('aria-describedby'), 'item-power-715ac-reason');
  await screenshot(page, 'configure-reason');

  // Clicking it changes nothing; choosing an allowed supply updates the total.
  await small.click({ force: true });
  assert.equal(await page.locator('#total').textContent(), '$8,495.00');
  await page.locator('#item-power-1100dc').click();
  assert.equal(await page.locator('#total').textContent(), '$10,190.00');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a configuration made of required steps becomes complete, with implied items shown', async () => {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.locator('#item-chassis-24p').click();
  await page.locator('nav.steps').getByRole('button', { name: /Power supply/ }).click();
  await page.locator('#item-power-715ac').click();
  await page.locator('nav.steps').getByRole('button', { name: /Software licence/ }).click();
  await page.locator('#item-licence-advantage').click();
  await page.locator('nav.steps').getByRole('button', { name: /Accessories/ }).click();
  await page.locator('#item-accessories-stack-kit').click();
  const cable = page.locator('#item-accessories-stack-cable');
  assert.equal(await cable.getAttribute('data-state'), 'implied');
  assert.match(await page.locator('#item-accessories-stack-cable-reason').textContent(), /Included because of Stacking kit/);
  // 4995 + 995 + 2995 + 995 + 295 (the implied cable)
  assert.equal(await page.locator('#total').textContent(), '$10,275.00');
  await page.getByText('Complete: ready to quote.').waitFor();
  await screenshot(page, 'configure-complete');

  await page.getByRole('button', { name: 'Start over' }).click();
  assert.equal(await page.locator('#total').textContent(), '$0.00');
  assert.deepEqual(errors, []);
  await page.close();
});

test('an unavailable option can be chosen anyway after a previewed repair', async () => {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.locator('#item-chassis-48p').click();
  await page.locator('nav.steps').getByRole('button', { name: /Power supply/ }).click();
  const reason = page.locator('#item-power-715ac-reason');
  await reason.getByRole('button', { name: 'Choose anyway' }).click();
  const preview = page.getByRole('group', { name: 'Choose anyway' });
  await preview.getByText('To choose 715 W AC, these choices will be removed: NX-3400 48P.').waitFor();
  await screenshot(page, 'choose-anyway-preview');
  await preview.getByRole('button', { name: 'Apply' }).click();
  assert.equal(await page.locator('#item-power-715ac').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('#total').textContent(), '$995.00');
  assert.equal(await page.locator('nav.steps button', { hasText: 'Chassis' }).getAttribute('data-mark'), 'required');
  assert.deepEqual(errors, []);
  await page.close();
});

test('complete with defaults, cheapest completion and the count of configurations', async () => {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(server.url);
  const count = page.locator('#count');
  const before = Number((await count.textContent()).match(/^([\d,]+) configurations possible$/)[1].replaceAll(',', ''));
  await page.getByRole('button', { name: 'Complete with defaults' }).click();
  // 24P + 715 W + Advantage + rack kit, the authored defaults.
  assert.equal(await page.locator('#total').textContent(), '$9,080.00');
  await page.getByText('Complete: ready to quote.').waitFor();
  const after = Number((await count.textContent()).match(/^([\d,]+) configurations? possible$/)[1].replaceAll(',', ''));
  assert.ok(after >= 1 && after < before, `${after} < ${before}`);

  await page.getByRole('button', { name: 'Start over' }).click();
  await page.locator('#item-chassis-48u').click();
  await page.getByRole('button', { name: 'Cheapest completion' }).click();
  // 48U + 1100 W AC + Essentials: nothing optional.
  assert.equal(await page.locator('#total').textContent(), '$15,085.00');
  await page.getByText('Complete: ready to quote.').waitFor();
  await screenshot(page, 'cheapest-completion');
  assert.deepEqual(errors, []);
  await page.close();
});
