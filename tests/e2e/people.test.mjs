// People and access end to end: the real configurator-server on a loopback port (SQLite in a
// temporary folder) serving the built desk pages. An admin disables rita (her open session
// ends, she cannot sign in), makes her a one-time reset link and enables her again; rita opens
// the link, sets a new password (a common one is refused), signs in with it and changes it on
// her account page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createInterface } from 'node:readline';
import { launch, screenshot, watchErrors, auditAccessibility, ROOT, DIST } from './harness.mjs';

const SERVER = join(ROOT, 'target/debug/configurator-server');
const PASSWORD = 'e2e password for the desk';
const RESET = 'cobalt lantern on the quay';
const CHANGED = 'seven violet kites at dawn';
const ctx = { dir: undefined, server: undefined, url: undefined, browser: undefined };

async function desk(...args) {
  return promisify(execFile)(SERVER, ['--database', `sqlite://${ctx.dir}/desk.sqlite3`, ...args], {
    cwd: ROOT,
    env: { ...process.env, CONFIGURATOR_PASSWORD: PASSWORD },
  });
}

before(async () => {
  // The same build as `cargo test --workspace` (a no-op after it).
  await promisify(execFile)('cargo', ['build', '--quiet', '--workspace', '--tests'], { cwd: ROOT });
  ctx.dir = await mkdtemp(join(tmpdir(), 'people-e2e-'));
  await desk('user', 'add', 'admin', '--role', 'admin', '--team', 'office');
  await desk('user', 'add', 'rita', '--role', 'rep', '--team', 'north');
  // The command line applies the password policy too.
  await assert.rejects(
    promisify(execFile)(SERVER, ['--database', `sqlite://${ctx.dir}/desk.sqlite3`, 'user', 'add', 'weak'], {
      cwd: ROOT,
      env: { ...process.env, CONFIGURATOR_PASSWORD: 'password1234' },
    }),
    /too easy to guess/,
  );
  ctx.server = spawn(SERVER, ['--database', `sqlite://${ctx.dir}/desk.sqlite3`, '--listen', '127.0.0.1:0',
    '--dist', DIST, '--catalogs', join(ROOT, 'catalogs')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: ctx.server.stdout });
  ctx.url = await new Promise((ok, fail) => {
    lines.on('line', (l) => {
      const m = l.match(/the quote desk on (http:\/\/\S+)/);
      if (m) ok(`${m[1]}/`);
    });
    ctx.server.on('exit', (code) => fail(new Error(`configurator-server exited (${code})`)));
  });
  ctx.browser = await launch();
});

after(async () => {
  await ctx.browser?.close();
  ctx.server?.kill();
  await rm(ctx.dir, { recursive: true, force: true });
});

