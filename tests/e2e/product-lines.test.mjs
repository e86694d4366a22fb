// The shipped product lines configured as a customer would: the rack servers (processors,
// memory populated per processor, drives and their controller, power sized to the draw).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setUpSuite, screenshot, watchErrors, auditAccessibility } from './harness.mjs';

const ctx = setUpSuite();

/** Opens the step named `name` from the step list. */
async function step(page, name) {
  const named = page.locator('.step-name').getByText(name, { exact: true });
  await page.locator('nav.steps button', { has: named }).click();
  await page.getByRole('heading', { name, exact: true }).waitFor();
}

/** Waits until the quantity field of `id` shows `n`. */
async function shows(page, id, n) {
  await page.waitForFunction(([sel, v]) => document.querySelector(sel)?.value === v, [`#qty-${id}`, String(n)]);
}

/** Sets an item's quantity through its stepper's field. */
async function quantity(page, id, n) {
  await page.fill(`#qty-${id}`, String(n));
  await page.press(`#qty-${id}`, 'Enter');
  await page.locator(`#qty-${id}`).blur();
}

test('rack servers: two processors, memory in the counts the population gives, drives and their controller', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(`${ctx.server.url}?product=nr-rack`);
  await page.getByRole('heading', { name: 'Nexora NR Rack Servers' }).waitFor();

  // A 1U chassis: the Platinum processor is unavailable and says why.
  await page.locator('#item-chassis-nr110-8s').click();
  await step(page, 'Processors');
  assert.equal(await page.locator('#item-processor-p8460').getAttribute('data-state'), 'unavailable');
  assert.match(
    await page.locator('#item-processor-p8460-reason').textContent(),
    /needs the airflow of a 2U chassis/,
  );

  // The 2U 24-bay chassis instead, two Gold 6430.
  await step(page, 'Chassis');
  await page.locator('#item-chassis-nr220-24s').click();
  await step(page, 'Processors');
  await page.locator('#item-processor-g6430').click();
  await quantity(page, 'processor-g6430', 2);
  await shows(page, 'processor-g6430', 2);

  // Eight DIMMs per processor: the memory comes in 16 exactly.
  await step(page, 'Memory population');
  await page.locator('#item-population-p8').click();
  await step(page, 'Memory');
  await page.locator('#item-memory-64g').click();
  await shows(page, 'memory-64g', 16);
  assert.match(await page.locator('.option-card', { has: page.locator('#item-memory-64g') }).textContent(), /Only 16 possible/);

  // Twenty drives: the H355 runs sixteen, so the P755 is implied.
  await step(page, 'Drives');
  await page.locator('#item-drives-ssd-960').click();
  await quantity(page, 'drives-ssd-960', 20);
  await shows(page, 'drives-ssd-960', 20);
  await step(page, 'RAID controller');
  assert.equal(await page.locator('#item-raid-p755').getAttribute('data-state'), 'implied');
  assert.equal(await page.locator('#item-raid-h355').getAttribute('data-state'), 'unavailable');
  assert.match(await page.locator('#item-raid-h355-reason').textContent(), /more need a RAID controller/);

  await step(page, 'Power supplies');
  await page.locator('#item-power-1400w').click();
  await step(page, 'Warranty');
  await page.locator('#item-warranty-5y-4h').click();
  await page.getByText('Complete: ready to quote.').waitFor();
  // The summary's list total: 3,650 + 2 × 4,195 + 16 × 649 + 20 × 399 + 899 (the P755, added
  // automatically) + 499, and 15% of that hardware list (31,802) for the warranty.
  assert.equal(await page.locator('#total').textContent(), '$36,572.30');
  assert.match(
    await page.locator('.summary li', { hasText: 'P755' }).textContent(),
    /added automatically/,
  );
  // Pictures: the chassis drawn on its option and in the summary, loaded from beside the
  // catalog (an <img>, never markup).
  const drawn = async (sel) => page.locator(sel).evaluate((img) => img.complete && img.naturalWidth > 0);
  await step(page, 'Chassis');
  await page.locator('#item-chassis-nr220-24s img.option-image').waitFor();
  assert.equal(await page.locator('#item-chassis-nr220-24s img.option-image').getAttribute('src'), 'catalogs/images/nr220-24s.svg');
  await page.waitForFunction(() => [...document.querySelectorAll('img')].every((i) => i.complete));
  assert.ok(await drawn('#item-chassis-nr220-24s img.option-image'));
  assert.ok(await drawn('.summary-line img.line-image[src]'));
  assert.equal(await page.locator('.summary-line img.line-image[src]').count(), 1);
  assert.deepEqual(await auditAccessibility(page), []);
  await screenshot(page, 'product-rack-servers');
  // The quote applies the volume discounts (5% on 16 DIMMs and on 20 drives).
  await page.getByRole('button', { name: 'Review quote' }).click();
  await page.getByText('35,654.10').first().waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('access switches: a stack of three, supplies sized to the PoE load, licence tiers; the diagram is read, not compiled', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  const messages = [];
  page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
  await page.goto(`${ctx.server.url}?product=nx-9500`);
  await page.getByRole('heading', { name: 'Nexora NX-9500 Stackable Access Switches' }).waitFor();
  assert.ok(
    messages.some((m) => /^info: catalogs\/nx-9500-switches\.diagram: the decision diagram compiled off-line \(\d+ nodes\)$/.test(m)),
    messages.join('\n'),
  );

  // The previous generation is past its end of sale and names its replacement.
  assert.match(
    await page.locator('.option-card', { has: page.locator('#item-switch-9300-48p') }).locator('.badge').textContent(),
    /^End of sale .+ · replaced by NX-9500 48P$/,
  );
  // Three 48-port PoE+ switches.
  await page.locator('#item-switch-48p').click();
  await quantity(page, 'switch-48p', 3);
  await shows(page, 'switch-48p', 3);
  // Three switches are a stack: added automatically, and the standalone order says why not.
  await step(page, 'Stacking');
  assert.equal(await page.locator('#item-stack-stacked').getAttribute('data-state'), 'implied');
  assert.match(await page.locator('#item-stack-standalone-reason').textContent(), /A standalone order has one switch/);
  // 2,220 W of PoE: at least six 715 W supplies (435 W of PoE each).
  await step(page, 'Power supplies');
  await page.locator('#item-power-715ac').click();
  await shows(page, 'power-715ac', 6);
  assert.equal(await page.locator('#meter-poe-budget .meter-text').textContent(), 'PoE power (W): 2,220 of 2,610 used');

  // Network Essentials: DNA Advantage is unavailable and says why.
  await step(page, 'Network licence');
  await page.locator('#item-licence-essentials').click();
  await step(page, 'Management subscription');
  assert.equal(await page.locator('#item-subscription-dna-a').getAttribute('data-state'), 'unavailable');
  assert.match(await page.locator('#item-subscription-dna-a-reason').textContent(), /needs the Network Advantage licence/);
  assert.equal(await page.locator('#item-subscription-dna-e').getAttribute('data-state'), 'implied');
  assert.deepEqual(await auditAccessibility(page), []);
  await screenshot(page, 'product-access-switches');
  assert.deepEqual(errors, []);
  await page.close();
});

