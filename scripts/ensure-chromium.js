// Makes sure the browser tests have a Chromium: $CHROMIUM_PATH or /usr/bin/chromium, else installs
// Debian's `chromium` when this process may (root with apt-get), else fails with one line saying how.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath, hasChromium } from './chromium-path.js';

if (!hasChromium()) {
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && !process.env.CHROMIUM_PATH;
  if (canInstall) {
    console.error('signals-edge tests: Chromium not found, installing Debian package `chromium`...');
    try {
      execFileSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'] });
      execFileSync('apt-get', ['install', '-y', 'chromium'], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch {
      // reported below
    }
  }
  if (!hasChromium()) {
    console.error(
      `signals-edge tests need Chromium at ${chromiumPath()}: run \`sudo apt-get install -y chromium\` or set CHROMIUM_PATH.`,
    );
    process.exit(1);
  }
}
