// Chromium for the benchmark (playwright-core, the system Chromium) and its pages on the bench server.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumPath } from '../scripts/chromium-path.js';
import { buildPageScript } from './build-page-script.js';
import type { BenchServer } from './start-bench-server.js';
import type { CpuProfile } from './summarize-profile.js';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches headless Chromium with the flags the browser tests use on these machines. */
export function launchBenchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: ARGS });
}

/** Builds `bench/pages/<name>.ts` and serves it at `/<name>.html` (one script tag). */
export async function addPage(server: BenchServer, name: string, options: { minify?: boolean } = {}): Promise<void> {
  server.addFile(`/${name}.js`, await buildPageScript(name, options));
  server.addFile(`/${name}.html`, `<!doctype html><meta charset="utf-8"><title>${name}</title><script src="/${name}.js"></script>`);
}

/** Runs `work` under the V8 sampling profiler of the page (CDP), sampling every `intervalUs`. */
export async function profilePage<T>(page: Page, work: () => Promise<T>, intervalUs = 100): Promise<{ result: T; profile: CpuProfile }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
  const result = await work();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  return { result, profile: profile as unknown as CpuProfile };
}

/**
 * Opens `/<name>.html` in a fresh context (its own empty storage); page errors are collected. With
 * `cpuThrottling` > 1 the page runs that many times slower (CDP `Emulation.setCPUThrottlingRate`, set
 * before it loads and kept across its navigations): a mobile-class CPU.
 */
export async function openPage(
  browser: Browser, server: BenchServer, name: string, cpuThrottling = 1,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (cpuThrottling > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuThrottling });
  }
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
  await page.goto(`${server.origin}/${name}.html`);
  const isolated = await page.evaluate(() => globalThis.crossOriginIsolated);
  if (!isolated) throw new Error(`${name}.html is not cross-origin isolated`);
  return { context, page, errors };
}
