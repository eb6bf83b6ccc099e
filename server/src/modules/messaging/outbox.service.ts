import { LockMode } from '@mikro-orm/core';
import type { EntityManager, FilterQuery, MikroORM } from '@mikro-orm/postgresql';
import type { RequestContext } from '../../shared/request-context';
import type { Task } from 'graphile-worker';
import { AppError, notFound, ValidationError } from '../../shared/errors';
import { groupBy } from '../../shared/group';
import { withDates } from '../../shared/rows';
import { pgArray } from '../../shared/sql';
import { logger } from '../../shared/logger';
import type { AuditService } from '../audit/audit.service';
import type { MetricsService } from '../metrics/metrics.service';
import type { Telemetry } from '../../shared/telemetry';
import { OutboxChannel, OutboxMessage } from './outbox.entity';
import { maskContact } from '../../domain/mask';
import { REDACTED, redactSecrets } from '../../domain/redact';
import { renderTemplate, TemplateKey } from './templates';
import type { Transport } from './transports';
import type { ProviderStatusUpdate } from './whatsapp-webhook';
import { isUuid, requireUuid } from '../../shared/ids';
import { checkPage, decodeCursor, encodeCursor, Page } from '../../shared/pagination';

export type OutboxSortField = 'CREATED_AT' | 'SENT_AT' | 'STATUS' | 'ATTEMPTS' | 'TEMPLATE' | 'CHANNEL';
export interface OutboxSortInput {
  field: OutboxSortField;
  direction?: 'ASC' | 'DESC' | null;
}
const OUTBOX_SORT: Record<OutboxSortField, keyof OutboxMessage> = {
  CREATED_AT: 'createdAt',
  SENT_AT: 'sentAt',
  STATUS: 'status',
  ATTEMPTS: 'attempts',
  TEMPLATE: 'template',
  CHANNEL: 'channel',
};

export const DELIVER_TASK = 'deliver_message';
/** Provider statuses only move forward in this order. */
const STATUS_ORDER = '{SENT,DELIVERED,READ,FAILED}';

const SECRET_TEMPLATES: TemplateKey[] = [
  'registration_code',
  'password_reset',
  'email_change_confirm',
  'complaint_survey',
  'data_export_ready',
];
const isSecretTemplate = (t: string) => SECRET_TEMPLATES.includes(t as TemplateKey);
/** Put before a message staff read with its code on an install without any transport. */
export const DEMO_LABEL =
  '[DEMO tanpa pengiriman: instalasi ini tidak punya SMTP maupun WhatsApp, jadi kode dan tautan ditampilkan di sini]';
const MAX_ATTEMPTS = 10;

/** Messages about a complaint, which only the complaint's unit (and the national helpdesk) may read. */
const COMPLAINT_TEMPLATES = ['complaint_reply', 'complaint_follow_up', 'complaint_survey'];

/** A staff user limited to a regional service unit (read with the session on every request). */
const regionalOfficer = (ctx: RequestContext) => ctx.actor.kind === 'STAFF' && !!ctx.actor.unitScope;

export interface EnqueueInput {
  channel: OutboxChannel;
  recipient: string;
  template: TemplateKey;
  params: string[];
  accountId?: string;
  registrationId?: string;
  /** Email: the Message-ID this message answers (threaded replies to complaints). */
  inReplyTo?: string;
}

/**
 * Transactional outbox: `enqueue` writes the message and its delivery job in
 * the caller's transaction, so a state change and its message commit or roll
 * back together. The worker task delivers with retry and backoff.
 */
export class OutboxService {
  constructor(
    private readonly publicUrl: string,
    private readonly transports: Partial<Record<OutboxChannel, Transport>>,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
    private readonly telemetry?: Telemetry,
  ) {}

  /** Ends the transports' open connections; after the worker has stopped delivering. */
  closeTransports(): void {
    for (const t of Object.values(this.transports)) t?.close?.();
  }

  /**
   * Codes and link tokens live only in `params`, which delivery needs: the
   * stored subject and body are rendered without them, and the text that
   * goes out is rendered at send time (`forDelivery`).
   */
  async enqueue(em: EntityManager, input: EnqueueInput): Promise<OutboxMessage> {
    const rendered = this.render(input.template, input.params, false);
    const msg = em.create(OutboxMessage, {
      channel: input.channel,
      recipient: input.recipient,
      template: input.template,
      // WhatsApp messages are template messages: the subject column keeps the template name.
      subject: input.channel === 'EMAIL' ? rendered.subject : rendered.whatsappTemplate,
      body: rendered.body,
      params: input.params,
      accountId: input.accountId ?? null,
      registrationId: input.registrationId ?? null,
      inReplyTo: input.inReplyTo ?? null,
    });
    await em.flush();
    await this.schedule(em, msg.id);
    return msg;
  }

