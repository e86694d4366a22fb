// Shared set-up for the end-to-end suite: a static server for dist/ on 127.0.0.1 and Debian's
// Chromium driven by playwright-core. Nothing is downloaded.
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { readFile, mkdir, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));
export const DIST = resolve(here, '../../dist');
export const OUTPUT = resolve(here, 'output');
export const FIXTURES = resolve(here, 'fixtures');

/** The address of the configurator for the built-in NX-3400 demo, with more query text. */
export function demoUrl(server, more = '') {
  return `${server.url}?product=nx-3400${more ? `&${more}` : ''}`;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Serves dist/ on a free loopback port; resolves to { url, close }. */
export async function serveDist() {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    // Test catalogs under /fixtures/, the built app everywhere else.
    const root = path.startsWith('/fixtures/') ? FIXTURES : DIST;
    const rel = path.startsWith('/fixtures/') ? path.slice('/fixtures'.length) : path;
    // A folder's page (/saved/, /desk/) is its index.html.
    const file = normalize(join(root, rel.endsWith('/') ? `${rel}index.html` : rel));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      // Public assets, as a configurator host serves them: readable from partner pages
      // (embed.js imports the app's module and fetches its WebAssembly across origins).
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'access-control-allow-origin': '*',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Launches Debian's Chromium headless with the flags this machine needs. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Saves a screenshot (the full page, or only the viewport) under tests/e2e/output/ and returns its path. */
export async function screenshot(page, name, fullPage = true) {
  await mkdir(OUTPUT, { recursive: true });
  const path = join(OUTPUT, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** Fails the test on any uncaught page error or console error. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** The repository's root. */
export const ROOT = resolve(here, '../..');

/**
 * What a back office runs on a quote it received: `configurator verify` on the catalog text and
 * the quote (an object), in a fresh temporary directory. Resolves to its standard output;
 * rejects when it exits non-zero (a quote that does not verify).
 */
export async function verifyQuote(catalogText, quote) {
  const dir = await mkdtemp(join(tmpdir(), 'verify-'));
  await writeFile(join(dir, 'catalog.json'), catalogText);
  await writeFile(join(dir, 'quote.json'), JSON.stringify(quote, null, 2));
  const { stdout } = await promisify(execFile)('cargo', ['run', '--quiet', '-p', 'configurator-cli', '--',
    'verify', join(dir, 'catalog.json'), join(dir, 'quote.json')], { cwd: ROOT });
  return stdout;
}

const axePath = fileURLToPath(new URL('./node_modules/axe-core/axe.min.js', import.meta.url));

/**
 * Runs the axe-core accessibility audit (WCAG 2.0-2.2 A and AA rules) on the page and returns
 * the serious and critical violations, each as "rule: help (selectors)".
 */
export async function auditAccessibility(page) {
  // Evaluated through the browser's DevTools protocol, not added as a <script>: pages the quote
  // desk serves allow no inline script (their Content-Security-Policy), and the audit is no
  // part of the page.
  await page.evaluate(await readFile(axePath, 'utf8'));
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')})`);
}

/**
 * Registers the suite's set-up and tear-down (the static server and Chromium) with node:test
 * and returns an object whose `server` and `browser` are set before the first test runs.
 */
export function setUpSuite() {
  const ctx = { server: undefined, browser: undefined };
  before(async () => {
    ctx.server = await serveDist();
    ctx.browser = await launch();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });
  return ctx;
}

/** The quote desk's binary, as `cargo build --workspace` leaves it. */
export const DESK_SERVER = join(ROOT, 'target/debug/configurator-server');

/**
 * Starts the real quote desk (configurator-server) on a loopback port over a fresh SQLite file
 * in a temporary folder, serving dist/ and catalogs/, with `users` added first (each
 * `[name, role, team]` or `[name, role, team, email]`, all with `password`). Builds it first the way `cargo test --workspace`
 * does (a no-op after it; set E2E_SKIP_BUILD=1 to run a binary built already). Resolves to
 * `{ url, dir, run(...args), stop() }`: `run` calls the binary's command line on the same
 * database; `stop` ends the server and removes the folder.
 */
export async function startDesk({ users = [], password, prefix = 'desk-e2e-', args = [] } = {}) {
  if (!process.env.E2E_SKIP_BUILD) {
    await promisify(execFile)('cargo', ['build', '--quiet', '--workspace', '--tests'], { cwd: ROOT });
  }
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const database = `sqlite://${dir}/desk.sqlite3`;
  const run = (...more) => promisify(execFile)(DESK_SERVER, ['--database', database, ...more], {
    cwd: ROOT,
    env: { ...process.env, CONFIGURATOR_PASSWORD: password },
  });
  for (const [name, role, team, email] of users) {
    await run('user', 'add', name, '--role', role, '--team', team, ...(email ? ['--email', email] : []));
  }
  const server = spawn(DESK_SERVER, ['--database', database, '--listen', '127.0.0.1:0',
    '--dist', DIST, '--catalogs', join(ROOT, 'catalogs'), ...args],
  { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: server.stdout });
  const url = await new Promise((ok, fail) => {
    lines.on('line', (l) => {
      const m = l.match(/the quote desk on (http:\/\/\S+)/);
      if (m) ok(`${m[1]}/`);
    });
    server.on('exit', (code) => fail(new Error(`configurator-server exited (${code})`)));
  });
  return {
    url,
    dir,
    run,
    async stop() {
      server.kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Signs `name` in through the API (not a page): `{ cookie, csrf }` for `apiCall`.
 */
export async function apiSession(url, name, password) {
  const session = await fetch(`${url}api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  if (session.status !== 200) throw new Error(`sign in ${name}: ${session.status} ${await session.text()}`);
  return { cookie: session.headers.get('set-cookie').split(';')[0], csrf: (await session.json()).csrf };
}

/** Calls the desk's API with a session from `apiSession`: `{ status, body }`. */
export async function apiCall(url, session, method, path, body) {
  const r = await fetch(`${url}${path.replace(/^\//, '')}`, {
    method,
    headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let parsed = text;
  try { parsed = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, body: parsed };
}

/** Decodes RFC 2047 encoded words (`=?utf-8?B?...?=`, `=?utf-8?Q?...?=`) in a header. */
function decodeWords(text) {
  return text.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*/g, (_, charset, kind, data) => {
    if (kind.toUpperCase() === 'B') return Buffer.from(data, 'base64').toString('utf8');
    const bytes = data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  });
}

/** Decodes one MIME part's body by its Content-Transfer-Encoding. */
function decodeBody(headers, body) {
  const cte = (headers.match(/^content-transfer-encoding:\s*(\S+)/im)?.[1] ?? '').toLowerCase();
  if (cte === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (cte === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** A message as text: its subject and the decoded text of every part (multipart followed). */
export function readMail(raw) {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = (split < 0 ? raw : raw.slice(0, split)).replace(/\r?\n[ \t]+/g, ' ');
  const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const subject = decodeWords(headers.match(/^subject:\s*(.*)$/im)?.[1] ?? '');
  const boundary = headers.match(/boundary="?([^";\r\n]+)"?/i)?.[1];
  let text;
  if (boundary) {
    text = body.split(`--${boundary}`).slice(1).filter((p) => !p.startsWith('--'))
      .map((p) => readMail(p.replace(/^\r?\n/, '')).text).join('\n');
  } else {
    text = decodeBody(headers, body);
  }
  return { subject, text, headers };
}

/**
 * A tiny SMTP server on loopback (the desk's `--smtp smtp://127.0.0.1:PORT`) keeping every
 * message it accepts: `{ url, mails, waitFor(predicate, ms), close() }`; each mail is
 * `{ from, to: [...], subject, text, raw }` (subject and text decoded).
 */
export async function startSmtpSink() {
  const mails = [];
  const server = createTcpServer((socket) => {
    socket.setEncoding('latin1');
    let buffer = '';
    let data = null;
    let envelope = { from: '', to: [] };
    const say = (line) => socket.write(`${line}\r\n`);
    say('220 sink.localhost ESMTP test sink');
    socket.on('data', (chunk) => {
      buffer += chunk;
      for (;;) {
        if (data !== null) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          data += buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          const raw = Buffer.from(data.replace(/^\.\./gm, '.'), 'latin1').toString('utf8');
          mails.push({ ...envelope, ...readMail(raw), raw });
          data = null;
          envelope = { from: '', to: [] };
          say('250 2.0.0 queued');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') {
          socket.write('250-sink.localhost\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 10485760\r\n');
        } else if (verb === 'HELO') say('250 sink.localhost');
        else if (verb === 'MAIL') { envelope.from = line.match(/<([^>]*)>/)?.[1] ?? ''; say('250 2.1.0 ok'); }
        else if (verb === 'RCPT') { envelope.to.push(line.match(/<([^>]*)>/)?.[1] ?? ''); say('250 2.1.5 ok'); }
        else if (verb === 'DATA') { data = ''; say('354 end with <CRLF>.<CRLF>'); }
        else if (verb === 'RSET') { envelope = { from: '', to: [] }; say('250 ok'); }
        else if (verb === 'NOOP') say('250 ok');
        else if (verb === 'QUIT') { say('221 bye'); socket.end(); return; }
        else say('502 5.5.2 not implemented');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    /** Resolves to the first mail matching `predicate` (polling), rejects after `ms`. */
    async waitFor(predicate, ms = 20000, what = 'a mail') {
      const until = Date.now() + ms;
      for (;;) {
        const found = mails.find(predicate);
        if (found) return found;
        if (Date.now() > until) {
          throw new Error(`no ${what} within ${ms} ms; received: ${mails.map((m) => `${m.to.join(',')}: ${m.subject}`).join(' | ')}`);
        }
        await new Promise((ok) => setTimeout(ok, 200));
      }
    },
    close: () => new Promise((ok) => server.close(ok)),
  };
}
