// Builds the server (tsc) and the console (vite) only when a source is newer
// than the build output, so `npm start` on an unchanged tree starts at once.
// `--dry-run` prints what would be built and builds nothing.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// BUILD_ROOT: another tree to look at (the tests use a scratch copy).
const ROOT = process.env.BUILD_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What each build reads and the file it writes last (its presence and age stand for the whole output). */
export const TARGETS = [
  {
    name: 'server',
    script: 'build',
    output: 'dist/server/src/main.js',
    sources: ['server/src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'],
  },
  {
    name: 'console',
    script: 'build:console',
    output: 'admin-ui/dist/index.html',
    sources: [
      'admin-ui/src',
      'admin-ui/index.html',
      'admin-ui/vite.config.mts',
      'admin-ui/tsconfig.json',
      'package-lock.json',
    ],
  },
];

/** The newest modification time (ms) under the given files and folders; 0 when none exists. */
export function newestMtime(root, entries) {
  let newest = 0;
  const visit = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) visit(path.join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const e of entries) visit(path.join(root, e));
  return newest;
}

/** Whether a target must be built: its output is missing or older than one of its sources. */
export function isStale(root, target) {
  const out = path.join(root, target.output);
  if (!fs.existsSync(out)) return true;
  return newestMtime(root, target.sources) > fs.statSync(out).mtimeMs;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dryRun = process.argv.includes('--dry-run');
  for (const t of TARGETS) {
    if (!isStale(ROOT, t)) continue;
    console.log(`${t.name}: sources changed since the last build${dryRun ? '' : ', building'}`);
    if (!dryRun) execSync(`npm run --silent ${t.script}`, { cwd: ROOT, stdio: 'inherit' });
  }
}