  /** The delivery job, added in the caller's transaction (it commits or rolls back with the message). */
  private async schedule(em: EntityManager, messageId: string): Promise<void> {
    await em.execute(
      `select graphile_worker.add_job(?, json_build_object('id', cast(? as text)), max_attempts := ${MAX_ATTEMPTS})`,
      [DELIVER_TASK, messageId],
    );
  }

  /**
   * Hooks by template for a re-drive: the module that wrote the message
   * decides whether it can go out again as it is ('requeue') or was replaced
   * by a new message with a fresh code ('reissued').
   */
  private readonly redrivers = new Map<
    string,
    (em: EntityManager, msg: OutboxMessage) => Promise<'requeue' | 'reissued'>
  >();

  onRedeliver(
    template: TemplateKey,
    decide: (em: EntityManager, msg: OutboxMessage) => Promise<'requeue' | 'reissued'>,
  ) {
    this.redrivers.set(template, decide);
  }

  /** [HELPDESK+] Sends a DEAD or HELD message again (or a fresh code in its place); audited. */
  /**
   * Applies provider delivery statuses (WhatsApp webhooks, through a job): each
   * (message, status) once, never backwards (a late DELIVERED does not undo
   * READ), a FAILED one with the provider's error code as the last error.
   * A status for a message this system does not know is not taken as seen:
   * it may have come before the worker saved the message's provider id, so it
   * is returned in `unknown` for a later look (and the same status delivered
   * again also applies).
   */
  async applyProviderStatuses(
    em: EntityManager,
    updates: readonly ProviderStatusUpdate[],
  ): Promise<{ applied: number; unknown: ProviderStatusUpdate[] }> {
    let applied = 0;
    for (const u of updates) {
      const error =
        u.status === 'FAILED' ? `WhatsApp melaporkan gagal: ${u.errorCode ?? '?'} ${u.errorTitle ?? ''}`.trim() : null;
      const rows = await em.execute<{ id: string }[]>(
        `with target as (select m.id from outbox_message m where m.provider_id = ?),
         seen as (
           insert into provider_status_event (provider_id, status, at)
           select ?, ?, to_timestamp(?) where exists (select 1 from target)
           on conflict do nothing returning 1)
         update outbox_message m
            set provider_status = ?, provider_status_at = to_timestamp(?),
                last_error = coalesce(?, m.last_error)
          where m.id in (select id from target) and exists (select 1 from seen)
            and coalesce(array_position(?::text[], m.provider_status), 0) < array_position(?::text[], ?::text)
          returning m.id`,
        [
          u.providerId,
          u.providerId,
          u.status,
          u.timestamp,
          u.status,
          u.timestamp,
          error,
          STATUS_ORDER,
          STATUS_ORDER,
          u.status,
        ],
      );
      applied += rows.length;
    }
    const known = new Set(
      (
        await em.execute<{ provider_id: string }[]>(
          `select provider_id from outbox_message where provider_id = any(?::text[])`,
          [pgArray(updates.map((u) => u.providerId))],
        )
      ).map((r) => r.provider_id),
    );
    return { applied, unknown: updates.filter((u) => !known.has(u.providerId)) };
  }

