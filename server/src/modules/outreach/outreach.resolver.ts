import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../shared/request-context';
import { scope } from '../../graphql/auth-checker';
import { RegistrationMetrics } from '../metrics/metrics.types';
import { ProfileInput } from '../registration/registration.types';
import { Staff, StaffRoleEnum } from '../staff/staff.resolver';
import type { OutreachDesk } from './outreach-desk.service';
import type { OutreachEvents } from './outreach.service';
import {
  OutreachCountsType,
  OutreachEventInput,
  OutreachEventType,
  OutreachRegistrationInput,
  OutreachRegistrationType,
  OutreachReportType,
} from './outreach.types';

@Resolver(() => OutreachEventType)
export class OutreachEventResolver {
  constructor(
    private readonly events: OutreachEvents,
    private readonly desk: OutreachDesk,
  ) {}

  @Authorized('SUPERVISOR')
  @Query(() => [OutreachEventType], {
    description:
      'Outreach ("jemput bola") events, newest date first, at most 500 [SUPERVISOR+]; a regional supervisor sees ' +
      "their own office's only. `from`/`to` are YYYY-MM-DD.",
  })
  async outreachEvents(
    @Ctx() ctx: RequestContext,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string,
    @Arg('from', () => String, { nullable: true }) from?: string,
    @Arg('to', () => String, { nullable: true }) to?: string,
  ): Promise<OutreachEventType[]> {
    return this.events.views(ctx.em, await this.events.list(ctx, { unitId, from, to }), true);
  }

  @Authorized('SUPERVISOR')
  @Query(() => OutreachEventType, { description: "One outreach event with its report [SUPERVISOR+, own office's]." })
  async outreachEvent(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<OutreachEventType> {
    const [view] = await this.events.views(ctx.em, [await this.events.get(ctx, id)], true);
    return view;
  }

  @Authorized('SUPERVISOR')
  @Query(() => OutreachReportType, {
    description:
      'Registrations started, completed, abandoned and in progress at outreach events held from `from` to `to` ' +
      '(YYYY-MM-DD, at most 366 days), per event, per kelurahan and by channel [SUPERVISOR+].',
  })
  outreachReport(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => String) from: string,
    @Arg('to', () => String) to: string,
  ): Promise<OutreachReportType> {
    return this.events.report(ctx, from, to) as Promise<OutreachReportType>;
  }

  @Authorized('SUPERVISOR')
  @Query(() => [Staff], {
    description:
      "Active OUTREACH officers of an office (default: the caller's) that an event can be given [SUPERVISOR+]; " +
      "another office's are FORBIDDEN to a regional supervisor.",
  })
  async outreachOfficers(
    @Ctx() ctx: RequestContext,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string,
  ): Promise<Staff[]> {
    return (await this.events.officers(ctx, unitId)).map((s) => ({
      id: s.id,
      username: s.username,
      role: s.role as StaffRoleEnum,
    }));
  }

  @Authorized('OUTREACH')
  @Query(() => [OutreachEventType], {
    description: 'The outreach events the caller is assigned to that have not ended, soonest first [OUTREACH+].',
  })
  async myOutreachEvents(@Ctx() ctx: RequestContext): Promise<OutreachEventType[]> {
    return this.events.views(ctx.em, await this.desk.myEvents(ctx), false);
  }

  @FieldResolver(() => OutreachCountsType, {
    nullable: true,
    description: 'Registrations started at this desk, by what became of them (supervisors’ lists only).',
  })
  report(@Root() e: OutreachEventType): OutreachCountsType | null {
    return e.report ?? null;
  }

