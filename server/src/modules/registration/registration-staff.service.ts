import type { EntityManager } from '@mikro-orm/postgresql';
import { explainDeliveryError } from '../../domain/delivery-error';
import type { VerificationChannel } from '../../domain/enums';
import { maskEmail, maskPhone } from '../../domain/mask';
import { checkReason } from '../../domain/reason';
import { classifySearch } from '../../domain/search';
import { assertNoFieldErrors, FieldErrors, forbidden, notFound, unauthenticated } from '../../shared/errors';
import { isUuid } from '../../shared/ids';
import { checkPage, decodeCursor, encodeCursor, isTimeKeyset, KeysetCursor, Page } from '../../shared/pagination';
import type { RequestContext } from '../../shared/request-context';
import { groupBy } from '../../shared/group';
import type { AuditService } from '../audit/audit.service';
import type { ThrottleService } from '../auth/throttle.service';
import type { RegistrationFlow } from './registration.entity';
import type { Registration } from './registration.types';
import type { RegistrationService } from './registration.service';

export interface StaffRegistrationFilter {
  q?: string | null;
  step?: string | null;
  channel?: string | null;
  createdFrom?: Date | null;
  createdTo?: Date | null;
}

/** One message of a flow as staff see it: its fate, never its text or code. */
export interface FlowMessageRow {
  id: string;
  template: string;
  channel: string;
  status: string;
  providerStatus: string | null;
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
  explanation: string | null;
  /** The flow it belongs to (internal: the applicant's credential, never shown). */
  registrationId: string;
}

/** A registration flow as staff see it: the reference to act on, never the flow id (the applicant's credential). */
export interface StaffRegistrationRow {
  reference: string;
  step: string;
  channel: string;
  maskedDestination: string;
  createdAt: Date;
  expiresAt: Date;
  accountId: string | null;
  messages: FlowMessageRow[];
}

const STEPS = ['VERIFY_CODE', 'SET_PASSWORD', 'COMPLETE_PROFILE', 'DONE', 'EXPIRED'];

/**
 * The least digits that search inside phone numbers: fewer would match most of
 * the table, and each search inside a number is a guess at the digits a masked
 * phone hides. With 8, a search that reaches them must guess several at once
 * (all four of the common 11-digit number: 10,000 tries), each counted against
 * the officer's identifier budget.
 */
const MIN_PHONE_DIGITS = 8;

interface FlowRow {
  id: string;
  reference: string;
  step: string;
  channel: string;
  email: string | null;
  phone: string | null;
  created_at: Date;
  expires_at: Date;
  account_id: string | null;
  sort_key: string;
}

/**
 * The helpdesk's view of registration flows: the applicant who started but
 * never finished has no account yet, and is found here by NIK, passport,
 * email or any part of their phone number. Staff can send a new code or send
 * it elsewhere, by the same rules as the applicant, audited with a reason.
 */
export class RegistrationStaff {
  constructor(
    private readonly flows: RegistrationService,
    private readonly audit: AuditService,
    private readonly throttle: ThrottleService,
  ) {}

  async find(
    ctx: RequestContext,
    filter: StaffRegistrationFilter,
    first?: number | null,
    after?: string | null,
  ): Promise<Page<StaffRegistrationRow>> {
    const n = checkPage(first);
    const where: string[] = [];
    const params: unknown[] = [];
    const fields: FieldErrors = {};
    const q = filter.q?.trim();
    if (q) {
      const term = searchTerm(q);
      if ('error' in term) fields.q = term.error;
      else {
        // Every term here is an identifier shown back on its rows: counted, hit or miss.
        await this.throttle.identifierSearch(ctx);
        where.push(term.sql);
        params.push(term.value);
      }
    }
    if (filter.step && !STEPS.includes(filter.step)) fields.step = `Langkah yang dikenal: ${STEPS.join(', ')}.`;
    else if (filter.step) {
      where.push('f.step = ?');
      params.push(filter.step);
    }
    if (filter.channel) {
      where.push('f.channel = ?');
      params.push(filter.channel);
    }
    if (filter.createdFrom) {
      where.push('f.created_at >= ?');
      params.push(filter.createdFrom);
    }
    if (filter.createdTo) {
      where.push('f.created_at < ?');
      params.push(filter.createdTo);
    }
    if (filter.createdFrom && filter.createdTo && filter.createdFrom > filter.createdTo) {
      fields.createdTo = 'Waktu akhir harus sesudah waktu awal.';
    }
    assertNoFieldErrors(fields);
    const pageWhere = [...where];
    const pageParams = [...params];
    if (after) {
      const [at, reference] = decodeCursor<KeysetCursor>(after, isTimeKeyset);
      pageWhere.push('(f.created_at, f.reference) < (?::timestamptz, ?::uuid)');
      pageParams.push(at, reference);
    }
    const cond = (w: string[]) => (w.length ? `where ${w.join(' and ')}` : '');
    const rows = await ctx.em.execute<FlowRow[]>(
      `select f.id, f.reference, f.step, f.channel, f.email, f.phone, f.created_at, f.expires_at, f.account_id,
              f.created_at::text as sort_key
         from registration_flow f ${cond(pageWhere)}
        order by f.created_at desc, f.reference desc limit ?`,
      [...pageParams, n + 1],
    );
    const [{ c }] = await ctx.em.execute<{ c: number }[]>(
      `select count(*)::int as c from (select 1 from registration_flow f ${cond(where)} limit 10001) x`,
      params,
    );
    const page = rows.slice(0, n);
    const messages = await this.messagesFor(
      ctx.em,
      page.map((r) => r.id),
    );
    await this.audit.write(ctx, ctx.em, {
      action: 'REGISTRATION_SEARCH',
      details: {
        filters: Object.keys(filter).filter((k) => filter[k as keyof StaffRegistrationFilter] != null),
        count: page.length,
      },
    });
    return {
      rows: page.map((r, i) => ({
        reference: r.reference,
        step: r.step,
        channel: r.channel,
        maskedDestination: r.channel === 'EMAIL' ? maskEmail(r.email ?? '') : maskPhone(r.phone ?? ''),
        createdAt: new Date(r.created_at),
        expiresAt: new Date(r.expires_at),
        accountId: r.account_id,
        messages: messages[i],
      })),
      cursors: page.map((r) => encodeCursor([r.sort_key, r.reference])),
      hasNextPage: rows.length > n,
      totalCount: c,
      totalCountIsEstimate: c > 10_000,
    };
  }