  async redeliver(ctx: RequestContext, id: string): Promise<OutboxMessage> {
    const msgId = requireUuid(id);
    return ctx.em.transactional(async (em) => {
      const msg = await em.findOne(OutboxMessage, { id: msgId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!msg || (regionalOfficer(ctx) && COMPLAINT_TEMPLATES.includes(msg.template))) throw notFound('Pesan');
      if (msg.status !== 'DEAD' && msg.status !== 'HELD') {
        // FAILED messages are still being retried by their job.
        throw new AppError('CONFLICT', 'Hanya pesan yang gagal total (DEAD) atau tertahan yang dapat dikirim ulang.', {
          status: msg.status,
        });
      }
      if (!this.hasTransport(msg.channel)) {
        // It would only be held again: it goes out by itself once the channel has a transport.
        throw new AppError('CONFLICT', 'Belum ada jalur pengiriman untuk kanal ini; pesan tetap tertahan sampai ada.', {
          channel: msg.channel,
        });
      }
      const decide = this.redrivers.get(msg.template);
      const outcome = decide ? await decide(em, msg) : 'requeue';
      if (outcome === 'requeue') {
        msg.status = 'PENDING';
        msg.lastError = null;
        await em.flush();
        await this.schedule(em, msg.id);
      }
      this.audit.record(ctx, em, {
        action: 'MESSAGE_REDELIVERED',
        targetType: 'outbox_message',
        targetId: msg.id,
        details: { template: msg.template, outcome, accountId: msg.accountId },
      });
      return this.staffView(msg);
    });
  }

  /**
   * Messages kept HELD while no transport existed for their channel go out
   * once one does (at start), oldest first: as they are while their code or
   * link still works, a fresh code where it ran out, and marked DEAD when the
   * flow no longer waits for one.
   */
  async releaseHeld(em: EntityManager): Promise<{ released: number; reissued: number; dropped: number }> {
    const channels = Object.keys(this.transports) as OutboxChannel[];
    const result = { released: 0, reissued: 0, dropped: 0 };
    if (!channels.length) return result;
    for (;;) {
      const batch = await em.fork().transactional(async (tem) => {
        const held = await tem.find(
          OutboxMessage,
          { status: 'HELD', channel: { $in: channels } },
          { orderBy: { createdAt: 'asc' }, limit: 200, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
        );
        for (const msg of held) {
          const decide = this.redrivers.get(msg.template);
          try {
            const outcome = decide ? await decide(tem, msg) : 'requeue';
            if (outcome === 'requeue') {
              msg.status = 'PENDING';
              await tem.flush();
              await this.schedule(tem, msg.id);
              result.released++;
            } else {
              msg.status = 'DEAD';
              msg.lastError = 'Diganti pesan dengan kode baru saat dilepas dari penahanan.';
              result.reissued++;
            }
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            msg.status = 'DEAD';
            msg.lastError = `Tidak dikirim: ${err.message}`;
            result.dropped++;
          }
        }
        await tem.flush();
        return held.length;
      });
      if (batch < 200) break;
    }
    if (result.released + result.reissued + result.dropped) logger.info('Released held messages', result);
    return result;
  }

  /** Newest first; staff reads of message contents are audited (they carry personal data). */
  /**
   * One page of messages for staff, in the asked order (ties by id), with the
   * filter's total. Offset paging; the cursor of a row is its position, so
   * `after` and `offset` page the same way.
   */
  async list(
    ctx: RequestContext,
    filter: { recipient?: string; accountId?: string; registrationId?: string; status?: string },
    page: { first?: number | null; after?: string | null; offset?: number | null; sort?: OutboxSortInput | null },
  ): Promise<Page<OutboxMessage>> {
    const first = checkPage(page.first, page.offset);
    const where: FilterQuery<OutboxMessage> = {};
    if (filter.recipient)
      where.recipient = filter.recipient.trim().toLowerCase().startsWith('+')
        ? filter.recipient.trim()
        : filter.recipient.trim().toLowerCase();
    if (filter.accountId) {
      if (!isUuid(filter.accountId)) throw new ValidationError({ accountId: 'ID akun tidak valid.' });
      where.accountId = filter.accountId;
    }
    if (filter.registrationId) where.registrationId = filter.registrationId;
    if (filter.status) where.status = filter.status as OutboxMessage['status'];
    // Replies and surveys of complaints belong to the unit handling them: a regional officer follows them in their
    // own complaints' conversations, and sees no other unit's here.
    if (regionalOfficer(ctx)) where.template = { $nin: COMPLAINT_TEMPLATES };
    let skip = page.offset ?? 0;
    if (page.after) {
      skip += decodeCursor(page.after, (v): v is { o: number } => {
        const o = (v as { o?: unknown })?.o;
        return Number.isInteger(o) && (o as number) >= 0 && (o as number) <= 100_000;
      }).o;
    }
    const field = OUTBOX_SORT[page.sort?.field ?? 'CREATED_AT'];
    const dir = (page.sort?.direction ?? 'DESC').toLowerCase() as 'asc' | 'desc';
    const [rows, totalCount] = await Promise.all([
      ctx.em.find(OutboxMessage, where, {
        orderBy: [{ [field]: dir }, { id: dir }] as never,
        limit: first + 1,
        offset: skip,
      }),
      ctx.em.count(OutboxMessage, where),
    ]);
    const shown = rows.slice(0, first);
    const audit = ctx.em.fork();
    this.audit.record(ctx, audit, {
      action: 'OUTBOX_READ',
      targetType: 'outbox_message',
      details: {
        filter: { ...filter, recipient: filter.recipient && maskContact(filter.recipient) },
        count: shown.length,
      },
    });
    await audit.flush();
    return {
      rows: shown.map((m) => this.staffView(m, where.recipient as string | undefined)),
      cursors: shown.map((_, i) => encodeCursor({ o: skip + i + 1 })),
      hasNextPage: rows.length > first,
      totalCount,
      totalCountIsEstimate: false,
    };
  }

  /** A template rendered with its secrets (for delivery) or with them hidden (for storage and staff). */
  private render(template: string, params: string[], withSecrets: boolean) {
    const shown = withSecrets || !isSecretTemplate(template) ? params : params.map(() => REDACTED);
    return renderTemplate(template as TemplateKey, shown, this.publicUrl);
  }

  /** The message as it goes out: rendered now, from the parameters, codes and links included. */
  private forDelivery(msg: OutboxMessage): OutboxMessage {
    const r = this.render(msg.template, msg.params, true);
    return { ...msg, body: r.body, subject: msg.channel === 'EMAIL' ? r.subject : msg.subject } as OutboxMessage;
  }

  /**
   * The answer to a deletion request goes out after the account was
   * anonymised (docs/security.md, "Deletion and anonymisation"): once it is
   * sent, or given up, its recipient and text go the way of the rest.
   */
  private async forgetIfAnonymised(em: EntityManager, msg: OutboxMessage): Promise<void> {
    if (!msg.accountId) return;
    await em.execute(
      `update outbox_message m set recipient = '[dihapus]', subject = null, body = '[dihapus]', params = '[]'
         from account a where m.id = ? and a.id = m.account_id and a.anonymised_at is not null`,
      [msg.id],
    );
  }

  /** Once delivered, codes and link tokens are dropped from the parameters too (they are hashed everywhere else). */
  private dropSecrets(msg: OutboxMessage): void {
    if (isSecretTemplate(msg.template)) msg.params = msg.params.map(() => REDACTED);
  }

  /**
   * Whether this install delivers nothing at all: the local demo, where the
   * outbox is how an applicant gets a code. As soon as any channel has a
   * transport, staff never read a live secret, whatever the channel of the
   * message (a HELD WhatsApp reset link is an account takeover).
   */
  private get demo(): boolean {
    return Object.keys(this.transports).length === 0;
  }

  /**
   * What staff may read of a message. Codes and link tokens: only on the
   * no-transport demo, labelled as such. The recipient: masked, unless it is
   * the value the officer typed in the filter (or the demo). The provider's
   * error: redacted. Never the registration id, the applicant's credential.
   */
  staffView(msg: OutboxMessage, typedRecipient?: string): StaffOutboxMessage {
    const view = { ...msg, flowId: msg.registrationId ?? null } as StaffOutboxMessage;
    view.registrationId = msg.registrationId ? `${msg.registrationId.slice(0, 6)}…` : null;
    view.lastError = msg.lastError ? redactSecrets(msg.lastError) : null;
    if (!this.demo && msg.recipient !== typedRecipient) view.recipient = maskContact(msg.recipient);
    const demoSecret = this.demo && msg.status === 'HELD' && isSecretTemplate(msg.template);
    const r = this.render(msg.template, msg.params, demoSecret);
    view.params = demoSecret ? msg.params : msg.params.map((p) => (isSecretTemplate(msg.template) ? REDACTED : p));
    view.body = demoSecret ? `${DEMO_LABEL}\n\n${r.body}` : r.body;
    view.subject = msg.channel === 'EMAIL' ? r.subject : msg.subject;
    return view;
  }

  /** The graphile-worker task that delivers one message. */
  deliverTask(orm: MikroORM): Task {
    return async (payload, helpers) => {
      const { id } = payload as { id: string };
      const em = orm.em.fork();
      const msg = await em.findOne(OutboxMessage, { id });
      // DEAD: given up while this job waited (an anonymised account's unsent messages); a re-drive makes it PENDING.
      if (!msg || msg.status === 'SENT' || msg.status === 'DEAD') return;
      const transport = this.transports[msg.channel];
      if (!transport) {
        msg.status = 'HELD';
        await em.flush();
        return;
      }
      msg.attempts += 1;
      let providerId: string | null | undefined;
      try {
        providerId = await transport.send(this.forDelivery(msg));
      } catch (err) {
        // A provider may echo the request it refused, code and link included: stored and logged redacted.
        msg.lastError = redactSecrets(err instanceof Error ? err.message : String(err));
        msg.status = helpers.job.attempts >= helpers.job.max_attempts ? 'DEAD' : 'FAILED';
        await em.flush();
        if (msg.status === 'DEAD') await this.forgetIfAnonymised(em, msg);
        if (msg.status === 'DEAD' && msg.template === 'registration_code') {
          await this.metrics.bump(em, 'code_failed', { channel: msg.channel });
        }
        logger.warn('Message delivery failed', { id, channel: msg.channel, status: msg.status, error: msg.lastError });
        // graphile-worker retries with exponential backoff and logs and stores the error it is given: only the
        // redacted one, so the original (which may hold a link token) is deliberately not attached as its cause.
        // eslint-disable-next-line preserve-caught-error
        throw new Error(msg.lastError);
      }
      // The provider has it. If recording that fails (database outage), the error goes to the job queue and
      // the job runs again: the one case where a message is sent twice (same Message-ID), never a lost one.
      msg.providerId = providerId ?? null;
      msg.status = 'SENT';
      msg.sentAt = new Date();
      msg.lastError = null;
      this.telemetry?.deliveryLatency.observe(
        { channel: msg.channel },
        (msg.sentAt.getTime() - msg.createdAt.getTime()) / 1000,
      );
      this.dropSecrets(msg);
      await em.flush();
      await this.forgetIfAnonymised(em, msg);
      if (msg.template === 'registration_code') await this.metrics.bump(em, 'code_delivered', { channel: msg.channel });
    };
  }

  /**
   * The newest messages of each account (up to 50 each), without their text, including the codes of the
   * registration that created it (sent before the account existed); one query for any number of accounts.
   */
  /** Whether messages on this channel can go out now (a transport is configured). */
  hasTransport(channel: string): boolean {
    return !!this.transports[channel as OutboxChannel];
  }

  /** The flows messages belong to, by flow id, as far as the actions on their messages need them. */
  async flowsFor(em: EntityManager, flowIds: readonly string[]): Promise<(MessageFlow | null)[]> {
    const rows = await em.execute<
      { id: string; reference: string; step: string; expires_at: Date; latest_code_id: string | null }[]
    >(
      `select f.id, f.reference, f.step, f.expires_at,
              (select o.id from outbox_message o where o.registration_id = f.id and o.template = 'registration_code'
                order by o.created_at desc, o.id desc limit 1) as latest_code_id
         from registration_flow f where f.id = any(?::text[])`,
      [pgArray(flowIds)],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return flowIds.map((id) => {
      const r = byId.get(id);
      return r
        ? { reference: r.reference, step: r.step, expiresAt: new Date(r.expires_at), latestCodeId: r.latest_code_id }
        : null;
    });
  }

  async summariesFor(em: EntityManager, accountIds: readonly string[]): Promise<MessageSummaryRow[][]> {
    const rows = await em.execute<(MessageSummaryRow & { account_id: string })[]>(
      `select a.id as account_id, m.id, m.template, m.channel, m.status, m.attempts, m.last_error as "lastError",
              m.provider_id as "providerId", m.provider_status as "providerStatus",
              m.registration_id as "registrationId", m.created_at as "createdAt", m.sent_at as "sentAt"
         from unnest(?::uuid[]) as a(id)
         cross join lateral (select * from outbox_message o
                              where o.account_id = a.id
                                 or o.registration_id in (select f.id from registration_flow f where f.account_id = a.id)
                              order by o.created_at desc limit 50) m`,
      [pgArray(accountIds)],
    );
    for (const r of rows) r.lastError = r.lastError && redactSecrets(r.lastError);
    return groupBy(accountIds, withDates(rows, 'createdAt', 'sentAt'), (r) => r.account_id);
  }
}

/** A message as the helpdesk may see it: status and delivery, never its text. */
export interface MessageSummaryRow {
  id: string;
  template: string;
  channel: string;
  status: string;
  attempts: number;
  lastError: string | null;
  providerId: string | null;
  providerStatus: string | null;
  /** The flow it belongs to (internal: never shown, it is the applicant's credential). */
  registrationId: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** An outbox message as staff see it, with the flow id kept aside (never shown) for the actions on it. */
export type StaffOutboxMessage = OutboxMessage & { flowId: string | null };

/** A registration flow as the actions on its messages need it. */
export interface MessageFlow {
  reference: string;
  step: string;
  expiresAt: Date;
  latestCodeId: string | null;
}
