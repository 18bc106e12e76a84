'use strict';
// Drives Debian's Chromium through playwright-core for the dashboard's browser tests. The JUnit
// test sends one JSON command per line on stdin and reads one JSON answer per line on stdout
// ({ok:true, value} or {ok:false, error}), so the assertions stay in Java.
// Environment: CHROMIUM (the executable), PROFILE (a fresh user data dir).
const readline = require('readline');
const { chromium } = require('playwright-core');

async function main() {
  const context = await chromium.launchPersistentContext(process.env.PROFILE, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push('page error: ' + e.message));
  page.on('console', m => { if (m.type() === 'error') errors.push('console: ' + m.text()); });

  const commands = {
    async goto(c) {
      const r = await page.goto(c.url, { waitUntil: 'load' });
      return { status: r ? r.status() : 0, url: page.url() };
    },
    async waitFor(c) {
      try {
        const handle = await page.waitForFunction(([sel, text]) => {
          for (const e of document.querySelectorAll(sel)) {
            if (text === null || e.textContent.includes(text)) return e.textContent;
          }
          return false;
        }, [c.selector, c.text === undefined ? null : c.text], { timeout: c.timeout || 30000, polling: 100 });
        return await handle.jsonValue();
      } catch (e) {
        // Say what was there instead, and what the page complained about.
        const found = await page.$$eval(c.selector, es => es.map(x => x.textContent).slice(0, 5));
        throw new Error(`${e.message} waiting for ${c.selector} to contain ${JSON.stringify(c.text)};` +
          ` found ${JSON.stringify(found)}; banner ${JSON.stringify(await page.textContent('#banner').catch(() => ''))};` +
          ` page errors ${JSON.stringify(errors)}`);
      }
    },
    async click(c) {
      await page.click(c.selector, { timeout: c.timeout || 10000 });
      return null;
    },
    async fill(c) {
      await page.fill(c.selector, c.value);
      return null;
    },
    async text(c) {
      return page.$$eval(c.selector, es => es.map(e => e.textContent));
    },
    async count(c) {
      return page.$$eval(c.selector, es => es.length);
    },
    async visibleCount(c) {
      return page.$$eval(c.selector, es => es.filter(e => e.offsetParent !== null).length);
    },
    async screenshot(c) {
      await page.screenshot({ path: c.path, fullPage: !!c.fullPage });
      return c.path;
    },
    async cookies() {
      return context.cookies();
    },
    async url() {
      return page.url();
    },
    async errors() {
      return errors.slice();
    },
    async close() {
      await context.close();
      return null;
    },
  };

  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    if (!line.trim()) continue;
    let answer;
    try {
      const c = JSON.parse(line);
      const run = commands[c.cmd];
      if (!run) throw new Error('unknown command ' + c.cmd);
      answer = { ok: true, value: await run(c) };
      if (c.cmd === 'close') {
        process.stdout.write(JSON.stringify(answer) + '\n');
        break;
      }
    } catch (e) {
      answer = { ok: false, error: String(e && e.message || e) };
    }
    process.stdout.write(JSON.stringify(answer) + '\n');
  }
  process.exit(0);
}

main().catch(e => {
  process.stdout.write(JSON.stringify({ ok: false, error: 'cannot start Chromium: ' + e.message }) + '\n');
  process.exit(1);
});
