import fs from 'node:fs';
import path from 'node:path';
import express, { RequestHandler } from 'express';

/** Hashed asset names never change content: browsers keep them a year. Everything else is asked again. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
const ENCODINGS = [
  ['br', '.br'],
  ['gzip', '.gz'],
] as const;

/** The encodings an Accept-Encoding header allows (q=0 refuses one). */
function accepted(header: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) out.add(name);
  }
  return out;
}

/**
 * The built console: a file with a content hash in its name (`assets/…`) is
 * cached as immutable, index.html is revalidated on every visit (so a new
 * build reaches officers at once). When the build wrote a brotli or gzip copy
 * beside a file (admin-ui/vite.config.mts) and the browser accepts it, that
 * copy is sent as it is; nothing is compressed per request.
 */
export function consoleFiles(dir: string): RequestHandler {
  const cacheControl = (rel: string) => (rel.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
  const plain = express.static(dir, {
    cacheControl: false,
    setHeaders: (res, file) => {
      res.setHeader('Cache-Control', cacheControl(`/${path.relative(dir, file).split(path.sep).join('/')}`));
    },
  });
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const rel = req.path.endsWith('/') ? `${req.path}index.html` : req.path;
    const file = path.join(dir, path.normalize(decodeURIComponent(rel)));
    if (!file.startsWith(dir + path.sep)) return next();
    const allowed = accepted(req.headers['accept-encoding']);
    for (const [encoding, ext] of ENCODINGS) {
      if (!allowed.has(encoding) || !fs.existsSync(file + ext)) continue;
      res.setHeader('Content-Encoding', encoding);
      res.setHeader('Vary', 'Accept-Encoding');
      res.setHeader('Cache-Control', cacheControl(rel));
      res.type(path.extname(file));
      return res.sendFile(file + ext, { cacheControl: false }, (err) => err && next(err));
    }
    if (fs.existsSync(file + '.gz')) res.setHeader('Vary', 'Accept-Encoding');
    return plain(req, res, next);
  };
}
