import type { EntityManager } from '@mikro-orm/postgresql';
import { VerificationChannel, ActorType, BusinessScale } from '../../domain/enums';
import { maskEmail, maskPhone } from '../../domain/mask';
import type { Clock } from '../../shared/clock';
import { AppError, assertNoFieldErrors, FieldErrors, notFound } from '../../shared/errors';
import { isUuid } from '../../shared/ids';
import type { RequestContext } from '../../shared/request-context';
import type { AuditService } from '../audit/audit.service';
import { RegistrationFlow } from '../registration/registration.entity';
import type { RegistrationService } from '../registration/registration.service';
import type { ProfileInput, Registration } from '../registration/registration.types';
import { NATIONAL_UNIT_ID } from '../service-unit/service-unit.entity';
import { OutreachEvent } from './outreach-event.entity';
import { deskOpen } from './outreach-hours';

export interface OutreachStartInput {
  nik: string;
  channel: VerificationChannel;
  email?: string | null;
  phone?: string | null;
  scale?: BusinessScale | null;
}

/** A desk flow as the officer sees it: the reference, never the flow id (the applicant's credential), never a code. */
export interface OutreachRegistrationView extends Omit<Registration, 'id'> {
  reference: string;
  eventId: string;
}

type Refusal = 'NOT_OFFICER' | 'NOT_ASSIGNED' | 'OTHER_OFFICE' | 'OUTSIDE_HOURS';

const REFUSAL_TEXT: Record<Refusal, string> = {
  NOT_OFFICER: 'Hanya petugas jemput bola yang dapat mendaftarkan pemohon di meja acara.',
  NOT_ASSIGNED: 'Anda tidak ditugaskan pada acara jemput bola ini.',
  OTHER_OFFICE: 'Acara jemput bola ini diselenggarakan unit layanan lain.',
  OUTSIDE_HOURS: 'Meja acara jemput bola hanya buka pada tanggal dan jam acara.',
};

/**
 * The outreach desk: an OUTREACH officer, assigned to an event of their own
 * office and within its hours, registers the person in front of them through
 * the ordinary registration flow. The code goes to the applicant's own email
 * or WhatsApp and the applicant types it; the password is typed by the
 * applicant into a field on the officer's tablet and never comes back in an
 * answer; the consent is the applicant's, stated on the screen. The officer
 * acts on the flow's reference only. Every action, and every refusal, is audited.
 */
