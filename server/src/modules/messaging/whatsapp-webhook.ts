import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { Router } from 'express';
import { logger } from '../../shared/logger';

/** The job that applies Cloud API delivery statuses (the webhook answers at once and leaves the work to it). */
export const WHATSAPP_STATUS_TASK = 'whatsapp_statuses';

/** The job that turns inbound Cloud API messages into complaint messages. */
export const WHATSAPP_INBOUND_TASK = 'whatsapp_inbound';

export type ProviderStatus = 'SENT' | 'DELIVERED' | 'READ' | 'FAILED';

/** One delivery status of a sent message, as the Cloud API reports it. */
export interface ProviderStatusUpdate {
  /** The provider's message id (wamid…), as recorded when the gateway accepted the message. */
  providerId: string;
  status: ProviderStatus;
  /** Unix seconds. */
  timestamp: number;
  /** For FAILED: the Cloud API error code (e.g. 131026) and its title. */
  errorCode?: string;
  errorTitle?: string;
}

const STATUSES: Record<string, ProviderStatus> = {
  sent: 'SENT',
  delivered: 'DELIVERED',
  read: 'READ',
  failed: 'FAILED',
};

/** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>`, compared in constant time. */
export function validSignature(raw: Buffer, header: string | undefined, appSecret: string): boolean {
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!m) return false;
  const expected = createHmac('sha256', appSecret).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(m[1], 'hex'));
}

/**
 * The `value` of every change in a webhook body (`entry[].changes[].value`)
 * about our business number: when `phoneNumberId` is configured, a change for
 * another number of the same Meta app (`value.metadata.phone_number_id`) is
 * not ours to take.
 */
function changeValues(body: unknown, phoneNumberId?: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const entries = (body as { entry?: unknown[] })?.entry;
  if (!Array.isArray(entries)) return out;
  for (const entry of entries) {
    const changes = (entry as { changes?: unknown[] })?.changes;
    if (!Array.isArray(changes)) continue;
    for (const change of changes) {
      const value = (change as { value?: unknown })?.value;
      if (!value || typeof value !== 'object') continue;
      const number = (value as { metadata?: { phone_number_id?: unknown } }).metadata?.phone_number_id;
      if (phoneNumberId && String(number) !== phoneNumberId) continue;
      out.push(value as Record<string, unknown>);
    }
  }
  return out;
}

/** The statuses in a webhook body (`entry[].changes[].value.statuses[]`) for our number; anything else is ignored. */
export function statusesOf(body: unknown, phoneNumberId?: string): ProviderStatusUpdate[] {
  const out: ProviderStatusUpdate[] = [];
  for (const value of changeValues(body, phoneNumberId)) {
    const statuses = value.statuses;
    if (!Array.isArray(statuses)) continue;
    for (const raw of statuses) {
      const s = raw as {
        id?: unknown;
        status?: unknown;
        timestamp?: unknown;
        errors?: { code?: unknown; title?: unknown }[];
      };
      const status = typeof s.status === 'string' ? STATUSES[s.status] : undefined;
      if (typeof s.id !== 'string' || s.id.length > 200 || !status) continue;
      const error = Array.isArray(s.errors) ? s.errors[0] : undefined;
      out.push({
        providerId: s.id,
        status,
        timestamp: Number(s.timestamp) || Math.floor(Date.now() / 1000),
        errorCode: error?.code !== undefined ? String(error.code).slice(0, 20) : undefined,
        errorTitle: typeof error?.title === 'string' ? error.title.slice(0, 200) : undefined,
      });
    }
  }
  return out;
}

/** One message a person sent to the business number, as far as this system keeps it. */
export interface InboundWhatsApp {
  /** The Cloud API's message id (wamid…): each is taken once. */
  id: string;
  /** The sender's number in E.164 (`+62…`). */
  from: string;
  /** The profile name WhatsApp reports for the sender, if any. */
  name?: string;
  /** Unix seconds. */
  timestamp: number;
  /** The text, or an image's or document's caption. */
  text?: string;
  /** image or document: only the media id and type are kept (fetched from the Cloud API when an officer opens it). */
  mediaType?: 'image' | 'document';
  mediaId?: string;
  mimeType?: string;
}

