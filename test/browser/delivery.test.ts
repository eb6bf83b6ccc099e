import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { startTestApp } from '../support/app';

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'admin-ui/dist');
const BUDGET = 500 * 1024;

/** What index.html loads before anything shows: the entry script and the chunks it preloads. */
function initialChunks(): string[] {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const entry = [...html.matchAll(/<script type="module"[^>]*src="\/admin\/([^"]+)"/g)].map((m) => m[1]);
  const preloads = [...html.matchAll(/<link rel="modulepreload"[^>]*href="\/admin\/([^"]+)"/g)].map((m) => m[1]);
  return [...entry, ...preloads];
}
const gzipSize = (rel: string) => zlib.gzipSync(fs.readFileSync(path.join(DIST, rel)), { level: 9 }).length;

/**
 * How the console reaches a browser: a small first load, compressed and
 * cached files, and a start that does not rebuild an unchanged tree.
 */
describe('console delivery', () => {
  it('keeps the entry chunk, and everything loaded before the login form, under 500 KB gzip; pages are chunks', () => {
    if (!fs.existsSync(path.join(DIST, 'index.html')))
      throw new Error('Build the console first: npm run build:console');
    const [entry, ...preloaded] = initialChunks();
    expect(entry).toMatch(/^assets\/index-[\w-]+\.js$/);
    const entrySize = gzipSize(entry);
    const initial = entrySize + preloaded.reduce((n, f) => n + gzipSize(f), 0);
    console.log(`entry ${Math.round(entrySize / 1024)} KB gzip, first load ${Math.round(initial / 1024)} KB gzip`);
    expect(entrySize).toBeLessThan(BUDGET);
    expect(initial).toBeLessThan(BUDGET);
    // The dashboard (charts) and the resources' pages are not part of the first load.
    const assets = fs.readdirSync(path.join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
    for (const lazy of ['Dashboard', 'accounts', 'complaints', 'staffUsers']) {
      const chunk = assets.find((f) => f.startsWith(`${lazy}-`));
      expect([lazy, chunk && initialChunks().includes(`assets/${chunk}`)]).toEqual([lazy, false]);
    }
    // Apollo's development hint is compiled out of the production build.
    for (const f of assets)
      expect([f, fs.readFileSync(path.join(DIST, 'assets', f), 'utf8')]).not.toEqual([
        f,
        expect.stringContaining('Download the Apollo DevTools'),
      ]);
  });

  it('serves hashed assets compressed and immutable for a year, index.html compressed and revalidated', async () => {
    const app = await startTestApp();
    try {
      const [entry] = initialChunks();
      const get = (p: string, encoding?: string) =>
        fetch(`${app.url}${p}`, { headers: encoding ? { 'accept-encoding': encoding } : {} });

      const br = await get(`/admin/${entry}`, 'br, gzip');
      expect(br.status).toBe(200);
      expect(br.headers.get('content-encoding')).toBe('br');
      expect(br.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
      expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
      // fetch decodes the body: it is the very file the build wrote.
      expect(await br.text()).toBe(fs.readFileSync(path.join(DIST, entry), 'utf8'));

      const gz = await get(`/admin/${entry}`, 'gzip');
      expect(gz.headers.get('content-encoding')).toBe('gzip');
      const refused = await get(`/admin/${entry}`, 'br;q=0, gzip');
      expect(refused.headers.get('content-encoding')).toBe('gzip');
      const identity = await get(`/admin/${entry}`, 'identity');
      expect(identity.headers.get('content-encoding')).toBeNull();
      expect(identity.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

      for (const p of ['/admin/', '/admin/index.html']) {
        const html = await get(p, 'gzip, deflate, br');
        expect([p, html.status, html.headers.get('content-encoding'), html.headers.get('cache-control')]).toEqual([
          p,
          200,
          'br',
          'no-cache',
        ]);
        expect(html.headers.get('content-type')).toMatch(/^text\/html/);
        expect(await html.text()).toContain('<div id="root">');
      }
      const plainHtml = await get('/admin/', 'identity');
      expect(plainHtml.headers.get('cache-control')).toBe('no-cache');
      expect((await get('/admin/assets/nope-123.js', 'br')).status).toBe(404);
    } finally {
      await app.close();
      await app.dropDatabase();
    }
  });

  it('npm start builds only what changed: nothing after a build, the server or console when a source is newer', () => {
    const script = path.join(ROOT, 'scripts/build-if-stale.mjs');
    const dryRun = (root?: string) =>
      execFileSync(process.execPath, [script, '--dry-run'], {
        env: { ...process.env, ...(root ? { BUILD_ROOT: root } : {}) },
        encoding: 'utf8',
      });
    // This tree was just built (npm test builds first): starting it builds nothing.
    const started = Date.now();
    expect(dryRun()).toBe('');
    expect(Date.now() - started).toBeLessThan(5000);

    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'build-if-stale-'));
    try {
      const write = (rel: string, ageSeconds: number) => {
        fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
        fs.writeFileSync(path.join(tmp, rel), '');
        const t = Date.now() / 1000 - ageSeconds;
        fs.utimesSync(path.join(tmp, rel), t, t);
      };
      write('server/src/main.ts', 100);
      write('admin-ui/src/App.tsx', 100);
      expect(dryRun(tmp)).toBe(
        'server: sources changed since the last build\nconsole: sources changed since the last build\n',
      );
      write('dist/server/src/main.js', 50);
      write('admin-ui/dist/index.html', 50);
      expect(dryRun(tmp)).toBe('');
      write('admin-ui/src/deep/Page.tsx', 10);
      expect(dryRun(tmp)).toBe('console: sources changed since the last build\n');
      write('admin-ui/dist/index.html', 5);
      write('server/src/modules/x.ts', 1);
      expect(dryRun(tmp)).toBe('server: sources changed since the last build\n');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