export class OutreachDesk {
  constructor(
    private readonly registrations: RegistrationService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Only OUTREACH officers work at a desk: other staff (who rank above them elsewhere) are FORBIDDEN here
   * before anything is looked up, so the desk is not a way round their own rights.
   */
  private officer(ctx: RequestContext): string {
    const a = ctx.actor;
    if (a.kind !== 'STAFF' || a.role !== 'OUTREACH') {
      throw new AppError('FORBIDDEN', REFUSAL_TEXT.NOT_OFFICER, { reason: 'NOT_OFFICER' });
    }
    return a.staffId;
  }

  /** [OUTREACH] The events the caller is assigned to that have not ended (today's first). */
  async myEvents(ctx: RequestContext): Promise<OutreachEvent[]> {
    const staffId = this.officer(ctx);
    const now = this.clock.now();
    const rows = await ctx.em.execute<{ id: string }[]>(
      `select id from outreach_event
        where officer_ids @> ?::jsonb and ends_at + interval '1 minute' > ?
        order by starts_at asc limit 50`,
      [JSON.stringify([staffId]), now],
    );
    if (!rows.length) return [];
    return ctx.em.find(OutreachEvent, { id: { $in: rows.map((r) => r.id) } }, { orderBy: { startsAt: 'asc' } });
  }

  /** Whether the caller may act at the event's desk now; a refusal is audited and FORBIDDEN. */
  private async gate(ctx: RequestContext, event: OutreachEvent): Promise<string> {
    this.officer(ctx);
    let refusal: Refusal | undefined;
    const a = ctx.actor as Extract<RequestContext['actor'], { kind: 'STAFF' }>;
    if ((a.unitScope ?? NATIONAL_UNIT_ID) !== event.unitId) refusal = 'OTHER_OFFICE';
    else if (!event.officerIds.includes(a.staffId)) refusal = 'NOT_ASSIGNED';
    else if (!deskOpen(this.clock.now(), event.startsAt, event.endsAt)) refusal = 'OUTSIDE_HOURS';
    if (refusal) {
      await this.audit.write(ctx, ctx.em, {
        action: 'OUTREACH_DESK_REFUSED',
        targetType: 'outreach_event',
        targetId: event.id,
        details: { reason: refusal },
      });
      const text =
        refusal === 'OUTSIDE_HOURS'
          ? `${REFUSAL_TEXT.OUTSIDE_HOURS} (${event.eventDate} ${event.startTime}-${event.endTime} ${event.timeZone})`
          : REFUSAL_TEXT[refusal];
      throw new AppError('FORBIDDEN', text, { reason: refusal });
    }
    return a.staffId;
  }

  private async eventOf(ctx: RequestContext, eventId: string): Promise<OutreachEvent> {
    if (!isUuid(eventId)) throw notFound('Acara jemput bola');
    const event = await ctx.em.findOne(OutreachEvent, { id: eventId.toLowerCase() });
    if (!event) throw notFound('Acara jemput bola');
    return event;
  }

  /** The desk flow behind a reference, after the gate of its event. */
  private async flowOf(ctx: RequestContext, reference: string): Promise<{ id: string; event: OutreachEvent }> {
    this.officer(ctx);
    if (!isUuid(reference)) throw notFound('Pendaftaran');
    const [row] = await ctx.em.execute<{ id: string; outreach_event_id: string }[]>(
      'select id, outreach_event_id from registration_flow where reference = ? and outreach_event_id is not null',
      [reference.toLowerCase()],
    );
    if (!row) throw notFound('Pendaftaran');
    const event = await this.eventOf(ctx, row.outreach_event_id);
    await this.gate(ctx, event);
    return { id: row.id, event };
  }

  private view(flow: RegistrationFlow, r: Registration): OutreachRegistrationView {
    const { id: _id, ...rest } = r;
    return { ...rest, reference: flow.reference, eventId: flow.outreachEventId! };
  }

  /**
   * Runs a desk step; its audit row goes in the step's own transaction, or
   * (when the step is refused) on its own with the error code.
   */
  private async step(
    ctx: RequestContext,
    action: string,
    eventId: string,
    run: (after: (em: EntityManager, flow: RegistrationFlow) => Promise<void>) => Promise<Registration>,
    extra: (flow: RegistrationFlow) => Record<string, unknown> = () => ({}),
    reference?: string,
  ): Promise<OutreachRegistrationView> {
    let done: RegistrationFlow | undefined;
    try {
      const r = await run(async (em, flow) => {
        done = flow;
        this.audit.record(ctx, em, {
          action,
          targetType: 'registration',
          targetId: flow.reference,
          details: { event: eventId, step: flow.step, ...extra(flow) },
        });
      });
      return this.view(done!, r);
    } catch (e) {
      if (e instanceof AppError && reference) {
        await this.audit.write(ctx, ctx.em, {
          action,
          targetType: 'registration',
          targetId: reference,
          details: { event: eventId, outcome: e.code },
        });
      }
      throw e;
    }
  }

  /** Starts a registration for the applicant at the desk: the code goes to their own email or WhatsApp. */
  async start(ctx: RequestContext, eventId: string, input: OutreachStartInput): Promise<OutreachRegistrationView> {
    this.officer(ctx);
    const event = await this.eventOf(ctx, eventId);
    const officerId = await this.gate(ctx, event);
    const f: FieldErrors = {};
    if (!input.nik?.trim()) f.nik = 'NIK pemohon (dari KTP) wajib diisi.';
    assertNoFieldErrors(f);
    return this.step(
      ctx,
      'OUTREACH_REGISTRATION_STARTED',
      event.id,
      (after) =>
        this.registrations.start(
          ctx,
          {
            scale: input.scale ?? BusinessScale.UMK,
            actorType: ActorType.INDIVIDUAL,
            nik: input.nik,
            channel: input.channel,
            email: input.email ?? undefined,
            phone: input.phone ?? undefined,
          },
          { eventId: event.id, officerId },
          after,
        ),
      (flow) => ({
        channel: flow.channel,
        destination: flow.channel === 'EMAIL' ? maskEmail(flow.email ?? '') : maskPhone(flow.phone ?? ''),
      }),
    );
  }

  /** A new code to the applicant's channel, by the same countdown and limits as online. */
  async resend(ctx: RequestContext, reference: string): Promise<OutreachRegistrationView> {
    const { id, event } = await this.flowOf(ctx, reference);
    return this.step(
      ctx,
      'OUTREACH_CODE_RESENT',
      event.id,
      (after) => this.registrations.resend(ctx, id, after),
      undefined,
      reference,
    );
  }

  /** The code the applicant typed on the desk's screen (the officer never receives it). */
  async verify(ctx: RequestContext, reference: string, code: string): Promise<OutreachRegistrationView> {
    const { id, event } = await this.flowOf(ctx, reference);
    return this.step(
      ctx,
      'OUTREACH_CODE_CHECKED',
      event.id,
      (after) => this.registrations.verify(ctx, id, code, after),
      () => ({ outcome: 'OK' }),
      reference,
    );
  }

  /** The password the applicant typed themselves; nothing about it is echoed or audited beyond the fact. */
  async setPassword(
    ctx: RequestContext,
    reference: string,
    password: string,
    confirmation: string,
  ): Promise<OutreachRegistrationView> {
    const { id, event } = await this.flowOf(ctx, reference);
    return this.step(
      ctx,
      'OUTREACH_PASSWORD_SET',
      event.id,
      (after) => this.registrations.setPassword(ctx, id, password, confirmation, after),
      undefined,
      reference,
    );
  }

  /** The profile from the KTP and the applicant's own consent: the account becomes ACTIVE (consent OUTREACH). */
  async complete(
    ctx: RequestContext,
    reference: string,
    profile: ProfileInput,
    applicantConsent: boolean,
  ): Promise<OutreachRegistrationView> {
    const { id, event } = await this.flowOf(ctx, reference);
    if (applicantConsent !== true) {
      await this.audit.write(ctx, ctx.em, {
        action: 'OUTREACH_REGISTRATION_COMPLETED',
        targetType: 'registration',
        targetId: reference,
        details: { event: event.id, outcome: 'VALIDATION_FAILED' },
      });
      throw new AppError('VALIDATION_FAILED', 'Pemohon harus menyatakan sendiri persetujuannya.', {
        fields: { applicantConsent: 'Pemohon harus membaca dan menyetujui pernyataan persetujuan.' },
      });
    }
    let flowRef: RegistrationFlow | undefined;
    const account = await this.stepAccount(ctx, event.id, reference, (after) =>
      this.registrations.complete(ctx, id, profile, true, async (em, flow) => {
        flowRef = flow;
        await after(em, flow);
      }),
    );
    return {
      reference: flowRef!.reference,
      eventId: event.id,
      step: 'DONE' as Registration['step'],
      channel: flowRef!.channel as VerificationChannel,
      maskedDestination: account.maskedDestination,
      resendAvailableAt: this.clock.now(),
      expiresAt: flowRef!.expiresAt,
    };
  }

  private async stepAccount(
    ctx: RequestContext,
    eventId: string,
    reference: string,
    run: (after: (em: EntityManager, flow: RegistrationFlow) => Promise<void>) => Promise<unknown>,
  ): Promise<{ maskedDestination: string }> {
    let masked = '';
    try {
      await run(async (em, flow) => {
        masked = flow.channel === 'EMAIL' ? maskEmail(flow.email ?? '') : maskPhone(flow.phone ?? '');
        this.audit.record(ctx, em, {
          action: 'OUTREACH_REGISTRATION_COMPLETED',
          targetType: 'registration',
          targetId: flow.reference,
          details: { event: eventId, accountId: flow.accountId },
        });
      });
      return { maskedDestination: masked };
    } catch (e) {
      if (e instanceof AppError) {
        await this.audit.write(ctx, ctx.em, {
          action: 'OUTREACH_REGISTRATION_COMPLETED',
          targetType: 'registration',
          targetId: reference,
          details: { event: eventId, outcome: e.code },
        });
      }
      throw e;
    }
  }
}
