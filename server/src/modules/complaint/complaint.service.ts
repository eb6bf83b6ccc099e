import { LockMode } from '@mikro-orm/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { normalizeEmail } from '../../domain/email';
import { checkRespondent, checkScores, ikm, ikmGrade, RespondentProfile } from '../../domain/ikm';
import { normalizePhone } from '../../domain/phone';
import { fillResponse } from '../../domain/canned-response';
import { complaintNumberIn, outboxIdOf } from '../../domain/inbound-mail';
import { checkLaporTrackingId, laporClocks, LaporClocks } from '../../domain/lapor';
import { checkReason } from '../../domain/reason';
import { classifySearch, searchText } from '../../domain/search';
import type { ThrottleService } from '../auth/throttle.service';
import { addWorkingDays, HolidayLookup } from '../../domain/working-days';
import { type EventBus, Topics } from '../../db/event-bus';
import type { Clock } from '../../shared/clock';
import { newToken, sha256 } from '../../shared/crypto';
import { AppError, assertNoFieldErrors, FieldErrors, forbidden, notFound, ValidationError } from '../../shared/errors';
import { newestFirst } from '../../db/pages';
import { groupBy } from '../../shared/group';
import { isUuid, requireUuid, uuidFilters } from '../../shared/ids';
import type { Page } from '../../shared/pagination';
import { firstClearRead, mayReveal } from '../../shared/pii-policy';
import { RequestContext, staffActor, systemContext } from '../../shared/request-context';
import type { AccountQueries } from '../account/account-query.service';
import type { Account } from '../account/account.entity';
import type { AuditService } from '../audit/audit.service';
import type { OutboxService } from '../messaging/outbox.service';
import type { InboundWhatsApp } from '../messaging/whatsapp-webhook';
import type { MetricsService } from '../metrics/metrics.service';
import type { StaffService } from '../staff/staff.service';
import { StaffUser } from '../staff/staff.entity';
import { NATIONAL_UNIT_ID, ServiceUnit } from '../service-unit/service-unit.entity';
import type { ServiceUnitService } from '../service-unit/service-unit.service';
import { Complaint, ComplaintEvent, ComplaintFollower, ComplaintMessage } from './complaint.entity';
import { ComplaintAction, ComplaintStatus, complaintTransition } from './complaint.machine';
import type { ResponseTemplateService } from './response-template.service';
import { SURVEYS } from './skm.service';

export interface ComplaintInput {
  channel: string;
  category: string;
  description: string;
  reporterName: string;
  reporterContact?: string | null;
  accountId?: string | null;
  unitId?: string | null;
  laporTrackingId?: string | null;
}

/** One mail to the helpdesk mailbox, as the ingress parsed it. */
export interface InboundEmail {
  /** Its Message-ID, without brackets: each is taken once. */
  messageId: string;
  /** The sender's address, normalised. */
  from: string;
  fromName?: string | null;
  subject: string;
  /** The text (an HTML-only mail turned into text; never HTML). */
  text: string | null;
  /** Message-IDs it replies to, In-Reply-To first (see domain/inbound-mail). */
  references: string[];
  /** The sender's Date header (kept for the record of the parse; the thread uses arrival time). */
  date: Date | null;
  /** Our MX vouched for the From address (DMARC/DKIM, see domain/inbound-mail). */
  authenticated: boolean;
}

/**
 * A reporter name from a sender's display name (WhatsApp profile, mail From):
 * letters, spaces and . , ' - only, at most 60 — it is filled into replies
 * ({nama}), so it must not carry links or text of the sender's choosing.
 */