  @Authorized('SUPERVISOR')
  @Mutation(() => OutreachEventType, {
    description:
      "Plans an outreach event [SUPERVISOR+] for `unitId` (default: the caller's office; a regional supervisor " +
      'only for their own). Audited.',
  })
  async createOutreachEvent(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => OutreachEventInput) input: OutreachEventInput,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string,
  ): Promise<OutreachEventType> {
    const [view] = await this.events.views(ctx.em, [await this.events.create(ctx, unitId, input)], true);
    return view;
  }

  @Authorized('SUPERVISOR')
  @Mutation(() => OutreachEventType, {
    description: 'Changes an outreach event of the caller’s office [SUPERVISOR+]. Audited.',
  })
  async updateOutreachEvent(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => OutreachEventInput) input: OutreachEventInput,
  ): Promise<OutreachEventType> {
    const [view] = await this.events.views(ctx.em, [await this.events.update(ctx, id, input)], true);
    return view;
  }

  @Authorized('OUTREACH')
  @Mutation(() => OutreachRegistrationType, {
    description:
      'Starts a registration for the applicant at the desk [OUTREACH, assigned to the event, of its office, within ' +
      "its hours; else FORBIDDEN]. The code goes to the applicant's own email or WhatsApp. Audited.",
  })
  startOutreachRegistration(
    @Ctx() ctx: RequestContext,
    @Arg('eventId', () => ID) eventId: string,
    @Arg('input', () => OutreachRegistrationInput) input: OutreachRegistrationInput,
  ): Promise<OutreachRegistrationType> {
    return this.desk.start(ctx, eventId, input) as Promise<OutreachRegistrationType>;
  }

  @Authorized('OUTREACH')
  @Mutation(() => OutreachRegistrationType, {
    description:
      'Sends the applicant a new code (same countdown and limits as online) [OUTREACH at the desk]. Audited.',
  })
  resendOutreachRegistrationCode(
    @Ctx() ctx: RequestContext,
    @Arg('reference', () => ID) reference: string,
  ): Promise<OutreachRegistrationType> {
    return this.desk.resend(ctx, reference) as Promise<OutreachRegistrationType>;
  }

  @Authorized('OUTREACH')
  @Mutation(() => OutreachRegistrationType, {
    description: 'Checks the code the applicant typed [OUTREACH at the desk]; same limits as online. Audited.',
  })
  verifyOutreachRegistration(
    @Ctx() ctx: RequestContext,
    @Arg('reference', () => ID) reference: string,
    @Arg('code', () => String) code: string,
  ): Promise<OutreachRegistrationType> {
    return this.desk.verify(ctx, reference, code) as Promise<OutreachRegistrationType>;
  }

  @Authorized('OUTREACH')
  @Mutation(() => OutreachRegistrationType, {
    description:
      'The password the applicant typed on the desk’s screen [OUTREACH at the desk]; never echoed. Same rules as ' +
      'online. Audited (the fact only).',
  })
  setOutreachRegistrationPassword(
    @Ctx() ctx: RequestContext,
    @Arg('reference', () => ID) reference: string,
    @Arg('password', () => String) password: string,
    @Arg('passwordConfirmation', () => String) passwordConfirmation: string,
  ): Promise<OutreachRegistrationType> {
    return this.desk.setPassword(ctx, reference, password, passwordConfirmation) as Promise<OutreachRegistrationType>;
  }

  @Authorized('OUTREACH')
  @Mutation(() => OutreachRegistrationType, {
    description:
      'The profile from the KTP and the applicant’s own consent (applicantConsent must be true) [OUTREACH at the ' +
      'desk]: the account becomes ACTIVE with consent channel OUTREACH and the welcome message goes to the applicant.',
  })
  completeOutreachRegistration(
    @Ctx() ctx: RequestContext,
    @Arg('reference', () => ID) reference: string,
    @Arg('profile', () => ProfileInput) profile: ProfileInput,
    @Arg('applicantConsent', () => Boolean) applicantConsent: boolean,
  ): Promise<OutreachRegistrationType> {
    return this.desk.complete(ctx, reference, profile, applicantConsent) as Promise<OutreachRegistrationType>;
  }
}

@Resolver(() => RegistrationMetrics)
export class MetricsOutreachResolver {
  constructor(private readonly events: OutreachEvents) {}

  @Authorized('SUPERVISOR', scope('metrics:read'))
  @FieldResolver(() => OutreachReportType, {
    description: 'Outreach events held in the period (WIB dates) with their registrations, per event and kelurahan.',
  })
  outreach(@Root() m: RegistrationMetrics, @Ctx() ctx: RequestContext): Promise<OutreachReportType> {
    return this.events.reportForPeriod(ctx, m.from, m.to) as Promise<OutreachReportType>;
  }
}
