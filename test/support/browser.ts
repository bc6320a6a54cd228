import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from '@jest/globals';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { SETUP_TIMEOUT_MS, type TestApp, type TestUser } from '@maillage/testing';
import { startApi } from './app.js';
import { EXPECT_TIMEOUT_MS } from './expect-web.js';

/**
 * Browser tests: the real app (API + built console from dist/web) listening on
 * a free port, driven by Debian's Chromium through playwright-core (no browser
 * is ever downloaded). Without Chromium the suites are skipped.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const webBuilt = existsSync(join(root, 'dist', 'web', 'index.html'));
/**
 * For a suite's beforeAll (app, engine, Chromium, seed data) and afterAll: generous,
 * since on a loaded 2-core machine starting an embedded engine and seeding takes
 * minutes (an afterAll cut short leaves the app running past Jest's teardown).
 */
export const WEB_SETUP_TIMEOUT_MS = SETUP_TIMEOUT_MS;
/** `describe` when Chromium and the built console are there, `describe.skip` otherwise. */
export const describeInBrowser = hasChromium && webBuilt ? describe : describe.skip;

const require = createRequire(import.meta.url);
// axe-core's source, evaluated in the page (the console's CSP forbids injected <script> tags).
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SCREENSHOTS = join(root, 'docs', 'screenshots');

export interface WebApp {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startWebApp(env: NodeJS.ProcessEnv = {}): Promise<WebApp> {
  const t = await startApi(env);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      // WebGL (the alliance graph, sigma) drawn by SwiftShader, Chromium's software renderer: no GPU needed.
      '--use-gl=angle',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    t,
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
      await t.close();
    },
  };
}

export interface ConsolePage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
}

/**
 * A fresh browser context (its own storage), optionally signed in as `user`
 * by handing the console the tokens the API issued (the login form itself is
 * tested in the shell suite). Console errors and page errors are collected.
 */
export async function openConsole(
  web: WebApp,
  options: { user?: TestUser; width?: number; height?: number; locale?: string } = {},
): Promise<ConsolePage> {
  const context = await web.browser.newContext({
    baseURL: web.baseUrl,
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    locale: options.locale ?? 'fr-FR',
    acceptDownloads: true,
  });
  if (options.user) {
    const stored = {
      accessToken: options.user.token,
      refreshToken: options.user.refreshToken,
      expiresAt: Date.now() + 10 * 60_000,
    };
    await context.addInitScript((value) => {
      if (!localStorage.getItem('maillage.session')) localStorage.setItem('maillage.session', value);
    }, JSON.stringify(stored));
  }
  const page = await context.newPage();
  // Generous: a loaded 2-core machine serves and renders slowly (the auto-waiting assertions wait as long).
  page.setDefaultTimeout(EXPECT_TIMEOUT_MS);
  const errors: string[] = [];
  page.on('console', (message) => {
    // Chromium logs every 4xx answer as an error; the tests provoke those on purpose (a wrong
    // password, an invalid form) and check what the console shows instead.
    if (
      message.type() === 'error' &&
      !/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())
    )
      errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  return { page, context, errors };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core (WCAG 2.1 A and AA rules, the basis of RGAA) on the page and
 * fails on any serious or critical violation, naming rule and elements.
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: unknown[] }> } }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations;
  });
  const blocking = (violations as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (blocking.length > 0) {
    const details = blocking
      .map(
        (v) =>
          `- ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes
            .map((node) => node.target.join(' '))
            .slice(0, 5)
            .join('\n    ')}`,
      )
      .join('\n');
    throw new Error(`Accessibility violations on ${label}:\n${details}`);
  }
}

/** Saves a screenshot to docs/screenshots when UPDATE_SCREENSHOTS=1 (the README shows them). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** Fails if the page logged errors (each suite ends its pages with this). */
export function expectNoConsoleErrors(console: ConsolePage, label: string): void {
  if (console.errors.length > 0) throw new Error(`Console errors on ${label}:\n${console.errors.join('\n')}`);
}

/**
 * Clicks the first element `locator` matches until it matches none (each click
 * removes one, as a notice's "Masquer" does). Fails if they keep coming.
 */
export async function clickUntilGone(locator: Locator, atMost = 20): Promise<void> {
  for (let clicks = 0; clicks < atMost; clicks += 1) {
    if ((await locator.count()) === 0) return;
    await locator.first().click();
  }
  throw new Error(`${String(locator)}: still there after ${atMost} clicks`);
}