async function signIn(page, name, password) {
  await page.getByRole('heading', { name: 'Sign in to the quote desk' }).waitFor();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The console errors other than the refusals the test provokes (HTTP `allowed`). */
function unexpected(errors, allowed) {
  return errors.filter((e) => !allowed.some((s) => e.includes(`status of ${s}`)));
}

test('an admin disables rita and resets her password; rita sets and changes it', async () => {
  const admin = await ctx.browser.newPage({ viewport: { width: 1360, height: 900 } });
  const adminErrors = watchErrors(admin);
  const ritaContext = await ctx.browser.newContext();
  const rita = await ritaContext.newPage({ viewport: { width: 1100, height: 900 } });
  const ritaErrors = watchErrors(rita);

  // Rita is signed in somewhere.
  await rita.goto(`${ctx.url}desk/`);
  await signIn(rita, 'rita', PASSWORD);
  await rita.locator('.desk-user').getByText('rita').waitFor();
  // Reps have no People link, only their account.
  assert.equal(await rita.locator('#nav-people').count(), 0);
  await rita.locator('#nav-account').waitFor();

  // The admin opens People and disables her, after confirming.
  await admin.goto(`${ctx.url}desk/`);
  await signIn(admin, 'admin', PASSWORD);
  await admin.locator('.desk-user').getByText('admin').waitFor();
  await admin.getByRole('link', { name: 'People' }).click();
  const ritaRow = admin.locator('#people tr', { has: admin.getByRole('rowheader', { name: 'rita' }) });
  await ritaRow.waitFor();
  assert.match(await ritaRow.textContent(), /rep.*north.*active/);
  // No way to disable oneself.
  const adminRow = admin.locator('#people tr', { has: admin.getByRole('rowheader', { name: 'admin' }) });
  assert.equal(await adminRow.getByRole('button', { name: /Disable/ }).count(), 0);
  await admin.getByRole('button', { name: 'Disable rita' }).click();
  await admin.getByRole('group', { name: 'Confirm: disable rita' }).waitFor();
  assert.deepEqual(await auditAccessibility(admin), []);
  await screenshot(admin, 'people-1-confirm-disable');
  await admin.getByRole('button', { name: 'Yes, disable rita' }).click();
  await admin.locator('#people-message', { hasText: 'rita is disabled; their sessions ended.' }).waitFor();
  await ritaRow.getByText('disabled').waitFor();

  // Her session ended at once; signing in is refused with the right password.
  await rita.reload();
  await signIn(rita, 'rita', PASSWORD);
  await rita.getByRole('alert').getByText('This user is disabled. An admin can enable them again.').waitFor();

  // The admin makes a reset link (shown once, to copy) and enables her again.
  await admin.getByRole('button', { name: 'Reset password of rita' }).click();
  const linkField = admin.locator('#reset-link');
  await linkField.waitFor();
  const link = await linkField.inputValue();
  assert.match(link, /\/desk\/#reset=[0-9a-f]{64}$/);
  await admin.getByRole('button', { name: 'Copy' }).waitFor();
  await admin.getByRole('button', { name: 'Enable rita' }).click();
  await admin.locator('#people-message', { hasText: 'rita is enabled again.' }).waitFor();
  await ritaRow.getByText('active').waitFor();
  assert.deepEqual(await auditAccessibility(admin), []);
  await screenshot(admin, 'people-2-reset-link');
  // In German too.
  await admin.getByRole('button', { name: 'Deutsch' }).click();
  await admin.getByRole('heading', { name: 'Personen' }).waitFor();
  await admin.getByRole('button', { name: 'rita sperren' }).waitFor();
  await screenshot(admin, 'people-2-reset-link-de');
  await admin.getByRole('button', { name: 'English' }).click();

  // Rita opens the link: a common password is refused, a good one set.
  await rita.goto(link);
  await rita.getByRole('heading', { name: 'Set a new password' }).waitFor();
  await rita.getByText(/A new password for rita/).waitFor();
  await rita.getByLabel('New password', { exact: true }).fill('password1234');
  await rita.getByLabel('New password again').fill('password1234');
  await rita.getByRole('button', { name: 'Set the password' }).click();
  await rita.getByRole('alert').getByText(/too easy to guess/).waitFor();
  await rita.getByLabel('New password', { exact: true }).fill(RESET);
  await rita.getByLabel('New password again').fill(RESET);
  assert.deepEqual(await auditAccessibility(rita), []);
  await rita.getByRole('button', { name: 'Set the password' }).click();
  await rita.locator('#reset-done', { hasText: 'The password of rita is set.' }).waitFor();
  await screenshot(rita, 'people-3-reset-done');
  // Once only.
  await rita.reload();
  await rita.getByText('This link was used, replaced or has expired. Ask an admin for a new one.').waitFor();

  // She signs in with it and changes it on her account page.
  await rita.goto(`${ctx.url}desk/#/`);
  await signIn(rita, 'rita', RESET);
  await rita.locator('.desk-user').getByText('rita').waitFor();
  await rita.getByRole('link', { name: 'My account' }).click();
  await rita.getByRole('heading', { name: 'Change my password' }).waitFor();
  await rita.getByLabel('Current password').fill(RESET);
  await rita.getByLabel('New password', { exact: true }).fill(CHANGED);
  await rita.getByLabel('New password again').fill(`${CHANGED}!`);
  await rita.getByText('The two passwords differ.').waitFor();
  assert.equal(await rita.getByRole('button', { name: 'Change password' }).isDisabled(), true);
  await rita.getByLabel('New password again').fill(CHANGED);
  await rita.getByRole('button', { name: 'Change password' }).click();
  await rita.locator('#account-message', { hasText: 'Password changed. 0 other sessions ended; this one stays.' }).waitFor();
  assert.deepEqual(await auditAccessibility(rita), []);
  await screenshot(rita, 'people-4-account');

  // Signing out everywhere ends this session too; the new password signs in.
  await rita.getByRole('button', { name: 'Sign out everywhere' }).click();
  await signIn(rita, 'rita', CHANGED);
  await rita.locator('.desk-user').getByText('rita').waitFor();

  // The audit log has it all.
  await admin.reload();
  const log = await admin.evaluate(async () => (await fetch('/api/audit')).json());
  const actions = log.entries.map((e) => `${e.actor} ${e.action}`);
  for (const a of ['admin user.disable', 'admin user.reset_link', 'admin user.enable', 'rita user.password_reset',
    'rita user.password_change', 'rita session.sign_out_everywhere']) {
    assert.ok(actions.includes(a), `${a} in ${actions.join(', ')}`);
  }
  assert.deepEqual(unexpected(adminErrors, []), []);
  assert.deepEqual(unexpected(ritaErrors, [403, 404, 422]), []);
  await ritaContext.close();
});
