import fs from 'node:fs';
import path from 'node:path';
import { chromium, Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`), or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where browser tests leave their screenshots (git-ignored), to be looked at. */
export const SHOTS = path.resolve(__dirname, '../browser/screenshots');

/**
 * Headless Chromium for a console test: fails at once, saying what to do,
 * when Chromium or the built console is missing.
 */
export async function launchConsoleBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  if (!fs.existsSync(path.resolve(__dirname, '../../admin-ui/dist/index.html')))
    throw new Error('Build the console first: npm run build:console');
  fs.mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync'],
  });
}
