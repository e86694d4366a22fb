// The built app on the Renault model in headless Chromium (run by `cargo xtask bench`, which
// writes the catalog to dist/bench-renault.json first): time until the configurator shows, and
// the longest main-thread task after clicks in the steps with the most options, where every
// unavailable option on screen is explained; with the engine in its worker and on the page.
// Prints figures; asserts nothing about time. With the argument `precompiled`, the xtask has
// written the diagram compiled off-line beside the catalog (dist/bench-renault.diagram), which
// the app fetches and reads instead of compiling.
import { serveDist, launch } from './harness.mjs';

const label = process.argv[2] === 'precompiled' ? ', diagram compiled off-line' : '';
const server = await serveDist();
const browser = await launch();
// Twice: with the engine in its worker (what a catalog this large gets) and on the page.
async function run(place) {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  await page.addInitScript(() => {
    window.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__long.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const longest = async () => Math.max(0, ...(await page.evaluate(() => window.__long.splice(0))));
  const start = Date.now();
  await page.goto(`${server.url}?catalog=/bench-renault.json&step=Var5&engine=${place}`);
  await page.locator('[id^="item-Var5-"]').first().waitFor({ timeout: 60000 });
  const loaded = Date.now() - start;
  await page.waitForTimeout(1000);
  const loadTask = await longest();
  const clicks = [];
  let explained = 0;
  // The three groups with the most options, twice round.
  for (const step of ['Var5', 'Var100', 'Var3', 'Var5', 'Var100', 'Var3']) {
    await page.locator('nav.steps').getByRole('button', { name: new RegExp(`\\b${step}\\b`) }).click();
    const options = page.locator(`[id^="item-${step}-"][aria-pressed="false"][aria-disabled="false"]`);
    await page.locator(`[id^="item-${step}-"]`).first().waitFor();
    await page.waitForTimeout(300);
    await longest();
    const n = await options.count();
    if (n === 0) continue;
    const option = options.nth(Math.floor(n / 2));
    const id = await option.getAttribute('id');
    await option.click();
    await page.locator(`#${id}[aria-pressed="true"]`).waitFor();
    await page.waitForTimeout(500);
    clicks.push(await longest());
    explained = Math.max(explained, await page.locator(`[id^="item-${step}-"][id$="-reason"]`).count());
  }
  await page.close();
  console.log(
    `app on Renault${label}, engine in the ${place}: configurator shown ${loaded} ms after navigation (longest task ${loadTask.toFixed(0)} ms); ` +
      `${clicks.length} clicks in the largest steps (up to ${explained} options explained on screen): ` +
      `longest task after a click ${Math.max(0, ...clicks).toFixed(0)} ms`,
  );
}
for (const place of ['page', 'worker']) await run(place);
await browser.close();
await server.close();
