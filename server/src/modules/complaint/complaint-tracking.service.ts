import { timingSafeEqual } from 'node:crypto';
import { normalizeEmail } from '../../domain/email';
import { normalizePhone } from '../../domain/phone';
import { sha256 } from '../../shared/crypto';
import { rateLimited } from '../../shared/errors';
import type { RequestContext } from '../../shared/request-context';
import type { AuditService } from '../audit/audit.service';
import type { ThrottleService } from '../auth/throttle.service';
import type { CaptchaAnswerInput, CaptchaService } from '../captcha/captcha.service';
import { Complaint, ComplaintMessage } from './complaint.entity';
import type { ComplaintStatus } from './complaint.machine';
import { addressKey } from '../../shared/client-address';

/** Lookups per client address and per complaint number, each per hour. */
export const TRACKING_LIMITS = { perIpPerHour: 30, perNumberPerHour: 5 };
export type TrackingLimits = typeof TRACKING_LIMITS;

/** One message of the conversation as the reporter sees it: their own, or the helpdesk's reply. */
export interface TrackedMessage {
  from: 'PELAPOR' | 'PETUGAS';
  at: Date;
  body: string | null;
  /** image or document: only that one was attached (the file is not shown here). */
  mediaType: string | null;
}

/** What the public page shows: never notes, never who handled it, never the contact itself. */
export interface TrackedComplaint {
  number: string;
  status: ComplaintStatus;
  createdAt: Date;
  dueAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  /** Merged into another complaint of the same reporter: that complaint's number (follow it there). */
  mergedInto: string | null;
  messages: TrackedMessage[];
}

/** The contact as stored on a complaint (lower-case email or E.164 phone), or null when it is neither. */
function contactKey(raw: string): string | null {
  const s = raw.trim();
  if (s.includes('@')) {
    const e = normalizeEmail(s);
    return e.ok ? e.email : null;
  }
  const p = normalizePhone(s);
  return p.ok ? p.e164 : null;
}

const sameContact = (a: string, b: string) => timingSafeEqual(Buffer.from(sha256(a)), Buffer.from(sha256(b)));

/**
 * Reporters follow their complaint without an account (`/pengaduan/cek`):
 * the complaint number and the contact it was filed with, behind a captcha
 * and two rate limits (per address, per number). A wrong number and a wrong
 * contact get the same answer, null, so the page tells nobody which numbers
 * exist. A complaint without a contact cannot be followed here.
 */
export class ComplaintTracking {
  constructor(
    private readonly captcha: CaptchaService,
    private readonly throttle: ThrottleService,
    private readonly audit: AuditService,
    private readonly limits: TrackingLimits = TRACKING_LIMITS,
  ) {}

  get captchaEnabled(): boolean {
    return this.captcha.enabled;
  }

  /** A captcha challenge for the form (null when captchas are off). */
  async challenge(ctx: RequestContext): Promise<{ id: string; altcha: string } | null> {
    if (!this.captcha.enabled) return null;
    const { id, altcha } = await this.captcha.create(ctx);
    return { id, altcha };
  }

  async find(
    ctx: RequestContext,
    number: string,
    contact: string,
    captcha: CaptchaAnswerInput | null,
  ): Promise<TrackedComplaint | null> {
    await this.captcha.verify(ctx, captcha);
    const wanted = number.trim().toUpperCase().slice(0, 40);
    const { wait } = await this.throttle.consumeAll(ctx.em, [
      {
        name: 'ip-limit',
        key: `track:ip:${addressKey(ctx.ip)}`,
        limit: this.limits.perIpPerHour,
        windowSeconds: 3600,
      },
      { name: 'number-limit', key: `track:number:${wanted}`, limit: this.limits.perNumberPerHour, windowSeconds: 3600 },
    ]);
    if (wait > 0) throw rateLimited(wait, 'Terlalu banyak percobaan pengecekan. Silakan coba lagi nanti.');
    const key = contactKey(contact.slice(0, 254));
    const c = await ctx.em.findOne(Complaint, { number: wanted });
    if (!c || !key || !c.reporterContact || !sameContact(c.reporterContact, key)) return null;
    const messages = await ctx.em.find(
      ComplaintMessage,
      { complaintId: c.id, direction: { $in: ['IN', 'OUT'] } },
      { orderBy: { at: 'asc', id: 'asc' } },
    );
    const target = c.mergedIntoId ? await ctx.em.findOne(Complaint, { id: c.mergedIntoId }) : null;
    await this.audit.write(ctx, ctx.em, {
      action: 'COMPLAINT_TRACKED',
      targetType: 'complaint',
      targetId: c.id,
      details: { complaint: c.number },
    });
    return {
      number: c.number,
      status: c.status,
      createdAt: c.createdAt,
      dueAt: c.dueAt,
      resolvedAt: c.resolvedAt ?? null,
      closedAt: c.closedAt ?? null,
      mergedInto: target?.number ?? null,
      messages: messages.map((m) => ({
        from: m.direction === 'IN' ? 'PELAPOR' : 'PETUGAS',
        at: m.at,
        body: m.body ?? null,
        mediaType: m.mediaType ?? null,
      })),
    };
  }
}
