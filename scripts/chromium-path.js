// Where the browser tests find Chromium: $CHROMIUM_PATH, else Debian's /usr/bin/chromium.
import { existsSync } from 'node:fs';

/** @returns {string} */
export function chromiumPath() {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** @returns {boolean} */
export function hasChromium() {
  return existsSync(chromiumPath());
}