  /** A new code for the applicant (never for the officer), by the applicant's own countdown and limits. */
  async resend(ctx: RequestContext, reference: string, reason: string): Promise<Registration> {
    const { id, why } = await this.prepare(ctx, reference, reason);
    const view = await this.flows.resend(ctx, id, (em, flow) =>
      this.audit.write(ctx, em, auditOf('REGISTRATION_CODE_RESENT', flow, why)),
    );
    return { ...view, id: reference };
  }

  /** Sends the code to another address or number (or channel), after the officer checked who is calling. */
  async changeDestination(
    ctx: RequestContext,
    reference: string,
    channel: VerificationChannel,
    email: string | null | undefined,
    phone: string | null | undefined,
    reason: string,
  ): Promise<Registration> {
    const { id, why } = await this.prepare(ctx, reference, reason);
    const view = await this.flows.changeDestination(ctx, id, email, phone, channel, (em, flow) =>
      this.audit.write(ctx, em, auditOf('REGISTRATION_DESTINATION_CHANGED', flow, why)),
    );
    return { ...view, id: reference };
  }

  private async prepare(ctx: RequestContext, reference: string, reason: string): Promise<{ id: string; why: string }> {
    if (ctx.actor.kind === 'ANONYMOUS') throw unauthenticated();
    if (ctx.actor.kind !== 'STAFF') throw forbidden();
    assertNoFieldErrors(checkReason(reason));
    const why = reason.trim();
    if (!isUuid(reference)) throw notFound('Pendaftaran');
    const [row] = await ctx.em.execute<{ id: string }[]>('select id from registration_flow where reference = ?', [
      reference,
    ]);
    if (!row) throw notFound('Pendaftaran');
    return { id: row.id, why };
  }

  private async messagesFor(em: EntityManager, flowIds: readonly string[]): Promise<FlowMessageRow[][]> {
    if (!flowIds.length) return [];
    const rows = await em.execute<
      {
        registration_id: string;
        id: string;
        template: string;
        channel: string;
        status: string;
        provider_status: string | null;
        attempts: number;
        last_error: string | null;
        created_at: Date;
        sent_at: Date | null;
      }[]
    >(
      `select m.registration_id, m.id, m.template, m.channel, m.status, m.provider_status, m.attempts, m.last_error,
              m.created_at, m.sent_at
         from outbox_message m where m.registration_id in (${flowIds.map(() => '?').join(', ')})
        order by m.created_at desc`,
      [...flowIds],
    );
    return groupBy(flowIds, rows, (r) => r.registration_id).map((ms) =>
      ms.slice(0, 20).map((m) => ({
        id: m.id,
        template: m.template,
        channel: m.channel,
        status: m.status,
        providerStatus: m.provider_status,
        attempts: m.attempts,
        createdAt: new Date(m.created_at),
        sentAt: m.sent_at ? new Date(m.sent_at) : null,
        explanation: explainDeliveryError(m.channel, m.last_error)?.text ?? null,
        registrationId: m.registration_id,
      })),
    );
  }
}

function auditOf(action: string, flow: RegistrationFlow, reason: string) {
  return {
    action,
    targetType: 'registration',
    targetId: flow.reference,
    details: {
      reason,
      channel: flow.channel,
      destination: flow.channel === 'EMAIL' ? maskEmail(flow.email ?? '') : maskPhone(flow.phone ?? ''),
    },
  };
}

/**
 * The one search box, for flows: a NIK, a passport number, an email, or a
 * phone in any written form (0813…, +62 813-…, 62813…) or any part of one.
 * Flows carry no name, so a name finds nothing here (the account search does).
 */
function searchTerm(q: string): { sql: string; value: string } | { error: string } {
  const digits = q.replace(/[\s().+-]/g, '');
  if (/^\d+$/.test(digits) && digits.length !== 16) {
    // Stored as +62…: drop the country code or the trunk 0 and search inside the number.
    const core = digits.replace(/^62/, '').replace(/^0/, '');
    if (core.length < MIN_PHONE_DIGITS) {
      return { error: `Ketik minimal ${MIN_PHONE_DIGITS} angka nomor telepon.` };
    }
    return { sql: `f.phone like ?`, value: `%${core}%` };
  }
  const term = classifySearch(q);
  switch (term.kind) {
    case 'nik':
      return { sql: 'f.nik = ?', value: term.value };
    case 'email':
      return { sql: 'f.email = ?', value: term.value };
    case 'phone':
      return { sql: 'f.phone = ?', value: term.value };
    case 'handle':
      return { sql: `(f.passport->>'number') = ?`, value: term.passport };
    case 'invalid':
      return { error: term.error };
    default:
      return { error: 'Pendaftaran dicari dengan NIK, nomor paspor, email atau nomor telepon.' };
  }
}
