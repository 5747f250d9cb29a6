// End-to-end tests in the system Chromium, driven by playwright-core.
// Prerequisite: `npm run build` (this script serves dist/ as a static host would).
// Prints one line per case and a final `e2e: N passed, M failed`; exits non-zero
// on any failure. Every step is time-bounded so the run can never hang.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from './serve.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = join(ROOT, 'dist');
const RESULTS = join(ROOT, 'test-results');
const RUN_TIMEOUT_MS = 110_000;
const CASE_TIMEOUT_MS = 15_000;
const STEP_TIMEOUT_MS = 5_000;
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let passed = 0;
let failed = 0;
const summary = () => `e2e: ${passed} passed, ${failed} failed`;

// Last line of defence: whatever hangs, the run ends.
setTimeout(() => {
  console.log(`FAIL run: exceeded ${RUN_TIMEOUT_MS / 1000} s`);
  failed += 1;
  console.log(summary());
  process.exit(1);
}, RUN_TIMEOUT_MS).unref();

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runCase(name, fn) {
  const started = Date.now();
  try {
    await withTimeout(fn(), CASE_TIMEOUT_MS, name);
    passed += 1;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failed += 1;
    const message = error instanceof Error ? error.message : String(error);
    console.log(`FAIL ${name}: ${message.split('\n').slice(0, 16).join('\n     ')}`);
  }
}

// ---- shared state collected while the cases run ----------------------------
const problems = []; // console errors and uncaught page errors
const outsideRequests = [];
let localRequests = 0;

function isLocal(url) {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;
  return hostname === '127.0.0.1';
}

function watchPage(page) {
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return page;
}

const textOf = (page, selector) => page.locator(selector).innerText();
const htmlAttr = (page, name) => page.evaluate((n) => document.documentElement.getAttribute(n), name);
const bodyBackground = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const shot = (page, name) => page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true });

// ---- the terminal (xterm.js renders rows as DOM text) ------------------------
const TERMINAL = '#pane-terminal';
/** The terminal's screen, one line per row, trailing blanks trimmed (the prompt row reads `$`). */
const rowsOf = (page) =>
  page.evaluate(
    (sel) => [...document.querySelectorAll(`${sel} .xterm-rows > div`)].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()),
    TERMINAL,
  );
