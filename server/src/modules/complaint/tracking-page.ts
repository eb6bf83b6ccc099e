import express from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { AppError } from '../../shared/errors';
import { requestContext, type RequestContext } from '../../shared/request-context';
import type { ComplaintTracking, TrackedComplaint } from './complaint-tracking.service';

export const TRACKING_PATH = '/pengaduan/cek';

const STATUS_LABEL: Record<string, string> = {
  OPEN: 'Diterima, menunggu petugas',
  IN_PROGRESS: 'Sedang ditangani',
  RESOLVED: 'Selesai',
  CLOSED: 'Ditutup',
};
const MEDIA_LABEL: Record<string, string> = { image: '[gambar]', document: '[dokumen]' };
const NOT_FOUND = 'Pengaduan tidak ditemukan untuk nomor dan kontak tersebut. Periksa kembali keduanya.';

const esc = (v: string) =>
  v.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const WIB = new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', dateStyle: 'long', timeStyle: 'short' });
const when = (d: Date) => `${WIB.format(d)} WIB`;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * `/pengaduan/cek` (no login): a form asking for the complaint number and
 * the contact it was filed with, and the answer as a page; `/pengaduan/cek.json`
 * answers the same lookup as JSON (`{ number, contact, captcha: { id, answer } }`).
 * Never cached: the answer is one reporter's.
 */
export function trackingPages(tracking: ComplaintTracking, orm: MikroORM): express.Router {
  const router = express.Router();
  const ctxOf = (req: express.Request): RequestContext => requestContext(orm.em.fork(), undefined, req.ip ?? null);
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  router.get(TRACKING_PATH, async (req, res, next) => {
    try {
      res
        .set('cache-control', 'no-store')
        .type('html')
        .send(await page(tracking, ctxOf(req), {}));
    } catch (err) {
      next(err);
    }
  });

  router.post(TRACKING_PATH, form, async (req, res, next) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const number = str(body.nomor);
    const contact = str(body.kontak);
    const ctx = ctxOf(req);
    try {
      const found = await lookup(tracking, ctx, number, contact, str(body.captchaId), str(body.altcha));
      res
        .status(found ? 200 : 404)
        .set('cache-control', 'no-store')
        .type('html')
        .send(await page(tracking, ctx, { number, found, error: found ? undefined : NOT_FOUND }));
    } catch (err) {
      if (!(err instanceof AppError)) return next(err);
      const status = err.code === 'RATE_LIMITED' ? 429 : 400;
      if (err.code === 'RATE_LIMITED') res.set('retry-after', String(err.extensions.retryAfterSeconds));
      res
        .status(status)
        .set('cache-control', 'no-store')
        .type('html')
        .send(
          await page(tracking, requestContext(orm.em.fork(), undefined, req.ip ?? null), {
            number,
            error: err.message,
          }),
        );
    }
  });

  router.post(`${TRACKING_PATH}.json`, express.json({ limit: '16kb' }), async (req, res, next) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const captcha = (body.captcha ?? {}) as Record<string, unknown>;
    try {
      const found = await lookup(
        tracking,
        ctxOf(req),
        str(body.number),
        str(body.contact),
        str(captcha.id),
        str(captcha.answer),
      );
      res.set('cache-control', 'no-store');
      if (!found) res.status(404).json({ error: 'NOT_FOUND', message: NOT_FOUND });
      else res.json({ complaint: toJson(found) });
    } catch (err) {
      if (!(err instanceof AppError)) return next(err);
      const { code, ...extra } = err.extensions;
      if (code === 'RATE_LIMITED') res.set('retry-after', String(extra.retryAfterSeconds));
      res
        .status(code === 'RATE_LIMITED' ? 429 : 400)
        .set('cache-control', 'no-store')
        .json({ error: code, message: err.message, ...extra });
    }
  });
  return router;
}

async function lookup(
  tracking: ComplaintTracking,
  ctx: RequestContext,
  number: string,
  contact: string,
  captchaId: string,
  altcha: string,
): Promise<TrackedComplaint | null> {
  if (!number.trim() || !contact.trim()) {
    throw new AppError('VALIDATION_FAILED', 'Isi nomor pengaduan dan email atau nomor telepon yang Anda pakai.', {
      fields: {},
    });
  }
  return tracking.find(ctx, number, contact, captchaId ? { id: captchaId, answer: altcha } : null);
}

function toJson(c: TrackedComplaint) {
  return {
    number: c.number,
    status: c.status,
    statusLabel: STATUS_LABEL[c.status] ?? c.status,
    createdAt: c.createdAt.toISOString(),
    dueAt: c.dueAt.toISOString(),
    resolvedAt: c.resolvedAt?.toISOString() ?? null,
    closedAt: c.closedAt?.toISOString() ?? null,
    mergedInto: c.mergedInto,
    messages: c.messages.map((m) => ({
      from: m.from,
      at: m.at.toISOString(),
      body: m.body,
      mediaType: m.mediaType,
    })),
  };
}

