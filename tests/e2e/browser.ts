import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../infra/local/runtime.ts';
import { dropTable } from '../../infra/local/table.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, driven by playwright-core (Playwright's own browser download cannot work here). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium was not found at ${chromiumPath}: install it with \`sudo apt-get install -y chromium\`.`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** WCAG 2.1 A and AA rules (and best practice) must find nothing on the page as it stands. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, `axe on ${page.url()}`).toEqual([]);
}

/**
 * The local runtime on its own table in the shared DynamoDB Local, and Chromium, for one test
 * file; both are stopped and the table dropped after it. Call at the top level of the file.
 */
export function useRuntimeAndBrowser(
  options: Omit<Parameters<typeof startLocalRuntime>[0], 'tableName' | 'apiPort' | 'dynamoDb'>,
  contextOptions: BrowserContextOptions = {},
) {
  const tableName = `e2e-${randomUUID()}`;
  const handles = {} as { runtime: LocalRuntime; browser: Browser; context: BrowserContext; page: Page };
  beforeAll(async () => {
    handles.runtime = await startLocalRuntime({ ...options, tableName, apiPort: 0, dynamoDb: { endpoint: inject('dynamoDbEndpoint') } });
    handles.browser = await launchChromium();
    handles.context = await handles.browser.newContext(contextOptions);
    handles.page = await handles.context.newPage();
  });
  afterAll(async () => {
    await handles.browser?.close();
    await handles.runtime?.stop();
    await dropTable(inject('dynamoDbEndpoint'), tableName);
  });
  return handles;
}