export function reporterNameFrom(raw: string | null | undefined): string | null {
  const name = (raw ?? '')
    .normalize('NFC')
    .replace(/[^\p{L}\p{M} .,'-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 60)
    .trim();
  return name.length >= 2 ? name : null;
}

export interface ComplaintFilterInput {
  q?: string | null;
  status?: string | null;
  category?: string | null;
  assigneeId?: string | null;
  unassigned?: boolean | null;
  followed?: boolean | null;
  overdue?: boolean | null;
  accountId?: string | null;
  unitId?: string | null;
}

export interface ComplaintFigures {
  opened: number;
  resolved: number;
  open: number;
  overdue: number;
  surveys: number;
  ikm: number | null;
  grade: string | null;
}

const OPEN_STATES: ComplaintStatus[] = ['OPEN', 'IN_PROGRESS'];
/** WhatsApp lets a business send free text only this long after the person's last message. */
export const WHATSAPP_WINDOW_MS = 24 * 3600_000;
const MEDIA_LABEL: Record<string, string> = { image: '[gambar]', document: '[dokumen]' };
/** The approved WhatsApp template offered once the free-text window has closed. */
export const FOLLOW_UP_TEMPLATE = 'complaint_follow_up';

/**
 * Complaints (pengaduan) from every channel: a due time by the service
 * standard of their category in working days, one state machine, a history of
 * every step, a reminder when overdue, and the SKM survey after resolution.
 */
export class ComplaintService {
  constructor(
    private readonly accounts: AccountQueries,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
    private readonly publicUrl: string,
    private readonly slaDays: Record<string, number>,
    private readonly holidays: HolidayLookup,
    private readonly staff: StaffService,
    private readonly units: ServiceUnitService,
    private readonly templates: ResponseTemplateService,
    private readonly events: EventBus,
    private readonly throttle: ThrottleService,
    /** COMPLAINT_AUTO_ASSIGN: new inbound complaints go round-robin to the staff on duty at once. */
    private readonly autoAssign = false,
  ) {}

  /** Tells every console watching (complaintUpdated), on commit of the caller's transaction. */
  private async announce(em: EntityManager, c: Complaint, kind: string, at: Date): Promise<void> {
    return this.events.publishInTransaction(em, Topics.COMPLAINT_UPDATED, {
      complaintId: c.id,
      number: c.number,
      kind,
      status: c.status,
      unitId: c.unitId,
      at: at.toISOString(),
      followerIds: await this.followerIdsOf(em, c.id),
    });
  }

  private async followerIdsOf(em: EntityManager, complaintId: string): Promise<string[]> {
    const rows = await em.find(ComplaintFollower, { complaintId }, { orderBy: { at: 'asc' } });
    return rows.map((r) => r.staffId);
  }

  /** Working days the category allows, and the due time of a complaint logged at `at`. */
  dueAt(category: string, at: Date): Date {
    return addWorkingDays(at, this.slaDays[category] ?? 3, this.holidays);
  }

  /** The SP4N-LAPOR! clocks of a complaint on that channel (null for the others), on the same holiday calendar. */
  laporClocks(c: { channel: string; createdAt: Date }): LaporClocks | null {
    return c.channel === 'SP4N_LAPOR' ? laporClocks(c.createdAt, this.holidays) : null;
  }

  async create(ctx: RequestContext, input: ComplaintInput): Promise<Complaint> {
    const f: FieldErrors = {};
    const description = input.description.trim();
    const reporterName = input.reporterName.trim();
    if (description.length < 5 || description.length > 5000) f.description = 'Uraian pengaduan 5-5000 karakter.';
    if (reporterName.length < 2 || reporterName.length > 100) f.reporterName = 'Nama pelapor 2-100 karakter.';
    let contact: string | null = null;
    if (input.reporterContact?.trim()) {
      const raw = input.reporterContact.trim();
      const e = raw.includes('@') ? normalizeEmail(raw) : undefined;
      const p = e ? undefined : normalizePhone(raw);
      if (e?.ok) contact = e.email;
      else if (p?.ok) contact = p.e164;
      else f.reporterContact = 'Isi email atau nomor telepon pelapor.';
    }
    if (input.accountId != null && !isUuid(input.accountId)) f.accountId = 'ID akun tidak valid.';
    if (input.unitId != null && !isUuid(input.unitId)) f.unitId = 'ID unit tidak valid.';
    const lapor = checkLaporTrackingId(input.channel, input.laporTrackingId);
    if (!lapor.ok) f.laporTrackingId = lapor.message;
    for (const [k, v] of Object.entries(input))
      if (typeof v === 'string' && v.includes('\u0000')) f[k] = 'Karakter tidak diizinkan.';
    assertNoFieldErrors(f);
    const staff = staffActor(ctx);
    const scope = await this.units.scopeOf(ctx);
    return ctx.em.transactional(async (em) => {
      const account = input.accountId ? await this.accounts.get(em, input.accountId) : null;
      if (input.accountId && !account) throw new ValidationError({ accountId: 'Akun tidak ditemukan.' });
      const unitId = await this.unitFor(em, scope, input.unitId, account);
      const laporTrackingId = lapor.ok ? lapor.id : null;
      const twin = laporTrackingId ? await em.findOne(Complaint, { laporTrackingId }) : null;
      if (twin) {
        throw new AppError(
          'CONFLICT',
          `Laporan LAPOR! ${laporTrackingId} sudah tercatat sebagai pengaduan ${twin.number}.`,
          {
            number: twin.number,
          },
        );
      }
      const now = this.clock.now();
      const [{ n }] = await em.execute<{ n: string }[]>(`select nextval('complaint_number_seq') as n`);
      const number = `ADU-${now.getUTCFullYear()}-${String(n).padStart(6, '0')}`;
      const c = em.create(Complaint, {
        number,
        channel: input.channel,
        category: input.category,
        description,
        reporterName,
        reporterContact: contact,
        laporTrackingId,
        accountId: input.accountId?.toLowerCase() ?? null,
        unitId,
        dueAt: this.dueAt(input.category, now),
        createdBy: staff?.staffId ?? null,
        createdAt: now,
        // Not the contact: it is shown masked, and a search inside it would rebuild it (found whole in `list`).
        searchText: searchText(number, reporterName, description, laporTrackingId),
      });
      this.event(em, c, 'CREATED', staff?.staffId, null, now);
      await em.flush();
      await this.announce(em, c, 'CREATED', now);
      this.audit.record(ctx, em, { action: 'COMPLAINT_CREATED', targetType: 'complaint', targetId: c.id });
      if (c.accountId) {
        this.audit.record(ctx, em, {
          action: 'COMPLAINT_LINKED',
          targetType: 'account',
          targetId: c.accountId,
          details: { complaint: number },
        });
      }
      await this.metrics.bump(em, 'complaint_opened', {}, now);
      return c;
    });
  }

  /**
   * Inbound WhatsApp messages (from the webhook's job): each becomes a message
   * in its number's open complaint, or opens one (channel WHATSAPP, category
   * OTHER) linked to the live account whose verified phone it is, if any. Any
   * number opens one: nothing tells a sender whether they are an applicant.
   * Taken once per WhatsApp message id. Returns how many were new.
   */
  async receiveWhatsApp(em: EntityManager, messages: readonly InboundWhatsApp[]): Promise<number> {
    let added = 0;
    for (const m of messages) {
      const isNew = await em.fork().transactional(async (tem) => {
        // One sender at a time: two messages in flight from one number thread into one complaint.
        await tem.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`complaint-contact:${m.from}`]);
        if (await tem.findOne(ComplaintMessage, { channel: 'WHATSAPP', providerMessageId: m.id })) return false;
        const ctx = systemContext(tem, 'whatsapp-inbound');
        const now = this.clock.now();
        // The provider's time (signed with the body), never later than now: it starts the 24-hour reply window.
        const at = new Date(Math.min(m.timestamp * 1000, now.getTime()));
        const text = m.text?.trim() || null;
        let c = await this.threadOf(tem, m.from);
        if (!c) {
          const name = reporterNameFrom(m.name) ?? 'Pelapor WhatsApp';
          const description = text ?? MEDIA_LABEL[m.mediaType ?? ''] ?? '[pesan]';
          const open = { channel: 'WHATSAPP' as const, from: m.from, name, description, verified: true };
          c = await this.openFromInbound(ctx, tem, open, now);
        }
        tem.persist(
          tem.create(ComplaintMessage, {
            complaintId: c.id,
            direction: 'IN',
            channel: 'WHATSAPP',
            body: text,
            mediaType: m.mediaType ?? null,
            mediaId: m.mediaId ?? null,
            mediaMime: m.mimeType ?? null,
            providerMessageId: m.id,
            senderVerified: true, // the webhook is signed by Meta
            at,
          }),
        );
        this.audit.record(ctx, tem, {
          action: 'COMPLAINT_MESSAGE_RECEIVED',
          targetType: 'complaint',
          targetId: c.id,
          details: { channel: 'WHATSAPP', complaint: c.number, ...(m.mediaType ? { mediaType: m.mediaType } : {}) },
        });
        await tem.flush();
        await this.announce(tem, c, 'MESSAGE', now);
        return true;
      });
      if (isNew) added++;
    }
    return added;
  }

  /**
   * The open complaint an inbound message from `from` belongs to: one that
   * number has written to before, or one linked to the account whose verified
   * phone it is. Never one where an officer only typed the number in: that
   * would hand the number's messages to whatever case the officer chose.
   */
  private async threadOf(em: EntityManager, from: string): Promise<Complaint | null> {
    const open = await em.find(
      Complaint,
      { reporterContact: from, status: { $in: OPEN_STATES } },
      { orderBy: { createdAt: 'desc' } },
    );
    for (const c of open) if (await this.heardFrom(em, c, 'WHATSAPP')) return c;
    return null;
  }

  /**
   * Whether the complaint's contact is proven to be the reporter's: they wrote
   * from it on `channel`, or it is the verified email/phone of the linked account.
   */
  private async heardFrom(em: EntityManager, c: Complaint, channel: 'WHATSAPP' | 'EMAIL'): Promise<boolean> {
    if (await em.count(ComplaintMessage, { complaintId: c.id, direction: 'IN', channel, senderVerified: true }))
      return true;
    const account = c.accountId ? await this.accounts.get(em, c.accountId) : null;
    if (!account || !c.reporterContact) return false;
    return channel === 'EMAIL'
      ? account.email === c.reporterContact && !!account.emailVerifiedAt
      : account.phone === c.reporterContact && !!account.phoneVerifiedAt;
  }

  /**
   * Opens a complaint for a message from outside (channel WHATSAPP or EMAIL,
   * category OTHER until an officer sets it), linked to the live account whose
   * verified phone or email the sender's is, handled by that account's unit.
   */
  private async openFromInbound(
    ctx: RequestContext,
    em: EntityManager,
    m: { channel: 'WHATSAPP' | 'EMAIL'; from: string; name: string; description: string; verified: boolean },
    now: Date,
  ): Promise<Complaint> {
    // Only a proven sender is linked to the account of that address: a forged From links nothing.
    const account = m.verified ? await this.accounts.findByIdentifier(em, m.from) : null;
    const [{ n }] = await em.execute<{ n: string }[]>(`select nextval('complaint_number_seq') as n`);
    const number = `ADU-${now.getUTCFullYear()}-${String(n).padStart(6, '0')}`;
    const c = em.create(Complaint, {
      number,
      channel: m.channel,
      category: 'OTHER',
      description: m.description,
      reporterName: m.name,
      reporterContact: m.from,
      accountId: account?.id ?? null,
      unitId: await this.units.forRegion(em, account?.villageCode, account?.provinceCode),
      dueAt: this.dueAt('OTHER', now),
      createdBy: null,
      createdAt: now,
      searchText: searchText(number, m.name, m.description),
    });
    this.event(em, c, 'CREATED', null, null, now);
    await em.flush();
    await this.announce(em, c, 'CREATED', now);
    this.audit.record(ctx, em, {
      action: 'COMPLAINT_CREATED',
      targetType: 'complaint',
      targetId: c.id,
      details: { channel: m.channel },
    });
    if (c.accountId) {
      this.audit.record(ctx, em, {
        action: 'COMPLAINT_LINKED',
        targetType: 'account',
        targetId: c.accountId,
        details: { complaint: number },
      });
    }
    await this.metrics.bump(em, 'complaint_opened', {}, now);
    if (this.autoAssign) await this.autoAssignNew(ctx, em, c, now);
    return c;
  }

  /**
   * COMPLAINT_AUTO_ASSIGN: a complaint a message opened goes round-robin to
   * the staff on duty of its unit, as assignComplaintRoundRobin would (no one
   * on duty: it stays in the unassigned queue).
   */
  private async autoAssignNew(ctx: RequestContext, em: EntityManager, c: Complaint, now: Date): Promise<void> {
    const pick = await this.onDuty(em, c);
    if (!pick) return;
    const from = c.status;
    c.status = complaintTransition(c.status, 'assign');
    c.assigneeId = pick;
    this.event(em, c, 'ASSIGNED', null, pick, new Date(now.getTime() + 1));
    await em.flush();
    await this.announce(em, c, 'ASSIGNED', now);
    this.audit.record(ctx, em, {
      action: 'COMPLAINT_ASSIGNED',
      targetType: 'complaint',
      targetId: c.id,
      details: { from, to: c.status, note: pick, rule: 'ROUND_ROBIN' },
    });
  }

  /**
   * One mail to the helpdesk mailbox (machine mail is filtered out before):
   * a reply to one of our messages, or to an earlier mail of the thread, or a
   * mail naming `[ADU-…]` in its subject, joins that complaint when it comes
   * from the complaint's own address and the complaint is not CLOSED;
   * anything else opens a complaint. Taken once per Message-ID. Returns
   * whether it was new.
   */
  async receiveEmail(em: EntityManager, m: InboundEmail): Promise<boolean> {
    return em.fork().transactional(async (tem) => {
      await tem.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`complaint-contact:${m.from}`]);
      if (await tem.findOne(ComplaintMessage, { channel: 'EMAIL', providerMessageId: m.messageId })) return false;
      const ctx = systemContext(tem, 'email-inbound');
      const now = this.clock.now();
      // Arrival time: a mail's Date header is the sender's claim (in whole seconds); it does not order the thread.
      const at = now;
      // A From header our MX did not vouch for proves nothing: such a mail never joins an existing case.
      let c = m.authenticated ? await this.emailThreadOf(tem, m) : null;
      if (!c) {
        const name = reporterNameFrom(m.fromName) ?? 'Pelapor email';
        const description = [m.subject.trim(), m.text?.trim()].filter(Boolean).join('\n\n').slice(0, 5000) || '[email]';
        const open = { channel: 'EMAIL' as const, from: m.from, name, description, verified: m.authenticated };
        c = await this.openFromInbound(ctx, tem, open, now);
      }
      tem.persist(
        tem.create(ComplaintMessage, {
          complaintId: c.id,
          direction: 'IN',
          channel: 'EMAIL',
          body: m.text,
          providerMessageId: m.messageId,
          senderVerified: m.authenticated,
          at,
        }),
      );
      this.audit.record(ctx, tem, {
        action: 'COMPLAINT_MESSAGE_RECEIVED',
        targetType: 'complaint',
        targetId: c.id,
        details: { channel: 'EMAIL', complaint: c.number },
      });
      await tem.flush();
      await this.announce(tem, c, 'MESSAGE', now);
      return true;
    });
  }

  /** The complaint a mail threads into (see receiveEmail), or null. */
  private async emailThreadOf(em: EntityManager, m: InboundEmail): Promise<Complaint | null> {
    const live = { reporterContact: m.from, status: { $ne: 'CLOSED' as ComplaintStatus } };
    for (const ref of m.references) {
      const outboxId = outboxIdOf(ref);
      const msg = await em.findOne(
        ComplaintMessage,
        outboxId ? { outboxMessageId: outboxId } : { channel: 'EMAIL', providerMessageId: ref },
      );
      const c = msg && (await em.findOne(Complaint, { id: msg.complaintId, ...live }));
      if (c) return c;
    }
    const number = complaintNumberIn(m.subject);
    return number ? em.findOne(Complaint, { number, ...live }) : null;
  }

  /**
   * [HELPDESK+] A reply to the reporter on the complaint's own channel,
   * through the outbox. WhatsApp free text only inside 24 hours of the
   * reporter's last message; after that CONFLICT with `windowClosedAt`.
   * Notes (addNote) never leave the helpdesk; a reply does. Audited.
   */
  reply(ctx: RequestContext, id: string, body: string, templateId?: string | null): Promise<Complaint> {
    const written = typeof body === 'string' ? body.trim() : '';
    if (written.length < 2 || written.length > 4000) throw new ValidationError({ body: 'Balasan 2-4000 karakter.' });
    if (written.includes('\u0000')) throw new ValidationError({ body: 'Karakter tidak diizinkan.' });
    const staff = staffActor(ctx);
    return this.step(ctx, id, 'reply', async (em, c, now) => {
      // A canned response (templateId) is inserted in the box and may be edited: the text sent is the officer's,
      // with {nama} and {nomor} filled in; the history names the template.
      const template = templateId != null ? await this.templates.active(em, templateId) : null;
      const text = fillResponse(written, { reporterName: c.reporterName, number: c.number }).slice(0, 4000);
      const contact = c.reporterContact ?? '';
      let channel: 'WHATSAPP' | 'EMAIL';
      if (c.channel === 'WHATSAPP' && contact.startsWith('+')) {
        const closesAt = await this.windowClosesAt(em, c.id);
        if (!closesAt || now.getTime() >= closesAt.getTime()) {
          // The approved template may still go out (sendComplaintTemplate) to a number proven to be the reporter's.
          const offer = (await this.heardFrom(em, c, 'WHATSAPP')) ? FOLLOW_UP_TEMPLATE : null;
          throw new AppError(
            'CONFLICT',
            'Jendela 24 jam WhatsApp sudah tertutup: pesan bebas hanya dapat dikirim dalam 24 jam sejak pesan terakhir pelapor.' +
              (offer ? ' Kirim pesan templat tindak lanjut agar pelapor membalas.' : ''),
            { windowClosedAt: closesAt?.toISOString() ?? null, template: offer },
          );
        }
        channel = 'WHATSAPP';
      } else if (c.channel === 'EMAIL' && contact.includes('@')) {
        // The helpdesk's address must not mail whatever address an officer typed in.
        if (!(await this.heardFrom(em, c, 'EMAIL'))) {
          throw new AppError(
            'CONFLICT',
            'Balasan email hanya dikirim ke alamat yang terverifikasi: email akun yang terhubung dengan pengaduan ini, atau alamat yang pernah menulis ke helpdesk.',
            { channel: c.channel, reason: 'UNVERIFIED_CONTACT' },
          );
        }
        channel = 'EMAIL';
      } else {
        throw new AppError(
          'CONFLICT',
          'Balasan hanya dapat dikirim pada pengaduan yang masuk lewat WhatsApp atau email dengan kontak pelapor.',
          { channel: c.channel },
        );
      }
      const [lastMail] =
        channel === 'EMAIL'
          ? await em.find(
              ComplaintMessage,
              { complaintId: c.id, direction: 'IN', channel: 'EMAIL' },
              { orderBy: { at: 'desc' }, limit: 1 },
            )
          : [];
      const msg = await this.outbox.enqueue(em, {
        channel,
        recipient: contact,
        template: 'complaint_reply',
        params: [c.number, text],
        accountId: c.accountId ?? undefined,
        inReplyTo: lastMail?.providerMessageId ?? undefined,
      });
      em.persist(
        em.create(ComplaintMessage, {
          complaintId: c.id,
          direction: 'OUT',
          channel,
          body: text,
          outboxMessageId: msg.id,
          actorId: staff?.staffId ?? null,
          at: now,
        }),
      );
      // The text is in the thread; the history and the audit trail only record that a reply left (and its template).
      return { kind: 'REPLIED', note: template ? `Balasan siap pakai: ${template.title}` : null };
    });
  }

  /**
   * [HELPDESK+] The approved WhatsApp template (complaint_follow_up) to the
   * reporter of a WHATSAPP complaint: allowed when the free-text window has
   * closed, asking the reporter to write again. Only to a number proven to be
   * the reporter's (it wrote in, or it is the linked account's verified phone),
   * else CONFLICT with reason UNVERIFIED_CONTACT. In the thread, history and
   * audit trail as a reply naming the template.
   */
  sendTemplate(ctx: RequestContext, id: string): Promise<Complaint> {
    const staff = staffActor(ctx);
    return this.step(ctx, id, 'reply', async (em, c, now) => {
      const contact = c.reporterContact ?? '';
      if (c.channel !== 'WHATSAPP' || !contact.startsWith('+')) {
        throw new AppError('CONFLICT', 'Pesan templat hanya untuk pengaduan WhatsApp dengan nomor pelapor.', {
          channel: c.channel,
        });
      }
      if (!(await this.heardFrom(em, c, 'WHATSAPP'))) {
        throw new AppError(
          'CONFLICT',
          'Pesan templat hanya dikirim ke nomor yang terverifikasi: nomor yang pernah menulis ke helpdesk, atau nomor telepon terverifikasi akun yang terhubung.',
          { channel: c.channel, reason: 'UNVERIFIED_CONTACT' },
        );
      }
      const msg = await this.outbox.enqueue(em, {
        channel: 'WHATSAPP',
        recipient: contact,
        template: FOLLOW_UP_TEMPLATE,
        params: [c.number],
        accountId: c.accountId ?? undefined,
      });
      em.persist(
        em.create(ComplaintMessage, {
          complaintId: c.id,
          direction: 'OUT',
          channel: 'WHATSAPP',
          body: msg.body,
          outboxMessageId: msg.id,
          actorId: staff?.staffId ?? null,
          at: now,
        }),
      );
      return {
        kind: 'REPLIED',
        note: 'Pesan templat WhatsApp: tindak lanjut pengaduan',
        details: { template: FOLLOW_UP_TEMPLATE },
      };
    });
  }

  /** When the WhatsApp free-text window of a complaint closes: 24 h after the reporter's last message (null: none). */
  async windowClosesAt(em: EntityManager, complaintId: string): Promise<Date | null> {
    const [last] = await em.find(
      ComplaintMessage,
      { complaintId, direction: 'IN', channel: 'WHATSAPP' },
      { orderBy: { at: 'desc' }, limit: 1 },
    );
    return last ? new Date(last.at.getTime() + WHATSAPP_WINDOW_MS) : null;
  }

  /** The conversations of several complaints, oldest message first. */
  messagesFor(em: EntityManager, complaintIds: readonly string[]): Promise<ComplaintMessage[][]> {
    return em
      .find(ComplaintMessage, { complaintId: { $in: [...complaintIds] } }, { orderBy: { at: 'asc', id: 'asc' } })
      .then((rows) => groupBy(complaintIds, rows, (r) => r.complaintId));
  }

  assign(ctx: RequestContext, id: string, staffId: string): Promise<Complaint> {
    const assignee = requireUuid(staffId, 'staffId');
    return this.step(ctx, id, 'assign', async (em, c) => {
      if (!(await this.staff.isActive(em, assignee)))
        throw new ValidationError({ staffId: 'Petugas tidak ditemukan atau tidak aktif.' });
      // The assignee must see the complaint: an officer of its unit, or of the national helpdesk.
      const unit = (await em.findOne(StaffUser, { id: assignee }))?.unitId;
      if (unit !== c.unitId && unit !== NATIONAL_UNIT_ID) {
        throw new ValidationError({ staffId: 'Petugas bukan dari unit layanan yang menangani pengaduan ini.' });
      }
      c.assigneeId = assignee;
      c.remindedAt = null;
      return { kind: 'ASSIGNED', note: assignee };
    });
  }

  /**
   * Round-robin among the staff on duty: the active HELPDESK officers of the
   * complaint's unit. The one with the fewest open (OPEN, IN_PROGRESS)
   * complaints assigned wins; a tie goes to the one assigned a complaint least
   * recently (never assigned first), then by username. CONFLICT with reason
   * NO_STAFF_ON_DUTY when the unit has none. One pick per unit at a time.
   */
  assignRoundRobin(ctx: RequestContext, id: string): Promise<Complaint> {
    return this.step(ctx, id, 'assign', async (em, c) => {
      const pick = await this.onDuty(em, c);
      if (!pick) {
        throw new AppError(
          'CONFLICT',
          'Tidak ada petugas helpdesk aktif di unit layanan yang menangani pengaduan ini.',
          {
            reason: 'NO_STAFF_ON_DUTY',
          },
        );
      }
      c.assigneeId = pick;
      c.remindedAt = null;
      return { kind: 'ASSIGNED', note: pick, details: { rule: 'ROUND_ROBIN' } };
    });
  }

  /** The round-robin pick for a complaint (see assignRoundRobin), or null; serialised per unit. */
  private async onDuty(em: EntityManager, c: Complaint): Promise<string | null> {
    await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`complaint-round-robin:${c.unitId}`]);
    const [pick] = await em.execute<{ id: string }[]>(
      `select s.id from staff_user s
        where s.active and s.role = 'HELPDESK' and s.unit_id = ?
        order by (select count(*) from complaint o
                   where o.assignee_id = s.id and o.status in ('OPEN', 'IN_PROGRESS') and o.id <> ?) asc,
                 (select max(e.at) from complaint_event e where e.kind = 'ASSIGNED' and e.note = s.id::text)
                   asc nulls first,
                 s.username asc
        limit 1`,
      [c.unitId, c.id],
    );
    return pick?.id ?? null;
  }

  /** [HELPDESK+] The caller follows the complaint (again: no change). Audited when it changes. */
  follow(ctx: RequestContext, id: string): Promise<Complaint> {
    return this.setFollowing(ctx, id, true);
  }

  unfollow(ctx: RequestContext, id: string): Promise<Complaint> {
    return this.setFollowing(ctx, id, false);
  }

  private setFollowing(ctx: RequestContext, id: string, on: boolean): Promise<Complaint> {
    const complaintId = requireUuid(id);
    const staff = staffActor(ctx);
    if (!staff) throw forbidden();
    return ctx.em.transactional(async (em) => {
      const c = await em.findOne(Complaint, { id: complaintId });
      if (!c) throw notFound('Pengaduan');
      await this.inScope(ctx, c);
      const changed = on
        ? (
            await em.execute<{ staff_id: string }[]>(
              `insert into complaint_follower (complaint_id, staff_id, at) values (?, ?, ?)
                 on conflict do nothing returning staff_id`,
              [c.id, staff.staffId, this.clock.now()],
            )
          ).length
        : await em.nativeDelete(ComplaintFollower, { complaintId: c.id, staffId: staff.staffId });
      if (changed) {
        this.audit.record(ctx, em, {
          action: on ? 'COMPLAINT_FOLLOWED' : 'COMPLAINT_UNFOLLOWED',
          targetType: 'complaint',
          targetId: c.id,
          details: { complaint: c.number },
        });
      }
      return c;
    });
  }

  /** The staff ids following each complaint, earliest first. */
  followersFor(em: EntityManager, complaintIds: readonly string[]): Promise<string[][]> {
    return em
      .find(ComplaintFollower, { complaintId: { $in: [...complaintIds] } }, { orderBy: { at: 'asc' } })
      .then((rows) => groupBy(complaintIds, rows, (r) => r.complaintId).map((g) => g.map((r) => r.staffId)));
  }

  /**
   * [HELPDESK+] Merges `sourceId` into `targetId`: the source's messages,
   * history and followers move to the target; the source is CLOSED with a
   * pointer to the target (the public tracking page of its number names the
   * target). CONFLICT when the reporters differ (same reporter: the same
   * linked account, or the same reporter contact), when either is CLOSED, or
   * when they are handled by different units. A complaint outside a regional
   * officer's unit does not exist for them (NOT_FOUND). Audited.
   */
  merge(ctx: RequestContext, sourceId: string, targetId: string, reason: string): Promise<Complaint> {
    const f: FieldErrors = { ...checkReason(reason) };
    const s = requireUuid(sourceId, 'sourceId');
    const t = requireUuid(targetId, 'targetId');
    if (s === t) f.targetId = 'Pengaduan tidak dapat digabung dengan dirinya sendiri.';
    assertNoFieldErrors(f);
    const staff = staffActor(ctx);
    return ctx.em.transactional(async (em) => {
      // Both rows locked, in id order (two merges of the same pair cannot deadlock).
      const rows = await em.find(
        Complaint,
        { id: { $in: [s, t] } },
        { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } },
      );
      const source = rows.find((r) => r.id === s);
      const target = rows.find((r) => r.id === t);
      if (!source || !target) throw notFound('Pengaduan');
      await this.inScope(ctx, source);
      await this.inScope(ctx, target);
      for (const c of [source, target]) {
        if (c.status === 'CLOSED') {
          throw new AppError('CONFLICT', `Pengaduan ${c.number} sudah ditutup: tidak dapat digabung.`, {
            reason: 'CLOSED',
            number: c.number,
          });
        }
      }
      if (source.unitId !== target.unitId) {
        throw new AppError('CONFLICT', 'Kedua pengaduan ditangani unit layanan yang berbeda: tidak dapat digabung.', {
          reason: 'DIFFERENT_UNIT',
        });
      }
      const sameAccount = !!source.accountId && source.accountId === target.accountId;
      const sameContact = !!source.reporterContact && source.reporterContact === target.reporterContact;
      if (!sameAccount && !sameContact) {
        throw new AppError(
          'CONFLICT',
          'Hanya pengaduan dari pelapor yang sama (akun terhubung atau kontak pelapor yang sama) yang dapat digabung.',
          { reason: 'DIFFERENT_REPORTER' },
        );
      }
      const from = source.status;
      source.status = complaintTransition(source.status, 'merge');
      const now = this.clock.now();
      await em.nativeUpdate(ComplaintMessage, { complaintId: s }, { complaintId: t });
      await em.nativeUpdate(ComplaintEvent, { complaintId: s }, { complaintId: t });
      await em.execute(
        `insert into complaint_follower (complaint_id, staff_id, at)
           select ?, staff_id, at from complaint_follower where complaint_id = ? on conflict do nothing`,
        [t, s],
      );
      await em.nativeDelete(ComplaintFollower, { complaintId: s });
      source.closedAt = now;
      source.mergedIntoId = t;
      source.remindedAt = null;
      const why = reason.trim();
      this.event(em, source, 'MERGED_INTO', staff?.staffId, `${target.number}: ${why}`, now);
      this.event(em, target, 'MERGED', staff?.staffId, `${source.number}: ${why}`, now);
      await em.flush();
      await this.announce(em, source, 'MERGED_INTO', now);
      await this.announce(em, target, 'MERGED', now);
      this.audit.record(ctx, em, {
        action: 'COMPLAINT_MERGED',
        targetType: 'complaint',
        targetId: source.id,
        details: { from, to: source.status, complaint: source.number, into: target.number },
      });
      return target;
    });
  }

  addNote(ctx: RequestContext, id: string, note: string): Promise<Complaint> {
    assertNoFieldErrors(checkReason(note, 'note'));
    return this.step(ctx, id, 'note', async () => ({ kind: 'NOTE', note: note.trim() }));
  }

  /** Resolved: the reporter (when an email or phone was given) gets a one-time SKM survey link. */
  resolve(ctx: RequestContext, id: string, resolution: string): Promise<Complaint> {
    assertNoFieldErrors(checkReason(resolution, 'resolution'));
    return this.step(ctx, id, 'resolve', async (em, c, now) => {
      c.resolution = resolution.trim();
      c.resolvedAt = now;
      if (c.reporterContact && !c.satisfaction && !c.surveyTokenHash) {
        // One survey per complaint: a reopened and re-resolved complaint keeps the first link.
        const token = newToken();
        c.surveyTokenHash = sha256(token);
        await this.outbox.enqueue(em, {
          channel: c.reporterContact.startsWith('+') ? 'WHATSAPP' : 'EMAIL',
          recipient: c.reporterContact,
          template: 'complaint_survey',
          params: [c.number, `${this.publicUrl}/survey?token=${encodeURIComponent(token)}`],
          accountId: c.accountId ?? undefined,
        });
      }
      await this.metrics.bump(em, 'complaint_resolved', {}, now);
      return { kind: 'RESOLVED', note: c.resolution };
    });
  }

  reopen(ctx: RequestContext, id: string, reason: string): Promise<Complaint> {
    assertNoFieldErrors(checkReason(reason));
    return this.step(ctx, id, 'reopen', async (_em, c, now) => {
      c.resolvedAt = null;
      // A reopened complaint gets a fresh service-standard window from now.
      c.dueAt = this.dueAt(c.category, now);
      c.remindedAt = null;
      return { kind: 'REOPENED', note: reason.trim() };
    });
  }

  close(ctx: RequestContext, id: string): Promise<Complaint> {
    return this.step(ctx, id, 'close', async (_em, c, now) => {
      c.closedAt = now;
      return { kind: 'CLOSED', note: null };
    });
  }

  /**
   * Public, by the one-time link: nine scores 1-4, an optional comment and the
   * respondent's optional profile. A link already answered is refused naming
   * the token; an unknown one is CODE_INVALID.
   */
  async submitSurvey(
    ctx: RequestContext,
    token: string,
    scores: number[],
    comment?: string | null,
    respondent: RespondentProfile = {},
  ): Promise<boolean> {
    const f: FieldErrors = {};
    const bad = checkScores(scores);
    if (bad) f.scores = bad;
    if (comment && comment.length > 2000) f.comment = 'Komentar maksimal 2000 karakter.';
    for (const [k, v] of Object.entries(checkRespondent(respondent))) f[`respondent.${k}`] = v;
    assertNoFieldErrors(f);
    if (!token || token.length > 200) throw invalidSurvey();
    await ctx.em.transactional(async (em) => {
      const c = await em.findOne(
        Complaint,
        { surveyTokenHash: sha256(token.trim()) },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!c) throw invalidSurvey();
      if (c.satisfaction) throw new ValidationError({ token: 'Survei untuk pengaduan ini sudah diisi.' });
      complaintTransition(c.status, 'survey');
      const value = ikm(scores);
      const now = this.clock.now();
      c.satisfaction = {
        scores,
        ikm: value,
        grade: ikmGrade(value),
        comment: comment?.trim() || null,
        submittedAt: now.toISOString(),
        gender: respondent.gender ?? null,
        ageBand: respondent.ageBand ?? null,
        education: respondent.education ?? null,
        occupation: respondent.occupation ?? null,
      };
      c.surveyedAt = now;
      this.event(em, c, 'SURVEY', null, `IKM ${value}`, now);
      this.audit.record(ctx, em, { action: 'COMPLAINT_SURVEYED', targetType: 'complaint', targetId: c.id });
    });
    return true;
  }

  /**
   * One complaint for staff. The reporter's contact is personal data: in
   * clear only when asked (`reveal`), and that read is audited first
   * (shared/pii-policy.ts).
   */
  /**
   * The unit a new complaint goes to: the one chosen (a regional officer may
   * only choose their own), else the officer's regional unit, else the unit of
   * the account's region, else the national helpdesk.
   */
  private async unitFor(
    em: EntityManager,
    scope: string | null,
    chosen: string | null | undefined,
    account: Account | null,
  ): Promise<string> {
    if (chosen) {
      const unitId = chosen.toLowerCase();
      if (scope && unitId !== scope) throw forbidden();
      if (!(await em.findOne(ServiceUnit, { id: unitId }))) {
        throw new ValidationError({ unitId: 'Unit layanan tidak ditemukan.' });
      }
      return unitId;
    }
    return scope ?? this.units.forRegion(em, account?.villageCode, account?.provinceCode);
  }

  /** A complaint outside a regional officer's unit does not exist for them. */
  private async inScope(ctx: RequestContext, c: Complaint): Promise<void> {
    const scope = await this.units.scopeOf(ctx);
    if (scope && c.unitId !== scope) throw notFound('Pengaduan');
  }

  async read(ctx: RequestContext, id: string, reveal: boolean): Promise<{ complaint: Complaint; clear: boolean }> {
    const complaint = await this.get(ctx.em, id);
    await this.inScope(ctx, complaint);
    const clear = reveal && mayReveal(ctx.actor) && !!complaint.reporterContact;
    if (clear && firstClearRead(ctx, `complaint:${complaint.id}`)) {
      await this.audit.write(ctx, ctx.em, {
        action: 'PII_VIEW',
        targetType: 'complaint',
        targetId: complaint.id,
        details: { fields: ['reporterContact'], complaint: complaint.number, accountId: complaint.accountId ?? null },
      });
    }
    return { complaint, clear };
  }

  async get(em: EntityManager, id: string): Promise<Complaint> {
    const c = await em.findOne(Complaint, { id: requireUuid(id) });
    if (!c) throw notFound('Pengaduan');
    return c;
  }

  isOverdue(c: Complaint, now = this.clock.now()): boolean {
    return OPEN_STATES.includes(c.status) && c.dueAt < now;
  }

  async list(
    ctx: RequestContext,
    filter: ComplaintFilterInput,
    first?: number | null,
    after?: string | null,
  ): Promise<Page<Complaint>> {
    const { em } = ctx;
    const f: FieldErrors = {};
    const where: FilterQuery<Complaint> = {};
    if (filter.status) where.status = filter.status as ComplaintStatus;
    if (filter.category) where.category = filter.category;
    uuidFilters(filter, ['assigneeId', 'accountId', 'unitId'], where, f);
    if (filter.unassigned != null) {
      if (filter.assigneeId) f.unassigned = 'Antrean belum ditugaskan tidak dapat digabung dengan petugas tertentu.';
      else where.assigneeId = filter.unassigned ? null : { $ne: null };
    }
    if (filter.followed != null) {
      const me = staffActor(ctx)?.staffId;
      const followed = me ? (await em.find(ComplaintFollower, { staffId: me })).map((r) => r.complaintId) : [];
      where.id = filter.followed ? { $in: followed } : { $nin: followed };
    }
    const scope = await this.units.scopeOf(ctx);
    if (scope && where.unitId && where.unitId !== scope) throw forbidden();
    if (scope) where.unitId = scope;
    const now = this.clock.now();
    if (filter.overdue === true) Object.assign(where, { status: { $in: OPEN_STATES }, dueAt: { $lt: now } });
    if (filter.overdue === false) where.$or = [{ status: { $nin: OPEN_STATES } }, { dueAt: { $gte: now } }];
    if (filter.status && filter.overdue === true && !OPEN_STATES.includes(filter.status as ComplaintStatus)) {
      f.overdue = 'Hanya pengaduan yang belum selesai yang dapat terlambat.';
    }
    const term = filter.q != null ? classifySearch(filter.q) : undefined;
    if (term?.kind === 'email' || term?.kind === 'phone') {
      // A reporter's contact is shown masked: found only whole (in any written form), counted as an identifier search.
      await this.throttle.identifierSearch(ctx);
      where.reporterContact = term.value;
    } else if (filter.q != null) {
      const q = searchText(filter.q);
      if (q.length < 3) f.q = 'Kata kunci minimal 3 karakter.';
      else
        where.$and = [
          {
            $or: [
              { number: filter.q.trim().toUpperCase() },
              { searchText: { $ilike: `%${q.replace(/[%_\\]/g, '')}%` } },
            ],
          },
        ];
    }
    assertNoFieldErrors(f);
    return newestFirst(em, Complaint, where, first, after);
  }

  historyFor(em: EntityManager, complaintIds: readonly string[]): Promise<ComplaintEvent[][]> {
    return em
      .find(ComplaintEvent, { complaintId: { $in: [...complaintIds] } }, { orderBy: { at: 'asc' } })
      .then((rows) => groupBy(complaintIds, rows, (r) => r.complaintId));
  }

  /** An account's complaints, as far as the caller's unit sees them. */
  async forAccounts(ctx: RequestContext, accountIds: readonly string[]): Promise<Complaint[][]> {
    const scope = await this.units.scopeOf(ctx);
    return ctx.em
      .find(
        Complaint,
        { accountId: { $in: [...accountIds] }, ...(scope ? { unitId: scope } : {}) },
        { orderBy: { createdAt: 'desc' } },
      )
      .then((rows) => groupBy(accountIds, rows, (r) => r.accountId!));
  }

  /**
   * Overdue complaints get one reminder in their history (the assignee's
   * queue shows them with `overdue: true`); run by the sweep.
   */
  async remindOverdue(em: EntityManager, now: Date = this.clock.now()): Promise<number> {
    return em.transactional(async (tem) => {
      const rows = await tem.execute<
        { id: string; number: string; status: string; unit_id: string; assignee_id: string | null }[]
      >(
        `update complaint set reminded_at = ? where status in ('OPEN', 'IN_PROGRESS') and due_at < ? and reminded_at is null
          returning id, number, status, unit_id, assignee_id`,
        [now, now],
      );
      const ctx = systemContext(tem, 'complaint-sweep');
      for (const r of rows) {
        tem.persist(
          tem.create(ComplaintEvent, {
            complaintId: r.id,
            kind: 'REMINDER',
            actorId: null,
            at: now,
            note: r.assignee_id,
          }),
        );
        // The breach of the service standard is on record, and on every watching console.
        this.audit.record(ctx, tem, {
          action: 'COMPLAINT_OVERDUE',
          targetType: 'complaint',
          targetId: r.id,
          details: { complaint: r.number },
        });
        await this.events.publishInTransaction(tem, Topics.COMPLAINT_UPDATED, {
          complaintId: r.id,
          number: r.number,
          kind: 'REMINDER',
          status: r.status,
          unitId: r.unit_id,
          at: now.toISOString(),
          followerIds: await this.followerIdsOf(tem, r.id),
        });
      }
      await tem.flush();
      return rows.length;
    });
  }

  /**
   * Complaint figures of a period for the supervisor dashboard (complaints are few, so read directly): the
   * caller's unit's for a regional officer, every unit's otherwise.
   */
  async figures(ctx: RequestContext, from: Date, to: Date): Promise<ComplaintFigures> {
    const { em } = ctx;
    const scope = await this.units.scopeOf(ctx);
    const inUnit = scope ? ' where unit_id = ?' : '';
    const unitParam = scope ? [scope] : [];
    const [r] = await em.execute<Record<string, string | null>[]>(
      `select count(*) filter (where created_at >= ? and created_at < ?) as opened,
              count(*) filter (where resolved_at >= ? and resolved_at < ?) as resolved,
              count(*) filter (where status in ('OPEN', 'IN_PROGRESS')) as open,
              count(*) filter (where status in ('OPEN', 'IN_PROGRESS') and due_at < ?) as overdue
         from complaint${inUnit}`,
      [from, to, from, to, this.clock.now(), ...unitParam],
    );
    const surveys = await em.execute<{ scores: number[] }[]>(
      // Online answers and paper questionnaires alike, as in the SKM report.
      `select satisfaction->'scores' as scores from ${SURVEYS}
        where surveyed_at >= ? and surveyed_at < ?${scope ? ' and unit_id = ?' : ''}`,
      [from, to, ...unitParam],
    );
    const all = surveys.flatMap((s) => s.scores);
    const value = all.length ? ikm(all) : null;
    return {
      opened: Number(r.opened),
      resolved: Number(r.resolved),
      open: Number(r.open),
      overdue: Number(r.overdue),
      surveys: surveys.length,
      ikm: value,
      grade: value === null ? null : ikmGrade(value),
    };
  }

  private async step(
    ctx: RequestContext,
    id: string,
    action: ComplaintAction,
    work: (
      em: EntityManager,
      c: Complaint,
      now: Date,
    ) => Promise<{ kind: string; note: string | null; details?: Record<string, unknown> }>,
  ): Promise<Complaint> {
    const complaintId = requireUuid(id);
    const staff = staffActor(ctx);
    return ctx.em.transactional(async (em) => {
      const c = await em.findOne(Complaint, { id: complaintId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!c) throw notFound('Pengaduan');
      await this.inScope(ctx, c);
      const from = c.status;
      const to = complaintTransition(c.status, action);
      const now = this.clock.now();
      const { kind, note, details: extra } = await work(em, c, now);
      c.status = to;
      this.event(em, c, kind, staff?.staffId, note, now);
      await this.announce(em, c, kind, now);
      this.audit.record(ctx, em, {
        action: `COMPLAINT_${kind}`,
        targetType: 'complaint',
        targetId: c.id,
        // The words of a note, resolution or reason stay in the complaint's history (unit-scoped, anonymised with
        // the person); the audit trail, read across units and kept for ever, records that the step happened (and,
        // for an assignment, the assignee's staff id, shown as their name).
        details: { from, to, ...(kind === 'ASSIGNED' && note ? { note } : {}), ...extra },
      });
      await em.flush();
      return c;
    });
  }

  private event(
    em: EntityManager,
    c: Complaint,
    kind: string,
    actorId: string | null | undefined,
    note: string | null,
    at: Date,
  ) {
    em.persist(em.create(ComplaintEvent, { complaintId: c.id, kind, actorId: actorId ?? null, note, at }));
  }
}

const invalidSurvey = () => new AppError('CODE_INVALID', 'Tautan survei tidak valid atau sudah dipakai.');
