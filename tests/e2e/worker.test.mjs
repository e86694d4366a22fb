// The engine in a web worker: large catalogs get it automatically (so no update blocks the
// page), `engine=worker` / `engine=page` in the address choose; every flow answers the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setUpSuite, screenshot, watchErrors, demoUrl } from './harness.mjs';

const ctx = setUpSuite();

/** A synthetic product line of 330 options: racks, modules that fit some racks, licences. */
function largeCatalog() {
  const items = (prefix, name, n, base) =>
    Array.from({ length: n }, (_, k) => ({
      id: `${prefix}${k}`,
      sku: `${prefix.toUpperCase()}-${1000 + k}`,
      name: `${name} ${k}`,
      price: `${base + k}.00`,
    }));
  const rules = [];
  for (let k = 0; k < 150; k++) {
    const [a, b] = [k % 120, (k * 7) % 120];
    rules.push({ id: `fit${k}`, kind: 'requires', if: `module.m${k}`, then: `rack.r${a} or rack.r${b}`, message: `Module ${k} fits rack ${a} or ${b} only.` });
  }
  for (let k = 0; k < 60; k++) {
    const r = (k * 3) % 120;
    rules.push({ id: `lic${k}`, kind: 'excludes', if: `licence.l${k}`, then: `rack.r${r}`, message: `Licence ${k} is not sold with rack ${r}.` });
  }
  return {
    id: 'large',
    name: 'Large synthetic line',
    version: '1',
    currency: 'USD',
    groups: [
      { id: 'rack', name: 'Rack', choice: 'single', required: true, items: items('r', 'Rack', 120, 100) },
      { id: 'module', name: 'Modules', choice: 'multiple', items: items('m', 'Module', 150, 10) },
      { id: 'licence', name: 'Licence', choice: 'single', required: true, items: items('l', 'Licence', 60, 50) },
    ],
    rules,
  };
}

async function openLarge(page, more = '') {
  await page.route((url) => url.pathname === '/fixtures/large.json', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify(largeCatalog()) }),
  );
  await page.goto(`${ctx.server.url}?catalog=/fixtures/large.json${more}`);
  await page.getByRole('heading', { name: 'Large synthetic line' }).waitFor();
}

/** Every option card of the current step: id and state. */
async function states(page) {
  return page.locator('button.option').evaluateAll((cards) => cards.map((c) => `${c.id}=${c.dataset.state}`));
}

