import express from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { requestContext } from '../../shared/request-context';
import { DataExportService, ExportLinkError } from './data-export.service';
import { exportHtml } from './export-bundle';
import { exportPdf } from './export-pdf';

const GONE_PAGE = (message: string) => `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Tautan tidak berlaku</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>Tautan tidak berlaku</h1><p>${message}</p></body></html>`;

/**
 * `GET /data-export?token=…`, the one-time link of an access export: the
 * bundle as JSON, or as a readable page (with the JSON and the PDF inside,
 * to save) when the client asks for HTML (`Accept: text/html`, or
 * `format=html`), or as the readable PDF alone (`format=pdf`). Once; then
 * 410, as after expiry; an unknown token is 404.
 */
export function dataExportPage(exports: DataExportService, orm: MikroORM): express.Router {
  const router = express.Router();
  router.get('/data-export', async (req, res, next) => {
    const asked = typeof req.query.format === 'string' ? req.query.format : undefined;
    const format =
      asked === 'pdf'
        ? 'pdf'
        : asked === 'html' || (asked !== 'json' && req.accepts(['json', 'html']) === 'html')
          ? 'html'
          : 'json';
    res.set({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    try {
      const token = typeof req.query.token === 'string' ? req.query.token : '';
      const ctx = requestContext(orm.em.fork(), undefined, req.ip ?? null);
      const bundle = await exports.open(ctx, token, format);
      const file = `data-pribadi-${bundle.request.number}`;
      if (format === 'pdf') {
        res
          .type('application/pdf')
          .set('content-disposition', `attachment; filename="${file}.pdf"`)
          .send(await exportPdf(bundle));
      } else if (format === 'html') res.type('html').send(exportHtml(bundle, await exportPdf(bundle)));
      else res.set('content-disposition', `attachment; filename="${file}.json"`).json(bundle);
    } catch (err) {
      if (!(err instanceof ExportLinkError)) return next(err);
      res.status(err.httpStatus);
      if (format === 'html') res.type('html').send(GONE_PAGE(err.message));
      else res.json({ error: err.code, message: err.message });
    }
  });
  return router;
}
