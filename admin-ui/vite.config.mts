import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { defineConfig, Plugin } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * Writes a gzip and a brotli copy beside every text asset once the bundle is
 * written, so the server sends compressed files without compressing per request.
 */
function precompress(): Plugin {
  return {
    name: 'hak-akses-precompress',
    apply: 'build',
    closeBundle() {
      const walk = (dir: string): string[] =>
        fs
          .readdirSync(dir, { withFileTypes: true })
          .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(path.join(root, 'dist'))) {
        if (!/\.(js|css|html|svg|json)$/.test(file)) continue;
        const body = fs.readFileSync(file);
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(body, { level: 9 }));
        fs.writeFileSync(
          `${file}.br`,
          zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

/**
 * The console is served by the server at /admin/ (hash routes), built into
 * admin-ui/dist. Asset names carry a content hash (cached for a year);
 * resources and the dashboard's charts are chunks of their own (App.tsx).
 */
export default defineConfig(({ mode }) => ({
  root,
  base: '/admin/',
  // Apollo Client's development checks and its "Download the Apollo DevTools" hint: off in production builds.
  define: { 'globalThis.__DEV__': JSON.stringify(mode !== 'production') },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // kB before compression; test/console-bundle.test.ts holds the gzip budget.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      // Libraries marked "use client" for server components; meaningless in this client-only bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  plugins: [precompress()],
  oxc: { jsx: { runtime: 'automatic' } },
  logLevel: 'warn',
}));