const clip = (v: unknown, n: number) => (typeof v === 'string' ? v.slice(0, n) : undefined);

/**
 * The texts, images and documents in a webhook body
 * (`entry[].changes[].value.messages[]`, names from `value.contacts[]`);
 * other types (stickers, reactions, locations…) are ignored, as are messages
 * to another number of the app.
 */
export function messagesOf(body: unknown, phoneNumberId?: string): InboundWhatsApp[] {
  const out: InboundWhatsApp[] = [];
  for (const value of changeValues(body, phoneNumberId)) {
    if (!Array.isArray(value.messages)) continue;
    const names = new Map<string, string>();
    for (const c of Array.isArray(value.contacts) ? value.contacts : []) {
      const contact = c as { wa_id?: unknown; profile?: { name?: unknown } };
      const name = clip(contact.profile?.name, 100);
      if (typeof contact.wa_id === 'string' && name) names.set(contact.wa_id, name);
    }
    for (const raw of value.messages) {
      const m = raw as Record<string, unknown> & { type?: unknown; from?: unknown; id?: unknown };
      if (typeof m.id !== 'string' || m.id.length > 200 || typeof m.from !== 'string') continue;
      if (!/^[1-9]\d{6,14}$/.test(m.from)) continue;
      const base = {
        id: m.id,
        from: `+${m.from}`,
        name: names.get(m.from),
        timestamp: Number(m.timestamp) || Math.floor(Date.now() / 1000),
      };
      if (m.type === 'text') {
        const text = clip((m.text as { body?: unknown } | undefined)?.body, 5000)?.trim();
        if (text) out.push({ ...base, text });
      } else if (m.type === 'image' || m.type === 'document') {
        const media = m[m.type] as { id?: unknown; mime_type?: unknown; caption?: unknown } | undefined;
        const mediaId = clip(media?.id, 200);
        if (!mediaId) continue;
        out.push({
          ...base,
          mediaType: m.type,
          mediaId,
          mimeType: clip(media?.mime_type, 100),
          text: clip(media?.caption, 5000)?.trim() || undefined,
        });
      }
    }
  }
  return out;
}

/**
 * `GET /webhooks/whatsapp`: Meta's subscription check (answers `hub.challenge`
 * when `hub.verify_token` matches). `POST`: Cloud API webhooks, only with a
 * valid signature (401 otherwise, logged without the body); the statuses and
 * the inbound messages for our number (`WHATSAPP_PHONE_NUMBER_ID`, when set)
 * are each queued as one job and the answer is 200 at once.
 */
export function whatsappWebhook(
  cfg: { appSecret?: string; verifyToken?: string; phoneNumberId?: string },
  orm: MikroORM,
): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const ok =
      !!cfg.verifyToken && req.query['hub.mode'] === 'subscribe' && req.query['hub.verify_token'] === cfg.verifyToken;
    if (!ok) {
      res.status(403).json({ error: 'FORBIDDEN', message: 'Token verifikasi webhook tidak cocok.' });
      return;
    }
    res.type('text/plain').send(String(req.query['hub.challenge'] ?? ''));
  });
  router.post('/', express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!cfg.appSecret || !validSignature(raw, req.header('x-hub-signature-256'), cfg.appSecret)) {
      logger.warn('WhatsApp webhook refused: missing or invalid signature', { bytes: raw.length });
      res.status(401).json({ error: 'UNAUTHENTICATED', message: 'Tanda tangan webhook tidak valid.' });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      res.status(400).json({ error: 'VALIDATION_FAILED', message: 'Badan webhook bukan JSON yang valid.' });
      return;
    }
    const statuses = statusesOf(body, cfg.phoneNumberId);
    const messages = messagesOf(body, cfg.phoneNumberId);
    const em = orm.em.fork();
    if (statuses.length) {
      await em.execute(`select graphile_worker.add_job(?, ?::json)`, [
        WHATSAPP_STATUS_TASK,
        JSON.stringify({ statuses }),
      ]);
    }
    if (messages.length) {
      await em.execute(`select graphile_worker.add_job(?, ?::json)`, [
        WHATSAPP_INBOUND_TASK,
        JSON.stringify({ messages }),
      ]);
    }
    res.status(200).json({ received: statuses.length + messages.length });
  });
  return router;
}
