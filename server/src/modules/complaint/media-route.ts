import { pipeline } from 'node:stream/promises';
import { refuseLimitedSession } from '../../shared/limited-session';
import express from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../shared/errors';
import { logger } from '../../shared/logger';
import { type Actor, type RequestContext, STAFF_ROLE_RANK } from '../../shared/request-context';
import type { ComplaintMediaService } from './complaint-media.service';

export const MEDIA_PATH = '/complaint-media';

const STATUS: Record<string, number> = { NOT_FOUND: 404, CONFLICT: 409, FORBIDDEN: 403, UNAUTHENTICATED: 401 };

/**
 * `GET /complaint-media/:messageId` with the staff bearer token [HELPDESK+]:
 * the attachment of an inbound WhatsApp message, fetched from the Cloud API
 * now and streamed through (see ComplaintMediaService). Images the console
 * shows come as image/jpeg|png|webp inline; anything else as an opaque
 * download. Errors as JSON `{ error, message, reason }`; a file over the cap is
 * 413 with reason MEDIA_TOO_LARGE.
 */
export function complaintMediaRoute(
  media: ComplaintMediaService,
  orm: MikroORM,
  principal: (em: EntityManager, authorization: string | undefined) => Promise<Actor>,
  context: (actor: Actor, ip: string | null, em: EntityManager) => RequestContext,
): express.Router {
  const router = express.Router();
  router.get(`${MEDIA_PATH}/:id`, async (req, res, next) => {
    res.set({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    try {
      const em = orm.em.fork();
      const actor = await principal(em, req.headers.authorization);
      if (actor.kind === 'ANONYMOUS') {
        throw new AppError('UNAUTHENTICATED', 'Masuk sebagai petugas untuk membuka lampiran.');
      }
      if (actor.kind !== 'STAFF' || STAFF_ROLE_RANK[actor.role] < STAFF_ROLE_RANK.HELPDESK) {
        throw new AppError('FORBIDDEN', 'Lampiran pengaduan hanya untuk petugas helpdesk.');
      }
      // A session still limited to replacing a generated password opens nothing here either.
      refuseLimitedSession(actor, 'complaintMedia');
      const opened = await media.open(context(actor, req.ip ?? null, em), String(req.params.id));
      res.set({
        'content-type': opened.contentType,
        'content-disposition': `${opened.disposition}; filename="${opened.filename}"`,
        // Whatever the file holds, it never runs as a page of this origin.
        'content-security-policy': "sandbox; default-src 'none'",
        ...(opened.size ? { 'content-length': String(opened.size) } : {}),
      });
      await pipeline(opened.body, res).catch((err: unknown) => {
        // Past the cap or cut by the provider: the response ends short (headers are out already).
        logger.warn('complaint attachment stream ended early', { reason: String(err) });
        res.destroy();
      });
    } catch (err) {
      if (!(err instanceof AppError)) return next(err);
      const tooLarge = err.extensions.reason === 'MEDIA_TOO_LARGE';
      res
        .status(tooLarge ? 413 : (STATUS[err.code] ?? 400))
        .json({ error: err.code, message: err.message, ...err.extensions, code: undefined });
    }
  });
  return router;
}