/** Opens the question step named `name` in the step list: its heading is the question. */
async function question(page, name, asks) {
  const named = page.locator('.step-name').getByText(name, { exact: true });
  await page.locator('nav.steps button', { has: named }).click();
  await page.getByRole('heading', { name: asks, exact: true }).waitFor();
}

test('cooking lines: guided questions narrow the appliances, answers are not ordered, the supply is sized to the load', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(`${ctx.server.url}?product=ck-kitchen`);
  await page.getByRole('heading', { name: 'Calder Pro Cooking Lines' }).waitFor();

  // The first step asks; its answers carry no price.
  await page.getByRole('heading', { name: 'How many meals do you serve in your busiest hour?' }).waitFor();
  assert.equal(await page.locator('#item-covers-80-200 .option-price').textContent(), '');
  await page.locator('#item-covers-80-200').click();
  await question(page, 'Energy', 'Does the kitchen cook on gas or on electricity?');
  await page.locator('#item-energy-electric').click();
  await question(page, 'Menu', 'What will the line cook? Choose all that apply.');
  await page.locator('#item-menu-fried').click();
  await screenshot(page, 'product-cooking-questions');

  // The answers narrowed the ranges: gas ones and four-zone ones say why they went.
  await step(page, 'Range');
  assert.equal(await page.locator('#item-range-r6g').getAttribute('data-state'), 'unavailable');
  assert.match(await page.locator('#item-range-r6g-reason').textContent(), /all-electric kitchens on induction ranges/);
  assert.match(await page.locator('#item-range-r4i-reason').textContent(), /serves up to 80 meals an hour/);
  // One range is left: the six-zone induction, added automatically.
  assert.equal(await page.locator('#item-range-r6i').getAttribute('data-state'), 'implied');

  await step(page, 'Fryers');
  assert.match(await page.locator('#item-fryer-g15-reason').textContent(), /no gas supply/);
  await page.locator('#item-fryer-e2x8').click();
  await step(page, 'Extraction canopy');
  await page.locator('#item-hood-h2000').click();
  // 36 kW of induction and 15 kW of fryers: only the 125 A supply carries them.
  await step(page, 'Electrical supply');
  assert.equal(await page.locator('#item-supply-s125').getAttribute('data-state'), 'implied');
  assert.equal(await page.locator('#item-supply-s63').getAttribute('data-state'), 'unavailable');
  assert.match(await page.locator('#item-supply-s63-reason').textContent(), /carry every electric appliance/);
  assert.equal(await page.locator('#meter-electrical-load .meter-text').textContent(), 'Electrical load (kW): 51 of 86 used');
  await step(page, 'Gas safety');
  assert.equal(await page.locator('#item-safety-interlock').getAttribute('data-state'), 'unavailable');

  await page.getByText('Complete: ready to quote.').waitFor();
  // 14,200 + 4,290 + 5,200 + 2,400 (the range and the supply added automatically); the answers
  // are listed, unpriced.
  assert.equal(await page.locator('#total').textContent(), '$26,090.00');
  assert.equal(await page.locator('.summary li', { hasText: 'Energy: All electric' }).locator('.line-price').textContent(), '');
  assert.deepEqual(await auditAccessibility(page), []);
  await screenshot(page, 'product-cooking-line');
  // The quote's bill of materials orders appliances, not answers.
  await page.getByRole('button', { name: 'Review quote' }).click();
  await page.getByText('CK-R6I-1200').first().waitFor();
  assert.equal(await page.getByText('All electric').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});
