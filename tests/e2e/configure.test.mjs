// The first slice end to end: open the app, make a choice that disables another option, see the
// reason and the right total.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setUpSuite, screenshot, watchErrors, demoUrl } from './harness.mjs';

const ctx = setUpSuite();

test('choosing a 48-port PoE chassis disables small power supplies and explains why', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(demoUrl(ctx.server));
  await page.getByRole('heading', { name: 'Nexora NX-3400 Campus Switch' }).waitFor();
  assert.equal(await page.locator('#total').textContent(), '$0.00');
  // Nothing chosen: nothing said about shipping.
  assert.ok(await page.locator('#ship-estimate').isHidden());
  // The browser's today plus `days`, as the app writes dates in English.
  const by = (days) => page.evaluate((d) => {
    const t = new Date();
    t.setDate(t.getDate() + d);
    return t.toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric' });
  }, days);

  await page.getByRole('button', { name: /NX-3400 48P/ }).click();
  assert.equal(await page.locator('#item-chassis-48p').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('#total').textContent(), '$8,495.00');
  // The chassis ships after its lead time (the catalog's lead_days: 7).
  assert.equal(await page.locator('#ship-estimate').textContent(), `Ships in about 7 days (by ${await by(7)})`);

  await page.getByRole('button', { name: 'Next step' }).click();
  await page.getByRole('heading', { name: 'Power supply' }).waitFor();
  const small = page.locator('#item-power-715ac');
  assert.equal(await small.getAttribute('data-state'), 'unavailable');
  assert.equal(await small.getAttribute('aria-disabled'), 'true');
  const reason = page.locator('#item-power-715ac-reason');
  assert.match(await reason.textContent(), /Not available with NX-3400 48P/);
  assert.match(await reason.textContent(), /48-port PoE\+ model needs an 1100 W power supply/);
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
  // The DC supply takes 14 days: the configuration ships when its slowest item can.
  assert.equal(await page.locator('#ship-estimate').textContent(), `Ships in about 14 days (by ${await by(14)})`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a configuration made of required steps becomes complete, with implied items shown', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(demoUrl(ctx.server));
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
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(demoUrl(ctx.server));
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
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(demoUrl(ctx.server));
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
  // 48U + two 1100 W AC (its UPOE budget) + Essentials: nothing optional.
  assert.equal(await page.locator('#total').textContent(), '$16,580.00');
  assert.match(await page.locator('.summary-lines').textContent(), /2 × 1100 W AC/);
  await page.getByText('Complete: ready to quote.').waitFor();
  await screenshot(page, 'cheapest-completion');
  assert.deepEqual(errors, []);
  await page.close();
});

