import fs from 'node:fs';
import { ensureBuilt } from '../security/real-server.js';
import { CHROMIUM } from './harness.js';

/** Builds dist/ once for every e2e file, and says plainly when the browser is missing. */
export default function setup(): void {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install -y chromium); the tests never download a browser.`);
  }
  ensureBuilt();
}
