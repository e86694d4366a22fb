// Accessibility: an axe-core audit of every page state with no serious or critical violation,
// and the configuration done with the keyboard alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setUpSuite, screenshot, watchErrors, demoUrl, auditAccessibility } from './harness.mjs';

const ctx = setUpSuite();

test('axe finds no serious or critical violation, in light and dark themes', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 }, colorScheme });
    const errors = watchErrors(page);
    await page.goto(demoUrl(ctx.server));
    await page.getByRole('heading', { name: 'Nexora NX-3400 Campus Switch' }).waitFor();
    assert.deepEqual(await auditAccessibility(page), [], `start (${colorScheme})`);
    // Unavailable options with their reasons, a repair preview, quantities and meters.
    await page.locator('#item-chassis-48u').click();
    await page.locator('nav.steps').getByRole('button', { name: /Power supply/ }).click();
    await page.locator('#item-power-1100ac').click();
    await page.locator('#item-power-715ac-reason').getByRole('button', { name: 'Choose anyway' }).click();
    assert.deepEqual(await auditAccessibility(page), [], `power step (${colorScheme})`);
    // The quote page, with a waterfall open.
    await page.getByRole('button', { name: 'Review quote' }).click();
    await page.getByRole('heading', { name: 'Quote' }).waitFor();
    await page.selectOption('#quote-tier', 'gold');
    await page.locator('.bom .link').first().click();
    assert.deepEqual(await auditAccessibility(page), [], `quote (${colorScheme})`);
    await page.goto(demoUrl(ctx.server, `c=%%%`));
    await page.locator('.notice').waitFor();
    assert.deepEqual(await auditAccessibility(page), [], `damaged link (${colorScheme})`);
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('keyboard only: choose, step, set a quantity, undo, all without the mouse', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(demoUrl(ctx.server));
  await page.getByRole('heading', { name: 'Nexora NX-3400 Campus Switch' }).waitFor();
  const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent);
  // Tab to the first option of the first step and choose it with the keyboard.
  let guard = 0;
  while ((await focused()) !== 'item-chassis-24t' && guard++ < 30) {
    await page.keyboard.press('Tab');
  }
  assert.equal(await focused(), 'item-chassis-24t');
  // The focus is visible: an outline or a ring.
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return s.outlineStyle !== 'none' || s.boxShadow !== 'none';
  });
  assert.ok(ring, 'focused option shows a focus indicator');
  await page.keyboard.press('Tab'); // 24P
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#item-chassis-24p').getAttribute('aria-pressed'), 'true');
  // To the power supply step with "Next step", then the 715 W supply.
  await page.getByRole('button', { name: 'Next step' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Power supply' }).waitFor();
  await page.locator('#item-power-715ac').focus();
  await page.keyboard.press('Space');
  assert.equal(await page.locator('#item-power-715ac').getAttribute('aria-pressed'), 'true');
  // Its quantity stepper is next in the tab order.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'qty-power-715ac');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter'); // "More"
  assert.equal(await page.locator('#qty-power-715ac').inputValue(), '2');
  assert.equal(await page.locator('#total').textContent(), '$6,985.00');
  // Undo with the keyboard shortcut, from a button (not a text field).
  await page.keyboard.press('Control+Z');
  assert.equal(await page.locator('#total').textContent(), '$5,990.00');
  await screenshot(page, 'keyboard-only');
  assert.deepEqual(errors, []);
  await page.close();
});