test('a large catalog gets its engine in a worker: choices, reasons, repairs, undo and counts', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await openLarge(page);
  assert.equal(await page.locator('.app').getAttribute('data-engine'), 'worker');
  const before = await page.locator('#count').textContent();
  assert.match(before, /configurations possible$/);

  await page.locator('#item-rack-r5').click();
  await page.locator('#item-rack-r5[aria-pressed="true"]').waitFor();
  await page.locator('#total', { hasText: '$105.00' }).waitFor();
  await page.locator('nav.steps').getByRole('button', { name: /Modules/ }).click();
  // Module 5 fits rack 5; module 6 fits racks 6 and 42 only.
  assert.equal(await page.locator('#item-module-m5').getAttribute('data-state'), 'available');
  assert.equal(await page.locator('#item-module-m6').getAttribute('data-state'), 'unavailable');
  const reason = page.locator('#item-module-m6-reason');
  await reason.filter({ hasText: 'Not available with Rack 5' }).waitFor();
  assert.match(await reason.textContent(), /Module 6 fits rack 6 or 42 only\./);
  // 150 options make a very long page: the viewport around the explained option.
  await reason.scrollIntoViewIfNeeded();
  await screenshot(page, 'worker-large-reason', false);

  await reason.getByRole('button', { name: 'Choose anyway' }).click();
  const preview = page.getByRole('group', { name: 'Choose anyway' });
  await preview.getByText('To choose Module 6, these choices will be removed: Rack 5.').waitFor();
  await preview.getByRole('button', { name: 'Apply' }).click();
  await page.locator('#item-module-m6[aria-pressed="true"]').waitFor();
  await page.locator('#total', { hasText: '$16.00' }).waitFor();
  assert.notEqual(await page.locator('#count').textContent(), before);

  await page.keyboard.press('Control+z');
  await page.locator('#item-module-m6[aria-pressed="false"]').waitFor();
  await page.locator('#total', { hasText: '$105.00' }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('the worker and the page, on the diagram or the solver, give the same answers', async () => {
  const answers = [];
  for (const [place, backend] of [['worker', 'auto'], ['page', 'auto'], ['worker', 'solver'], ['page', 'solver']]) {
    const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
    const errors = watchErrors(page);
    await openLarge(page, `&engine=${place}&backend=${backend}`);
    assert.equal(await page.locator('.app').getAttribute('data-engine'), place);
    await page.locator('#item-rack-r42').click();
    await page.locator('#item-rack-r42[aria-pressed="true"]').waitFor();
    await page.locator('nav.steps').getByRole('button', { name: /Modules/ }).click();
    await page.locator('#item-module-m6').click();
    await page.locator('#item-module-m6[aria-pressed="true"]').waitFor();
    const modules = await states(page);
    await page.locator('nav.steps').getByRole('button', { name: /Licence/ }).click();
    await page.locator('#item-licence-l14').waitFor();
    const licences = await states(page);
    answers.push({ modules, licences, total: await page.locator('#total').textContent(), count: await page.locator('#count').textContent() });
    assert.deepEqual(errors, []);
    await page.close();
  }
  // Licence 14 excludes rack 42: the same on both sides.
  assert.ok(answers[0].licences.includes('item-licence-l14=unavailable'), answers[0].licences.join(' '));
  for (const other of answers.slice(1)) assert.deepEqual(other, answers[0]);
});

test('the demo through the worker: defaults, cheapest completion and the quote', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(demoUrl(ctx.server, 'engine=worker'));
  await page.getByRole('heading', { name: 'Nexora NX-3400 Campus Switch' }).waitFor();
  assert.equal(await page.locator('.app').getAttribute('data-engine'), 'worker');
  await page.getByRole('button', { name: 'Complete with defaults' }).click();
  await page.locator('#total', { hasText: '$9,080.00' }).waitFor();
  await page.getByText('Complete: ready to quote.').waitFor();
  await page.getByRole('button', { name: 'Start over' }).click();
  await page.locator('#total', { hasText: '$0.00' }).waitFor();
  await page.locator('#item-chassis-48u').click();
  await page.locator('#item-chassis-48u[aria-pressed="true"]').waitFor();
  await page.getByRole('button', { name: 'Cheapest completion' }).click();
  await page.locator('#total', { hasText: '$16,580.00' }).waitFor();
  await page.getByRole('button', { name: 'Review quote' }).click();
  await page.locator('.quote-page').getByText('NX-3400 48U').first().waitFor();
  // The address keeps the engine's place, so a reload opens the same way.
  assert.match(page.url(), /engine=worker/);
  await page.reload();
  await page.locator('.app[data-engine="worker"]').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('without a working worker the page answers itself', async () => {
  // No module workers at all, then a worker that fails as it starts (e.g. a policy that forbids
  // it): either way the large catalog opens, answered on the page.
  const broken = [
    () => {
      window.Worker = class {
        constructor() {
          throw new Error('workers are not allowed here');
        }
      };
    },
    () => {
      // A worker is an EventTarget: its `error` event reaches `onerror` and listeners alike.
      window.Worker = class extends EventTarget {
        constructor() {
          super();
          setTimeout(() => {
            const event = new Event('error');
            this.onerror?.(event);
            this.dispatchEvent(event);
          }, 10);
        }
        postMessage() {}
        terminate() {}
      };
    },
  ];
  for (const breakWorkers of broken) {
    const page = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
    const errors = watchErrors(page);
    await page.addInitScript(breakWorkers);
    await openLarge(page);
    assert.equal(await page.locator('.app').getAttribute('data-engine'), 'page');
    await page.locator('#item-rack-r5').click();
    await page.locator('#item-rack-r5[aria-pressed="true"]').waitFor();
    await page.locator('nav.steps').getByRole('button', { name: /Modules/ }).click();
    await page.locator('#item-module-m6-reason').filter({ hasText: 'Not available with Rack 5' }).waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  }
});