test('quantities: steppers bounded by what the rules allow, resources counted per unit', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(demoUrl(ctx.server));
  // The 48U's UPOE budget needs two 1100 W supplies: the stepper offers only 2.
  await page.locator('#item-chassis-48u').click();
  await page.locator('nav.steps').getByRole('button', { name: /Power supply/ }).click();
  await page.locator('#item-power-1100ac').click();
  const psu = page.locator('#qty-power-1100ac');
  assert.equal(await psu.inputValue(), '2');
  assert.match(await page.locator('#qty-power-1100ac-note').textContent(), /Only 2 possible/);
  assert.equal(await page.getByRole('button', { name: 'Fewer 1100 W AC' }).getAttribute('aria-disabled'), 'true');
  assert.equal(await page.locator('#total').textContent(), '$15,985.00');
  // Reasons follow in tasks of their own after the click: wait for the new one.
  await page.locator('#item-power-715ac-reason').filter({ hasText: /two 1100 W supplies/ }).waitFor();
  // The UPOE meter: 1,440 W used of 2 x 740 W, close to full, so it warns.
  const upoe = page.locator('#meter-upoe-budget');
  assert.equal(await upoe.locator('.meter-text').textContent(), 'UPOE power (W): 1,440 of 1,480 used');
  assert.equal(await upoe.getAttribute('data-level'), 'warn');
  assert.equal(await upoe.getByRole('meter').getAttribute('aria-valuenow'), '1440');

  // Optics fill the uplink module's ports.
  await page.locator('nav.steps').getByRole('button', { name: /Uplink/ }).click();
  await page.locator('#item-uplink-4x10g').click();
  await page.locator('nav.steps').getByRole('button', { name: /Optics/ }).click();
  await page.locator('#item-optics-sfp-10g-sr').click();
  const sr = page.locator('#qty-optics-sfp-10g-sr');
  assert.equal(await sr.inputValue(), '1');
  assert.match(await page.locator('#qty-optics-sfp-10g-sr-note').textContent(), /1–4 possible/);
  const more = page.getByRole('button', { name: 'More 10G SFP+, SR multimode' });
  await more.click();
  await more.click();
  await more.click();
  assert.equal(await sr.inputValue(), '4');
  assert.equal(await more.getAttribute('aria-disabled'), 'true');
  await more.click({ force: true }); // bounded: nothing happens
  assert.equal(await sr.inputValue(), '4');
  // Four SR optics fill the four ports: no room for an LR optic, and the reason says so.
  const lr = page.locator('#item-optics-sfp-10g-lr');
  assert.equal(await lr.getAttribute('data-state'), 'unavailable');
  assert.match(await page.locator('#item-optics-sfp-10g-lr-reason').textContent(), /free SFP port/);
  const sfp = page.locator('#meter-sfp-ports');
  assert.equal(await sfp.locator('.meter-text').textContent(), 'SFP ports: 4 of 4 used');
  assert.equal(await sfp.getAttribute('data-level'), 'warn');
  assert.match(await page.locator('.summary-lines').textContent(), /4 × 10G SFP\+, SR multimode/);
  // 12995 + 2 x 1495 + 1995 + 4 x 395
  assert.equal(await page.locator('#total').textContent(), '$19,560.00');
  await screenshot(page, 'quantities');
  // Typing a quantity works too; one fewer SR frees a port for the LR optic.
  await sr.fill('3');
  await sr.press('Enter');
  await sr.blur();
  assert.equal(await sr.inputValue(), '3');
  assert.equal(await lr.getAttribute('data-state'), 'available');
  assert.equal(await sfp.locator('.meter-text').textContent(), 'SFP ports: 3 of 4 used');
  assert.equal(await sfp.getAttribute('data-level'), 'ok');
  await lr.click();
  assert.match(await page.locator('#qty-optics-sfp-10g-lr-note').textContent(), /Only 1 possible/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('support priced as a percentage of the hardware, billed per year', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(demoUrl(ctx.server));
  await page.locator('#item-chassis-48p').click();
  await page.locator('nav.steps').getByRole('button', { name: /Support/ }).click();
  const nbd = page.locator('#item-support-smartcare-nbd');
  assert.match(await nbd.textContent(), /8% of list \/ year/);
  await nbd.click();
  // 8% of the 48P's 8,495.00 list price, per year, beside the one-time total.
  assert.equal(await page.locator('#recurring-total').textContent(), 'Plus $679.60 per year');
  assert.match(await page.locator('.summary-lines').textContent(), /\$679\.60 \/ year/);
  assert.equal(await page.locator('#total').textContent(), '$8,495.00');
  assert.deepEqual(errors, []);
  await page.close();
});

/** A share string as the engine writes it (version 1, a 4-byte catalog hash, keys). */
function shareString(hash, choices) {
  const bytes = [1, ...hash];
  for (const [key, quantity] of choices) {
    const b = Buffer.from(key, 'utf8');
    bytes.push(b.length, ...b, quantity);
  }
  return Buffer.from(bytes).toString('base64url');
}

/**
 * A share string with prices: [key, quantity, list price in cents]. Version 3 (the current
 * one) with 8 bytes of the catalog's SHA-256, version 2 with 4 bytes of its legacy hash.
 */
function shareStringWithPrices(hash, choices) {
  const varint = (v) => {
    const out = [];
    let n = BigInt(v);
    do {
      let b = Number(n & 0x7fn);
      n >>= 7n;
      out.push(n > 0n ? b | 0x80 : b);
    } while (n > 0n);
    return out;
  };
  const bytes = [hash.length === 8 ? 3 : 2, ...hash];
  for (const [key, quantity, cents] of choices) {
    const b = Buffer.from(key, 'utf8');
    bytes.push(...varint(b.length), ...b, ...varint(quantity), ...varint(2 * cents)); // zigzag
  }
  return Buffer.from(bytes).toString('base64url');
}

test('undo and redo, and the address bar: reload, back, forward, and an older link', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(demoUrl(ctx.server));
  const total = page.locator('#total');
  await page.locator('#item-chassis-48p').click();
  await page.getByRole('button', { name: 'Next step' }).click();
  await page.locator('#item-power-1100ac').click();
  assert.equal(await total.textContent(), '$9,990.00');
  assert.match(page.url(), /\?product=nx-3400&step=power&c=[A-Za-z0-9_-]+$/);

  // Reload restores exactly what the user saw.
  await page.reload();
  await page.getByRole('heading', { name: 'Power supply' }).waitFor();
  assert.equal(await page.locator('#item-power-1100ac').getAttribute('aria-pressed'), 'true');
  assert.equal(await total.textContent(), '$9,990.00');
  // Back and forward step through the changes.
  await page.goBack();
  await page.locator('#item-power-1100ac[aria-pressed="false"]').waitFor();
  assert.equal(await total.textContent(), '$8,495.00');
  await page.goForward();
  await page.locator('#item-power-1100ac[aria-pressed="true"]').waitFor();
  assert.equal(await total.textContent(), '$9,990.00');

  // Undo and redo: buttons and keys.
  const undo = page.getByRole('button', { name: 'Undo' });
  assert.equal(await undo.getAttribute('aria-disabled'), 'true', 'nothing to undo after a reload');
  await undo.click({ force: true });
  assert.equal(await total.textContent(), '$9,990.00');
  await page.locator('#item-power-1100dc').click();
  assert.equal(await total.textContent(), '$10,190.00');
  await page.getByRole('button', { name: 'Undo' }).click();
  assert.equal(await total.textContent(), '$9,990.00');
  await page.keyboard.press('Control+Shift+Z');
  assert.equal(await total.textContent(), '$10,190.00');
  await page.keyboard.press('Control+Z');
  assert.equal(await total.textContent(), '$9,990.00');
  assert.equal(await page.getByRole('button', { name: 'Redo' }).getAttribute('aria-disabled'), 'false');

  // A link made under an older catalog version still opens, and says what changed.
  const old = shareString([0, 0, 0, 0], [['chassis.48p', 0], ['accessories.fan-old', 0], ['power.1100ac', 2]]);
  await page.goto(demoUrl(ctx.server, `step=power&c=${old}`));
  const notice = page.locator('.notice');
  await notice.waitFor();
  assert.match(await notice.textContent(), /another version of this catalog/);
  assert.match(await notice.textContent(), /No longer offered, so left out: accessories\.fan-old/);
  assert.equal(await page.locator('#qty-power-1100ac').inputValue(), '2');
  assert.equal(await total.textContent(), '$11,485.00');
  await screenshot(page, 'older-link');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  assert.equal(await notice.count(), 0);
  // A current-format link with the list prices of its day: the new ones are listed, and
  // choices that now conflict are shown with a fix for each.
  const priced = shareStringWithPrices([0, 0, 0, 0, 0, 0, 0, 0], [['chassis.48p', 0, 829500], ['power.350ac', 0, 49500]]);
  await page.goto(demoUrl(ctx.server, `step=power&c=${priced}`));
  await notice.waitFor();
  assert.match(await notice.textContent(), /List prices today, against the ones written in the link \(a link can be edited: only today's prices count\): NX-3400 48P \$8,295\.00 → \$8,495\.00\./);
  assert.doesNotMatch(await notice.textContent(), /350 W AC \$/);
  const conflict = page.locator('.status-conflict');
  assert.match(await conflict.textContent(), /48-port PoE\+ model needs an 1100 W power supply/);
  await screenshot(page, 'older-link-prices-conflict');
  await conflict.getByRole('button', { name: 'Remove 350 W AC' }).click();
  assert.equal(await page.locator('.status-conflict').count(), 0);
  assert.equal(await page.locator('.summary-line', { hasText: 'NX-3400 48P' }).count(), 1);
  assert.equal(await page.locator('#item-power-350ac').getAttribute('aria-pressed'), 'false');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  // A damaged link is a clear message, never a blank page.
  await page.goto(demoUrl(ctx.server, `c=%%%`));
  assert.match(await page.locator('.notice').textContent(), /could not be opened/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('phone width: stacked panes and a sticky bar with the total and the status', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const errors = watchErrors(page);
  await page.goto(demoUrl(ctx.server));
  const bar = page.locator('.sticky-bar');
  await bar.waitFor();
  assert.equal(await bar.locator('.sticky-total').textContent(), '$0.00');
  assert.equal(await bar.locator('.sticky-status').textContent(), '3 still required'); // chassis, power, licence
  await page.locator('#item-chassis-48p').tap();
  assert.equal(await bar.locator('.sticky-total').textContent(), '$8,495.00');
  // The bar stays at the bottom of the screen while the page scrolls.
  await page.mouse.wheel(0, 400);
  const box = await bar.boundingBox();
  assert.ok(Math.abs(box.y + box.height - 844) < 2, `bar at the bottom: ${JSON.stringify(box)}`);
  // Nothing is wider than the screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px`);
  await screenshot(page, 'phone');
  await bar.getByRole('link', { name: 'Summary' }).tap();
  await page.getByRole('heading', { name: 'Summary' }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('the quote: context, metadata, waterfall, totals, CSV and JSON downloads, print view', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  const errors = watchErrors(page);
  const config = [['chassis.48p', 0], ['power.1100ac', 2], ['uplink.8x10g', 0], ['optics.sfp-10g-sr', 8],
    ['licence.advantage', 0], ['accessories.stack-kit', 0], ['accessories.stack-cable', 2], ['support.smartcare-nbd', 0]];
  // The page's own catalog hash is not known here: the link opens as from another version.
  await page.goto(demoUrl(ctx.server, `c=${shareString([0, 0, 0, 0], config)}`));
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await page.getByRole('button', { name: 'Review quote' }).click();
  await page.getByRole('heading', { name: 'Quote' }).waitFor();
  assert.match(page.url(), /view=quote/);
  assert.equal(await page.locator('#quote-one-time').textContent(), '$21,814.00'); // volume and bundle, no tier
  await page.selectOption('#quote-tier', 'gold');
  await page.selectOption('#quote-term', '36');
  // Same figures as `configurator price --tier gold --term 36` (the CLI's golden file).
  assert.equal(await page.locator('#quote-one-time').textContent(), '$15,151.83');
  assert.equal(await page.locator('#quote-yearly').textContent(), '$1,306.08');
  assert.equal(await page.locator('#quote-contract-value').textContent(), '$19,070.07');
  // The optics line's waterfall on demand: list, volume, partner, net.
  const optics = page.locator('tr', { hasText: 'NX-SFP-10G-SR' }).first();
  const toggle = optics.getByRole('button', { name: '−$1,396.72' });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const waterfall = page.locator('#waterfall-1-3');
  assert.match(await waterfall.textContent(), /List\$3,160\.00Volume 8\+ units \(10%\)−\$316\.00Gold partner \(optics, 38%\)−\$1,080\.72Net\$1,763\.28/);
  await page.fill('#quote-number', 'Q-2026-0042');
  await page.fill('#quote-customer', 'ACME Networks');
  await page.fill('#quote-valid-until', '2026-12-31');
  await screenshot(page, 'quote');
  // Downloads: CSV (RFC 4180) and the canonical JSON quote.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  assert.equal(csv.suggestedFilename(), 'Q-2026-0042.csv');
  const csvText = await (await import('node:fs/promises')).readFile(await csv.path(), 'utf8');
  assert.match(csvText, /^Line,Parent,SKU,Name,Quantity,Unit list,List,Discounts,Net,Billing,Currency\r\n/);
  assert.match(csvText, /\r\n1\.3,1,NX-SFP-10G-SR,"10G SFP\+, SR multimode",8,395\.00,3160\.00,"Volume 8\+ units \(10%\): 316\.00; Gold partner \(optics, 38%\): 1080\.72",1763\.28,one-time,USD\r\n/);
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON' }).click()]);
  const quote = JSON.parse(await (await import('node:fs/promises')).readFile(await json.path(), 'utf8'));
  assert.equal(quote.format, 'configurator-quote/2');
  assert.equal(quote.meta.customer, 'ACME Networks');
  assert.equal(quote.meta.valid_until, '2026-12-31');
  assert.equal(quote.context.partner_tier, 'gold');
  assert.equal(quote.totals.contract_value, '19070.07');
  assert.equal(quote.status, 'complete');
  // The print view: only the quote, no buttons.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByRole('button', { name: 'Download CSV' }).isVisible(), false);
  assert.equal(await page.locator('#quote-contract-value').isVisible(), true);
  await screenshot(page, 'quote-print');
  await page.emulateMedia({ media: 'screen' });
  // Back to the configuration, and the quote survives a reload through the address bar.
  await page.reload();
  await page.getByRole('heading', { name: 'Quote' }).waitFor();
  await page.getByRole('button', { name: 'Back to configuration' }).click();
  await page.getByRole('heading', { name: 'Summary' }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});
