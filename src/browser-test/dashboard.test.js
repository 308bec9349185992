// Reelay's dashboard in a real browser: Debian's chromium, headless, driven by playwright-core.
// Run by io.reelay.ui.DashboardBrowserIT against a running stack; on its own:
//   BASE_URL=http://localhost:8080 SAMPLE_IDS=a,b LONG_ID=c node dashboard.test.js
// Prints "DASHBOARD-TEST OK" and exits 0 when every check passed; else names the check and exits 1.
'use strict';

const fs = require('fs');
const path = require('path');
const os = require('os');
const { chromium } = require('playwright-core');

const BASE = process.env.BASE_URL || 'http://localhost:8080';
const KEY = process.env.API_KEY || '';
const SAMPLES = (process.env.SAMPLE_IDS || '').split(',').filter(Boolean);
const LONG_ID = process.env.LONG_ID || '';
const SHOTS = process.env.SCREENSHOTS || path.join(__dirname, '..', '..', 'target', 'browser-test');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WITHIN = Number(process.env.WITHIN_MS || 90000);

function log(line) {
  console.log(new Date().toISOString() + ' ' + line);
}

async function check(name, fn) {
  log('CHECK ' + name);
  await fn();
  log('PASS  ' + name);
}

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'reelay-chromium-'));
  // A fresh, empty profile each run (playwright passes it as --user-data-dir).
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required'],
  });
  const page = browser.pages()[0] || await browser.newPage();
  const dialogs = [];
  const cspViolations = [];
  page.on('dialog', d => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('console', m => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    if (m.type() === 'error') log('console error: ' + m.text());
  });
  page.on('pageerror', e => log('page error: ' + e.message));
  const shot = name => page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: true });

  try {
    await check('the page is served with a Content-Security-Policy without inline script', async () => {
      const response = await page.goto(BASE + '/ui/');
      const csp = response.headers()['content-security-policy'] || '';
      if (!/script-src 'self'/.test(csp) || /unsafe-inline|unsafe-eval/.test(csp)) {
        throw new Error('Content-Security-Policy: ' + JSON.stringify(csp));
      }
    });

    if (KEY) {
      await page.fill('#api-key', KEY);
      await page.click('#key-form button');
    }

    await check('the list shows the sample requests reaching completed', async () => {
      for (const id of SAMPLES) {
        await page.waitForSelector(`tr[data-id="${id}"] .status-completed`, { timeout: WITHIN });
      }
      const text = await page.textContent('#requests');
      if (!text.includes('veo3.1-fast') || !text.includes('tokenlab')) throw new Error('no model or provider: ' + text);
      await page.waitForSelector('#live:text("live")', { timeout: 10000 });
      await shot('list');
    });

    await check('a request\'s page plays its video', async () => {
      await page.click(`tr[data-id="${SAMPLES[0]}"] a`);
      await page.waitForSelector('#videos video', { timeout: 15000 });
      await page.waitForFunction(() => document.querySelector('#videos video').readyState >= 2, null, { timeout: 30000 });
      const src = await page.$eval('#videos video', v => v.currentSrc);
      if (!/^https?:\/\//.test(src)) throw new Error('video source ' + src);
      const timeline = await page.textContent('#timeline');
      if (!timeline.includes('completed')) throw new Error('timeline without its end: ' + timeline);
      await shot('request');
    });

    await check('a request\'s page shows the request as sent from the API, after a reload too', async () => {
      // A fresh page has neither the change stream's copy nor a posted one: only the API's.
      await page.reload();
      await page.waitForFunction(() => /"model": "veo3.1-fast"/.test(document.querySelector('#request-as-sent').textContent)
        && /"operation": "text-to-video"/.test(document.querySelector('#request-as-sent').textContent), null, { timeout: 15000 });
    });

    await check('the form shows the server\'s estimate, and a field\'s error before submit', async () => {
      await page.click('nav a[href="#/new"]');
      await page.waitForSelector('#field-prompt');
      await page.fill('#field-prompt', 'A kite');
      // veo3.1-fast: 8 s by default at 0.15 USD a second (the shipped catalog), priced by the server.
      await page.waitForSelector('#estimate:has-text("Estimated cost: $1.20, sent to tokenlab (prices: shipped")', { timeout: 10000 });
      await page.fill('#field-prompt', '');
      await page.waitForSelector('#error-prompt:not([hidden])', { timeout: 10000 });
      await page.waitForSelector('#estimate:has-text("Not valid yet")', { timeout: 10000 });
      if (!(await page.$eval('#form-result', n => n.hidden))) throw new Error('something was posted');
      await shot('form-estimate');
    });

    await check('the form refuses an invalid request with the field\'s error', async () => {
      await page.click('#submit');
      await page.waitForSelector('#error-prompt:not([hidden])', { timeout: 10000 });
      const error = await page.textContent('#error-prompt');
      if (!error.trim()) throw new Error('empty field error');
      await shot('form-refused');
    });

    let posted;
    await check('the form submits a valid request, which then appears in the list', async () => {
      await page.fill('#field-prompt', 'A paper kite over the sea');
      await page.click('#submit');
      await page.waitForSelector('#form-result a', { timeout: 10000 });
      posted = (await page.textContent('#form-result a')).trim();
      await page.click('nav a[href="#/"]');
      await page.waitForSelector(`tr[data-id="${posted}"]`, { timeout: WITHIN });
      await page.waitForSelector(`tr[data-id="${posted}"] .status-completed`, { timeout: WITHIN });
    });

    await check('cancel works', async () => {
      await page.goto(BASE + '/ui/#/requests/' + encodeURIComponent(LONG_ID));
      await page.waitForSelector('#cancel:not([disabled])', { timeout: WITHIN });
      await page.click('#cancel');
      await page.waitForSelector('#failure-reason', { timeout: WITHIN });
      const reason = await page.textContent('#failure-reason');
      if (!reason.startsWith('cancelled')) throw new Error('failure ' + reason);
      await shot('cancelled');
    });

    await check('a request holding script and onerror payloads is shown as text and runs nothing', async () => {
      const script = '<script>window.__reelayXss = "script"</script>';
      const img = '<img src=x onerror="window.__reelayXss = \'img\'; alert(1)">';
      await page.click('nav a[href="#/new"]');
      await page.waitForSelector('#field-prompt');
      await page.fill('#field-prompt', 'A kite ' + script + img);
      await page.fill('#field-metadata', 'note=' + img + '\nscript=' + script);
      await page.click('#submit');
      await page.waitForSelector('#form-result a', { timeout: 10000 });
      await page.click('#form-result a');
      await page.waitForSelector('#metadata dd', { timeout: 15000 });
      const metadata = await page.textContent('#metadata');
      const sent = await page.textContent('#request-as-sent');
      if (!metadata.includes(img) || !metadata.includes(script)) throw new Error('metadata not shown as text: ' + metadata);
      // The request as sent is JSON text: its quotes are escaped, its tags are not.
      if (!sent.includes('A kite <script>window.__reelayXss = ') || !sent.includes('<img src=x onerror=')) {
        throw new Error('prompt not shown as text: ' + sent);
      }
      await page.waitForSelector('#timeline li', { timeout: WITHIN });
      await page.click('nav a[href="#/"]');
      await page.waitForSelector('#requests tr[data-id]');
      await page.waitForTimeout(1500);
      const ran = await page.evaluate(() => window.__reelayXss);
      const injected = await page.$$eval('main img, main script', nodes => nodes.length);
      if (ran !== undefined) throw new Error('a payload ran: ' + ran);
      if (injected) throw new Error(injected + ' img or script elements in the page');
      if (dialogs.length) throw new Error('dialogs opened: ' + dialogs.join(' | '));
      await page.goBack();
      await page.waitForSelector('#metadata dd', { timeout: 15000 });
      await shot('hostile-request');
    });

    if (cspViolations.length) throw new Error('Content-Security-Policy violations: ' + cspViolations.join(' | '));
    log('DASHBOARD-TEST OK');
  } catch (e) {
    log('FAILED: ' + (e && e.stack || e));
    await shot('failure').catch(() => {});
    process.exitCode = 1;
  } finally {
    await browser.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch(e => { log('FAILED: ' + (e && e.stack || e)); process.exit(1); });