async function waitForTerminal(page, pattern, timeout = 8000) {
  // On a timeout, say what the screen showed instead.
  await waitForScreen(page, pattern, timeout).catch(async (error) => {
    const screen = (await rowsOf(page)).filter(Boolean).slice(-12).join('\n');
    throw new Error(`terminal never showed ${pattern}: ${error.message.split('\n')[0]}\nscreen:\n${screen}`);
  });
}
async function waitForScreen(page, pattern, timeout) {
  await page.waitForFunction(
    ([sel, source]) => {
      const rows = [...document.querySelectorAll(`${sel} .xterm-rows > div`)].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd());
      return new RegExp(source, 'm').test(rows.join('\n'));
    },
    [TERMINAL, pattern.source],
    { timeout },
  );
}
async function focusTerminal(page) {
  await page.focus(`${TERMINAL} .xterm-helper-textarea`);
}
async function typeLine(page, line) {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}
/** A real paste: a ClipboardEvent on xterm's textarea, as Ctrl-V delivers it. */
async function paste(page, text) {
  await page.evaluate(
    ([sel, t]) => {
      const area = document.querySelector(`${sel} .xterm-helper-textarea`);
      const data = new DataTransfer();
      data.setData('text/plain', t);
      area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    [TERMINAL, text],
  );
}

const WEB_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
`;

async function main() {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error('dist/index.html not found: run `npm run build` first');
  }
  await mkdir(RESULTS, { recursive: true });
  const server = await serveStatic(DIST);
  const userDataDir = await mkdtemp(join(tmpdir(), 'podsphere-e2e-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 15_000,
      viewport: { width: 1280, height: 820 },
      locale: 'en-US',
      colorScheme: 'light',
      reducedMotion: 'reduce',
    });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    // Block (and record) anything that would leave the machine.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (isLocal(url)) {
        localRequests += 1;
        return route.continue();
      }
      outsideRequests.push(url);
      return route.abort('blockedbyclient');
    });
    const page = watchPage(context.pages()[0] ?? (await context.newPage()));
    await runCases(context, page, server.url);
  } finally {
    await withTimeout(context?.close() ?? Promise.resolve(), 5_000, 'closing Chromium').catch(() => {});
    await server.close();
    await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
  }
}

async function runCases(context, page, url) {
  await runCase('page renders the header and the four panes', async () => {
    await page.goto(url, { waitUntil: 'load' });
    assert.equal(await textOf(page, 'h1'), 'PodSphere');
    assert.match(await textOf(page, '.tagline'), /Kubernetes/);
    assert.equal(await htmlAttr(page, 'lang'), 'en');
    const headings = await page.locator('main h2').allInnerTexts();
    assert.deepEqual(headings, ['YAML', 'Terminal', 'Kubernetes view', 'vSphere view']);
    assert.match(await textOf(page, 'footer'), /simulated/);
    assert.match(await page.title(), /PodSphere/);
    await shot(page, 'en-light');
  });

  await runCase('the simulated cluster boots in a Web Worker and reports its state', async () => {
    await page.waitForFunction(() => /Running in this tab/.test(document.querySelector('.cluster-status')?.textContent ?? ''), null, { timeout: 10000 });
    const status = await textOf(page, '.cluster-status');
    // A fresh kubeadm-like cluster with the ingress-nginx add-on: 5 namespaces, the kubernetes Service at the first service IP.
    assert.match(status, /5 namespaces/);
    assert.match(status, /4 nodes \(4 Ready\)/);
    assert.match(status, /API server at 10\.96\.0\.1/);
    assert.match(status, /simulated time 2026-01-01T00:0\d:\d\dZ/);
  });

  await runCase('theme toggle switches, is remembered and follows the system', async () => {
    assert.equal(await htmlAttr(page, 'data-theme'), 'light');
    const lightBg = await bodyBackground(page);
    await page.click('#theme-toggle');
    assert.equal(await htmlAttr(page, 'data-theme'), 'dark');
    assert.notEqual(await bodyBackground(page), lightBg, 'background should change');
    await shot(page, 'en-dark');
    await page.reload();
    assert.equal(await htmlAttr(page, 'data-theme'), 'dark', 'choice survives a reload');
    await page.click('#theme-toggle');
    assert.equal(await htmlAttr(page, 'data-theme'), 'light');
    // With no stored choice, prefers-color-scheme decides, live.
    await page.evaluate(() => localStorage.removeItem('podsphere.theme'));
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    assert.equal(await htmlAttr(page, 'data-theme'), 'dark', 'follows prefers-color-scheme: dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  });

  await runCase('language switcher changes every visible string (zh-TW, zh-CN)', async () => {
    const enTagline = await textOf(page, '.tagline');
    await page.selectOption('#language-select', 'zh-TW');
    assert.equal(await htmlAttr(page, 'lang'), 'zh-TW');
    assert.notEqual(await textOf(page, '.tagline'), enTagline);
    let body = await textOf(page, 'body');
    assert.match(body, /叢集/, 'zh-TW uses 叢集');
    assert.doesNotMatch(body, /集群|Kubernetes view|Coming soon/, 'no zh-CN or English strings left');
    assert.deepEqual(await page.locator('main h2').allInnerTexts(), ['YAML', '終端機', 'Kubernetes 檢視', 'vSphere 檢視']);
    await shot(page, 'zh-TW');
    await page.reload();
    assert.equal(await htmlAttr(page, 'lang'), 'zh-TW', 'choice survives a reload');

    await page.selectOption('#language-select', 'zh-CN');
    assert.equal(await htmlAttr(page, 'lang'), 'zh-CN');
    body = await textOf(page, 'body');
    assert.match(body, /集群/, 'zh-CN uses 集群');
    assert.doesNotMatch(body, /叢集|Kubernetes view|Coming soon/, 'no zh-TW or English strings left');
    assert.match(await page.title(), /管理员/);
    await page.click('#theme-toggle');
    await shot(page, 'zh-CN');
    await page.click('#theme-toggle');

    await page.selectOption('#language-select', 'en');
    assert.equal(await textOf(page, '.tagline'), enTagline);
  });

  await runCase('first visit picks the language from navigator.languages', async () => {
    await page.evaluate(() => localStorage.removeItem('podsphere.locale'));
    for (const [languages, expected] of [
      [['zh-TW', 'zh'], 'zh-TW'],
      [['zh-CN', 'en'], 'zh-CN'],
      [['fr-FR', 'de'], 'en'],
    ]) {
      const probe = watchPage(await context.newPage());
      await probe.addInitScript((langs) => {
        Object.defineProperty(navigator, 'languages', { get: () => langs });
        Object.defineProperty(navigator, 'language', { get: () => langs[0] });
      }, languages);
      await probe.goto(url);
      assert.equal(await htmlAttr(probe, 'lang'), expected, `languages ${languages.join(',')}`);
      await probe.close();
    }
  });

  await runCase('YAML text survives a reload', async () => {
    const yaml = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n';
    await page.fill('#yaml-input', yaml);
    await page.focus('#yaml-input');
    await page.keyboard.press('End');
    await page.keyboard.type('# 叢集\n');
    await page.reload();
    assert.equal(await page.inputValue('#yaml-input'), `${yaml}# 叢集\n`);
  });

  await runCase('keyboard: Tab reaches every control and Enter/Space toggle the theme', async () => {
    await page.reload();
    const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.className || '');
    await page.keyboard.press('Tab');
    assert.match(await focused(), /skip-link/);
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'language-select');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'theme-toggle');
    const before = await htmlAttr(page, 'data-theme');
    await page.keyboard.press('Enter');
    assert.notEqual(await htmlAttr(page, 'data-theme'), before, 'Enter toggles');
    await page.keyboard.press('Space');
    assert.equal(await htmlAttr(page, 'data-theme'), before, 'Space toggles back');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'yaml-input');
  });

  await runCase('terminal: kubectl apply -f - with a pasted manifest (ended by Ctrl-D)', async () => {
    await page.reload();
    await page.waitForSelector(`${TERMINAL} .xterm-rows`);
    await waitForTerminal(page, /^\$$/);
    const label = await page.getAttribute(`${TERMINAL} .xterm-helper-textarea`, 'aria-label');
    assert.equal(label, 'kubectl terminal');
    await focusTerminal(page);
    await typeLine(page, 'kubectl apply -f -');
    await paste(page, WEB_DEPLOYMENT);
    await page.keyboard.press('Control+d');
    await waitForTerminal(page, /^deployment\.apps\/web created$/);
    // The rosetta card answers for the command that ran.
    await page.waitForFunction(() => /kubectl apply -f -/.test(document.querySelector('.rosetta')?.textContent ?? ''));
    assert.match(await textOf(page, '.rosetta'), /New-VM/);
  });

  await runCase('terminal: kubectl get pods -w shows the rows change, Ctrl-C stops it', async () => {
    await typeLine(page, 'kubectl get pods -w');
    await waitForTerminal(page, /^NAME +READY +STATUS +RESTARTS +AGE$/);
    // Simulated time runs at wall-clock speed: the pods start within seconds.
    await waitForTerminal(page, /^web-\S+ +1\/1 +Running +0 +\d+s$/, 12_000);
    const rows = (await rowsOf(page)).filter((r) => /^web-/.test(r));
    assert.ok(rows.some((r) => /Pending|ContainerCreating/.test(r)), `saw the pods before they ran: ${rows.join(' | ')}`);
    await shot(page, 'terminal-get-pods-watch');
    await page.keyboard.press('Control+c');
    await waitForTerminal(page, /^\^C\n\$$/);
  });

  await runCase('terminal: describe, a PowerCLI cmdlet, and tab completion', async () => {
    await typeLine(page, 'clear');
    await page.keyboard.type('kubectl describe deploy');
    await page.keyboard.press('Tab');
    // Completion answers from the worker: wait for it before typing on, as a person would see it land.
    await waitForTerminal(page, /^\$ kubectl describe deployments$/);
    await page.keyboard.type('w');
    await page.keyboard.press('Tab');
    await waitForTerminal(page, /^\$ kubectl describe deployments web$/);
    await page.keyboard.press('Enter');
    // The end of kubectl's describe layout is on screen (the top has scrolled up).
    await waitForTerminal(page, /^NewReplicaSet: +web-[a-z0-9]+ \(2\/2 replicas created\)\nEvents:\n +Type +Reason +Age +From +Message$/);
    await waitForTerminal(page, /^ +Normal +ScalingReplicaSet +\d+s +deployment-controller +Scaled up/);
    await shot(page, 'terminal-describe');
    await typeLine(page, 'clear');
    await typeLine(page, 'Get-VMHost');
    await waitForTerminal(page, /^Get-VMHost is PowerCLI; this sandbox does not run it\. The kubectl way:$/);
    await waitForTerminal(page, /^ {2}kubectl get nodes/);
    // Several candidates: listed in columns, as bash does, and the line comes back.
    await page.keyboard.type('kubectl get nodes worker-');
    await page.keyboard.press('Tab');
    await waitForTerminal(page, /^worker-1 +worker-2 +worker-3$/);
    await waitForTerminal(page, /^\$ kubectl get nodes worker-$/);
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await waitForTerminal(page, /^worker-2 +Ready +<none> +/);
    // History: Up recalls the last command.
    await page.keyboard.press('ArrowUp');
    await waitForTerminal(page, /^\$ kubectl get nodes worker-2$/);
    await page.keyboard.press('Control+c');
    await shot(page, 'terminal-powercli');
  });

  await runCase('terminal: kubectl edit opens the object in the YAML pane; apply saves the change', async () => {
    await typeLine(page, 'clear');
    await typeLine(page, 'kubectl edit deployment web');
    await page.waitForFunction(() => /^# Please edit the object below\./.test(document.querySelector('#yaml-input')?.value ?? ''));
    const yaml = await page.evaluate(() => document.querySelector('#yaml-input').value);
    assert.match(yaml, /^ {2}replicas: 2$/m);
    assert.match(await textOf(page, '#yaml-saved-hint'), /kubectl edit put deployment\.apps\/web here/);
    await page.fill('#yaml-input', yaml.replace(/^ {2}replicas: 2$/m, '  replicas: 3'));
    await focusTerminal(page);
    await typeLine(page, 'kubectl apply -f workspace.yaml');
    await waitForTerminal(page, /^deployment\.apps\/web configured$/);
    await typeLine(page, 'kubectl get deploy web');
    await waitForTerminal(page, /^web +\d\/3 +\d +\d +\d+s$/);
    await shot(page, 'terminal-edit');
  });

  await runCase('terminal: dark theme and zh-TW rosetta card', async () => {
    await page.click('#theme-toggle');
    const dark = await htmlAttr(page, 'data-theme');
    const bg = await page.evaluate((sel) => getComputedStyle(document.querySelector(`${sel} .xterm-viewport`)).backgroundColor, TERMINAL);
    const surface = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--surface-raised').trim());
    assert.equal(dark, 'dark');
    assert.ok(bg.length > 0 && surface.length > 0);
    await page.selectOption('#language-select', 'zh-TW');
    await page.waitForFunction(() => /PowerCLI 的做法/.test(document.querySelector('.rosetta')?.textContent ?? ''));
    await shot(page, 'terminal-dark-zh-TW');
    await page.selectOption('#language-select', 'en');
    await page.click('#theme-toggle');
  });

  await runCase('no console errors or page errors', async () => {
    assert.deepEqual(problems, []);
  });

  await runCase('no request leaves 127.0.0.1', async () => {
    assert.ok(localRequests > 0, 'saw the page load at all');
    assert.deepEqual(outsideRequests, []);
  });
}

main()
  .catch((error) => {
    failed += 1;
    console.log(`FAIL setup: ${error instanceof Error ? error.message : String(error)}`);
  })
  .finally(() => {
    console.log(summary());
    process.exit(failed > 0 || passed === 0 ? 1 : 0);
  });
