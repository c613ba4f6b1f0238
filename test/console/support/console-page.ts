// Shared set-up of the console's browser tests: the local stack with the console on a free
// port, system Chromium driven by playwright-core, and screenshots kept as test artifacts.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type LocalStack, startLocalStack } from '../../../functions/local/stack.ts';
import { chromiumArgs, ensureChromium } from './chromium.ts';

/** Screenshots of the main states (gitignored). */
export const SCREENSHOT_DIR = fileURLToPath(
  new URL('../../../.tmp/console-screenshots/', import.meta.url),
);

export interface ConsoleFixture {
  stack: LocalStack;
  browser: Browser;
  /** Everything the stack logged: access log lines and gateway diagnostics. */
  logs: string[];
  stop(): Promise<void>;
}

export async function startConsoleFixture(secret: {
  appId: number;
  serverSecret: string;
}): Promise<ConsoleFixture> {
  const logs: string[] = [];
  const executablePath = ensureChromium(process.env, (line) => console.log(line));
  const stack = await startLocalStack({
    env: {},
    port: 0,
    quiet: true,
    secret: { ...secret, generated: false },
    devConsole: true,
    onAccessLog: (entry) => logs.push(JSON.stringify(entry)),
    onDiagnostic: (message) => logs.push(message),
  });
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath, args: chromiumArgs(), headless: true });
  } catch (error) {
    await stack.stop();
    throw error;
  }
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    stack,
    browser,
    logs,
    async stop() {
      await browser.close();
      await stack.stop();
    },
  };
}

/** A fresh page on the console, ready (script loaded, seeded users listed). */
export async function openConsole(
  fixture: ConsoleFixture,
  options: { width?: number; height?: number; clipboard?: boolean } = {},
): Promise<Page> {
  const context = await fixture.browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    // The page's copy buttons write with the Clipboard API; a test reads it back in the page.
    ...(options.clipboard ? { permissions: ['clipboard-read', 'clipboard-write'] } : {}),
  });
  const page = await context.newPage();
  await page.goto(`${fixture.stack.url}/console/`);
  await page.locator('body[data-ready="true"]').waitFor();
  await page.locator('button[data-user="alice"]').waitFor();
  return page;
}

export async function signInAs(page: Page, username: string): Promise<void> {
  await page.locator(`button[data-user="${username}"]`).click();
  await page.locator('#identity [data-field="username"]', { hasText: username }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** The text of a `data-field` inside `scope`. */
export async function field(page: Page, scope: string, name: string): Promise<string> {
  return (await page.locator(`${scope} [data-field="${name}"]`).first().textContent()) ?? '';
}

/** Unix seconds out of a formatted time `2026-12-02 09:10:11 UTC (1795…)`. */
export function unixOf(text: string): number {
  const match = /\((\d+)\)$/.exec(text.trim());
  if (!match) throw new Error(`no Unix time in ${JSON.stringify(text)}`);
  return Number(match[1]);
}

/** What the page's clipboard holds (read in the page, as a paste would). */
export function readClipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}
