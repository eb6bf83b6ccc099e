import { Readable, Transform } from 'node:stream';
import type { WhatsAppConfig } from '../../config';
import { AppError, notFound } from '../../shared/errors';
import { isUuid } from '../../shared/ids';
import type { RequestContext } from '../../shared/request-context';
import type { AuditService } from '../audit/audit.service';
import type { ServiceUnitService } from '../service-unit/service-unit.service';
import { Complaint, ComplaintMessage } from './complaint.entity';

/** The largest attachment an officer can open from the console (WhatsApp itself allows documents up to 100 MB). */
export const MEDIA_MAX_BYTES = 10 * 1024 * 1024;
const META_TIMEOUT_MS = 15_000;
const DOWNLOAD_TIMEOUT_MS = 60_000;
/** Types shown inline as images; every other file is offered as a download of opaque bytes. */
const INLINE_IMAGES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** An attachment on its way to the officer: headers to send and the bytes, cut off past the cap. */
export interface OpenedMedia {
  contentType: string;
  disposition: 'inline' | 'attachment';
  filename: string;
  size: number | null;
  body: Readable;
}

const unavailable = (message: string) => new AppError('CONFLICT', message, { reason: 'MEDIA_UNAVAILABLE' });
const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;

/**
 * Attachments of inbound WhatsApp messages. The webhook keeps only the media
 * id and type; the file stays with Meta until an officer opens it: then the
 * Cloud API is asked for it (GET /{media-id} → a short-lived URL, fetched with
 * the same bearer token), and it is streamed through, never stored. Files
 * larger than MEDIA_MAX_BYTES are refused (by the size Meta reports, and again
 * while streaming). The URL must be Meta's (or the configured API's own host):
 * the token is never sent anywhere else. Each opening is audited.
 */
export class ComplaintMediaService {
  constructor(
    private readonly whatsapp: WhatsAppConfig | undefined,
    private readonly units: ServiceUnitService,
    private readonly audit: AuditService,
    private readonly maxBytes: number = MEDIA_MAX_BYTES,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async open(ctx: RequestContext, messageId: string): Promise<OpenedMedia> {
    if (!isUuid(messageId)) throw notFound('Lampiran');
    const m = await ctx.em.findOne(ComplaintMessage, { id: messageId.toLowerCase() });
    if (!m || !m.mediaId || m.channel !== 'WHATSAPP') throw notFound('Lampiran');
    const c = await ctx.em.findOne(Complaint, { id: m.complaintId });
    const scope = await this.units.scopeOf(ctx);
    // Another unit's complaint does not exist for a regional officer, nor its attachments.
    if (!c || (scope && c.unitId !== scope)) throw notFound('Lampiran');
    if (!this.whatsapp) throw unavailable('WhatsApp Cloud API belum dikonfigurasi: lampiran tidak dapat diambil.');
    const auth = { authorization: `Bearer ${this.whatsapp.token}` };

    const meta = await this.get(`${this.whatsapp.apiUrl}/${encodeURIComponent(m.mediaId)}`, auth, META_TIMEOUT_MS);
    if (!meta.ok) {
      throw unavailable(
        `WhatsApp tidak memberikan lampiran ini (HTTP ${meta.status}); lampiran WhatsApp hanya tersedia 30 hari.`,
      );
    }
    const info = (await meta.json().catch(() => ({}))) as { url?: unknown; file_size?: unknown; mime_type?: unknown };
    const url = typeof info.url === 'string' ? info.url : '';
    if (!this.trusted(url)) throw unavailable('Alamat lampiran dari WhatsApp tidak dikenal: tidak diambil.');
    const claimed = Number(info.file_size);
    const details = {
      complaint: c.number,
      mediaType: m.mediaType ?? null,
      size: Number.isFinite(claimed) ? claimed : null,
    };
    if (Number.isFinite(claimed) && claimed > this.maxBytes) {
      await this.audit.write(ctx, ctx.em, {
        action: 'COMPLAINT_MEDIA_OPENED',
        targetType: 'complaint',
        targetId: c.id,
        details: { ...details, refused: 'MEDIA_TOO_LARGE' },
      });
      throw this.tooLarge(claimed);
    }
    const file = await this.get(url, auth, DOWNLOAD_TIMEOUT_MS);
    if (!file.ok || !file.body) throw unavailable(`WhatsApp tidak mengirim lampiran ini (HTTP ${file.status}).`);
    const length = Number(file.headers.get('content-length'));
    if (Number.isFinite(length) && length > this.maxBytes) {
      await file.body.cancel().catch(() => undefined);
      throw this.tooLarge(length);
    }
    await this.audit.write(ctx, ctx.em, {
      action: 'COMPLAINT_MEDIA_OPENED',
      targetType: 'complaint',
      targetId: c.id,
      details,
    });
    const mime = (m.mediaMime ?? '').split(';')[0].trim().toLowerCase();
    const image = INLINE_IMAGES.has(mime);
    return {
      contentType: image ? mime : 'application/octet-stream',
      disposition: image ? 'inline' : 'attachment',
      filename: `lampiran-${c.number}${extension(mime)}`,
      size: Number.isFinite(length) && length > 0 ? length : null,
      body: Readable.fromWeb(file.body as import('node:stream/web').ReadableStream).pipe(capped(this.maxBytes)),
    };
  }

  private tooLarge(size: number): AppError {
    return new AppError(
      'CONFLICT',
      `Lampiran berukuran ${megabytes(size)}, melebihi batas ${megabytes(this.maxBytes)} untuk dibuka di konsol.`,
      { reason: 'MEDIA_TOO_LARGE', size, maxBytes: this.maxBytes },
    );
  }

  private async get(url: string, headers: Record<string, string>, timeoutMs: number): Promise<Response> {
    try {
      return await this.fetchImpl(url, { headers, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
    } catch {
      throw unavailable('WhatsApp tidak dapat dihubungi untuk mengambil lampiran. Coba lagi nanti.');
    }
  }

  /** Meta's media hosts over HTTPS, or the configured API's own origin (a test double, a proxy). */
  private trusted(raw: string): boolean {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      return false;
    }
    if (u.origin === new URL(this.whatsapp!.apiUrl).origin) return true;
    return u.protocol === 'https:' && /(^|\.)(fbsbx\.com|fbcdn\.net|whatsapp\.net)$/.test(u.hostname);
  }
}

/** Passes bytes through until `max`, then fails the stream (the connection ends short of a whole file). */
function capped(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > max) done(new Error(`attachment exceeds ${max} bytes`));
      else done(null, chunk);
    },
  });
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
};
const extension = (mime: string) => EXTENSIONS[mime] ?? '';
