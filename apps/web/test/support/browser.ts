/**
 * Browser helpers for the app's end-to-end tests (reused by the console's tests): Debian Chromium
 * through playwright-core, a phone-sized page, axe-core checks and screenshots for docs/images.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

/** The web server of the test stack (scripts/lib/web-server.mjs on WEB_PORT). */
export function webUrl(pathname = '/'): string {
  const port = process.env.WEB_PORT;
  if (!port) throw new Error('WEB_PORT is not set: run the tests through scripts/test.mjs');
  return `http://127.0.0.1:${port}${pathname}`;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** An iPhone 12/13/14-sized page (390×844, touch, 3× pixels). */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
};

export async function newPhonePage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ ...PHONE, ...options });
  return context.newPage();
}

/** The WCAG A/AA violations axe-core finds on the page that are serious or critical (should be none). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const SCREENSHOT_DIR = path.resolve(__dirname, '../../../../docs/images');

/**
 * Saves a screenshot as docs/images/<name>.png when SCREENSHOTS=1 (set by
 * `node apps/web/scripts/screenshots.mjs`), so plain test runs leave the tree untouched. Never fails
 * the test: a screenshot is documentation, not an assertion.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  try {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    // The viewport at CSS pixels (not the phone's 3× device pixels, not the full page): small PNGs.
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), scale: 'css' });
  } catch (err) {
    console.warn(`screenshot ${name} not written: ${(err as Error).message}`);
  }
}
