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

const escapeHtml = (v: string) =>
  v.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The page the link in the mail opens: nothing is handed over until the applicant presses a button. */
const LANDING_PAGE = (token: string) => `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Data pribadi Anda</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5">
<h1>Data pribadi Anda</h1>
<p>Tautan ini hanya dapat dibuka <strong>satu kali</strong>. Setelah Anda memilih salah satu tombol di bawah,
data Anda diberikan dan tautan tidak berlaku lagi. Simpan berkas yang Anda terima.</p>
${(['html', 'pdf', 'json'] as const)
  .map(
    (format) => `<form method="post" action="data-export" style="margin:0.75rem 0">
<input type="hidden" name="token" value="${escapeHtml(token)}"><input type="hidden" name="format" value="${format}">
<button type="submit" style="font-size:1rem;padding:0.5rem 1rem">${
      { html: 'Lihat data saya (dengan PDF dan JSON untuk disimpan)', pdf: 'Unduh PDF', json: 'Unduh JSON' }[format]
    }</button></form>`,
  )
  .join('\n')}
</body></html>`;

type Format = 'json' | 'html' | 'pdf';

/**
 * The one-time link of an access export. `GET /data-export?token=…` (the
 * link in the mail) only shows a page with buttons and hands nothing over,
 * so a mail provider's link scanner or a preview cannot use the link up.
 * `POST /data-export` with `token` and `format` (a form or JSON) opens it:
 * the bundle as JSON, as a readable page (with the PDF and the JSON inside,
 * to save), or as the PDF alone. Once; then 410, as after expiry; an
 * unknown token is 404.
 */
export function dataExportPage(exports: DataExportService, orm: MikroORM): express.Router {
  const router = express.Router();
  const headers = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
  router.get('/data-export', async (req, res, next) => {
    res.set(headers);
    try {
      const token = typeof req.query.token === 'string' ? req.query.token : '';
      const state = await exports.check(orm.em.fork(), token);
      if (state === 'ok') res.type('html').send(LANDING_PAGE(token));
      else {
        const err = new ExportLinkError(state);
        res.status(state).type('html').send(GONE_PAGE(err.message));
      }
    } catch (err) {
      next(err);
    }
  });
  router.post(
    '/data-export',
    express.urlencoded({ extended: false, limit: '4kb' }),
    express.json({ limit: '4kb' }),
    async (req, res, next) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const asked = typeof body.format === 'string' ? body.format : undefined;
      const format: Format =
        asked === 'pdf' || asked === 'json' || asked === 'html'
          ? asked
          : req.accepts(['json', 'html']) === 'html'
            ? 'html'
            : 'json';
      res.set(headers);
      try {
        const token = typeof body.token === 'string' ? body.token : '';
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
    },
  );
  return router;
}