function resultHtml(c: TrackedComplaint): string {
  const dates = [
    ['Diterima', when(c.createdAt)],
    ['Target penyelesaian', when(c.dueAt)],
    ...(c.resolvedAt ? [['Diselesaikan', when(c.resolvedAt)]] : []),
    ...(c.closedAt ? [['Ditutup', when(c.closedAt)]] : []),
  ];
  const messages = c.messages.length
    ? c.messages
        .map(
          (m) =>
            `<li class="${m.from === 'PETUGAS' ? 'out' : 'in'}"><div class="who">${m.from === 'PETUGAS' ? 'Petugas' : 'Anda'} · ` +
            `${esc(when(m.at))}</div><div class="body">${esc(
              [m.mediaType ? (MEDIA_LABEL[m.mediaType] ?? '[lampiran]') : '', m.body ?? ''].filter(Boolean).join(' '),
            )}</div></li>`,
        )
        .join('\n')
    : '<li class="none">Belum ada pesan.</li>';
  return `<section class="result" aria-live="polite">
<h2>Pengaduan ${esc(c.number)}</h2>
<p class="status">Status: <strong>${esc(STATUS_LABEL[c.status] ?? c.status)}</strong></p>
${
  c.mergedInto
    ? `<p class="merged" data-merged-into="${esc(c.mergedInto)}">Pengaduan ini digabung ke pengaduan <strong>${esc(
        c.mergedInto,
      )}</strong>: percakapan dan tindak lanjutnya ada di sana. Cek nomor tersebut dengan kontak yang Anda pakai.</p>`
    : ''
}
<dl>${dates.map(([k, v]) => `<dt>${k}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
<h3>Percakapan</h3>
<ol class="thread">
${messages}
</ol>
</section>`;
}

async function page(
  tracking: ComplaintTracking,
  ctx: RequestContext,
  state: { number?: string; found?: TrackedComplaint | null; error?: string },
): Promise<string> {
  let captcha = '';
  if (tracking.captchaEnabled) {
    try {
      const ch = await tracking.challenge(ctx);
      captcha =
        `<input type="hidden" name="captchaId" value="${esc(ch!.id)}">` +
        `<altcha-widget language="id" name="altcha" challenge="${esc(ch!.altcha)}"></altcha-widget>` +
        '<script type="module" src="/altcha.js"></script>';
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      state = { ...state, error: err.message };
    }
  }
  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Cek Pengaduan – Layanan Bantuan OSS</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f4f6f8; margin: 0; color: #1d2329; }
  main { max-width: 620px; margin: 4vh auto; background: #fff; padding: 1.5rem 2rem; border-radius: 8px;
    box-shadow: 0 1px 4px #0002; }
  label { display: block; margin-top: .8rem; font-weight: 600; }
  input[type=text] { width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; }
  altcha-widget { display: block; margin-top: 1rem; }
  button { margin-top: 1rem; width: 100%; padding: .7rem; font-size: 1rem; background: #0b5cad; color: #fff;
    border: 0; border-radius: 4px; }
  .err { color: #b00020; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
  dt { color: #5a6570; } dd { margin: 0; }
  .thread { list-style: none; padding: 0; }
  .thread li { margin: .5rem 0; padding: .5rem .75rem; border-radius: 6px; background: #eef2f6; white-space: pre-wrap; }
  .thread li.out { background: #e3f0fb; }
  .who { font-size: .85rem; color: #5a6570; }
  footer { margin-top: 2rem; font-size: .85rem; color: #5a6570; }
</style>
</head>
<body>
<main>
<h1>Cek Pengaduan</h1>
${state.found ? resultHtml(state.found) : ''}
${state.error ? `<p class="err" role="alert">${esc(state.error)}</p>` : ''}
${state.found ? '<h2 class="again">Cek pengaduan lain</h2>' : ''}
<form method="post" action="${TRACKING_PATH}">
<p>Masukkan nomor pengaduan (misalnya ADU-2026-000123) dan email atau nomor telepon yang Anda pakai saat mengadu.</p>
<label for="nomor">Nomor pengaduan</label>
<input type="text" id="nomor" name="nomor" required maxlength="40" autocomplete="off" value="${esc(state.number ?? '')}">
<label for="kontak">Email atau nomor telepon</label>
<input type="text" id="kontak" name="kontak" required maxlength="254" autocomplete="off">
${captcha}
<button type="submit">Cek status</button>
</form>
<footer>Halaman ini menampilkan status, tanggal, dan pesan antara Anda dan petugas. Catatan internal petugas tidak
pernah ditampilkan.</footer>
</main>
</body>
</html>
`;
}
