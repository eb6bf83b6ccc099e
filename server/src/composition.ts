import { randomBytes } from 'node:crypto';
import type { ContainerType } from 'type-graphql';
import type { Config } from './config';
import { Clock, systemClock } from './shared/clock';
import { Telemetry } from './shared/telemetry';
import type { EventBus } from './db/event-bus';
import { ReadReplicas } from './db/read-replicas';
import {
  AccountAdmin,
  AccountExpiry,
  AccountLifecycle,
  AccountQueries,
  AccountSearch,
  ApplicantAuthService,
} from './modules/account';
import { ApiKeyService } from './modules/api-key';
import { AccountResolver } from './modules/account/account.resolver';
import { AccountConsentResolver } from './modules/account/account-consent.resolver';
import type { NoticePolicy } from './domain/consent';
import { AuditChain, AuditQueries, AuditService } from './modules/audit';
import { AccountAuditTrailResolver, AuditActorNameResolver, AuditResolver } from './modules/audit/audit.resolver';
import { AccountLoginLockResolver } from './modules/auth/login-lock.resolver';
import { AccountMessagesResolver, MessageSummaryResolver } from './modules/messaging/account-messages.resolver';
import {
  FlowMessageActionsResolver,
  MessageSummaryActionsResolver,
  OutboxMessageActionsResolver,
} from './modules/messaging/message-actions.resolver';
import { AccountRegistrationsResolver } from './modules/registration/registration-history.resolver';
import { PasswordLogin, SessionService, ThrottleService, TokenService } from './modules/auth';
import { DEFAULT_SESSION_LIMITS } from './modules/auth/session.service';
import { BreachService } from './modules/breach';
import { BreachResolver } from './modules/breach/breach.resolver';
import { CaptchaService } from './modules/captcha';
import { ComplaintService, ResponseTemplateService, SkmService } from './modules/complaint';
import { ResponseTemplateResolver } from './modules/complaint/response-template.resolver';
import { SkmResolver } from './modules/complaint/skm.resolver';
import { UnitDashboardResolver } from './modules/complaint/unit-dashboard.resolver';
import { UnitDashboardService } from './modules/complaint/unit-dashboard.service';
import { ComplaintLaporResolver } from './modules/complaint/lapor.resolver';
import { ComplaintTracking } from './modules/complaint/complaint-tracking.service';
import { ComplaintMediaService } from './modules/complaint/complaint-media.service';
import {
  AccountComplaintsResolver,
  ComplaintHistoryNamesResolver,
  ComplaintMessageNamesResolver,
  ComplaintResolver,
  MetricsComplaintsResolver,
} from './modules/complaint/complaint.resolver';
import { CaptchaResolver } from './modules/captcha/captcha.resolver';
import { Anonymiser, DataExportService, DataRequestService, RetentionAnonymisation } from './modules/data-rights';
import { DataRequestResolver } from './modules/data-rights/data-request.resolver';
import { AccountRetentionResolver } from './modules/data-rights/account-retention.resolver';
import { EmailChangeService } from './modules/email-change';
import { LegacyClaims, LegacyImport, LegacyReplacements } from './modules/legacy';
import { LegacyReplacementResolver } from './modules/legacy/legacy.resolver';
import { AccountEmailChangesResolver, EmailChangeResolver } from './modules/email-change/email-change.resolver';
import { OutboxService } from './modules/messaging';
import { MetricsService } from './modules/metrics';
import { OutreachDesk, OutreachEvents } from './modules/outreach';
import { MetricsOutreachResolver, OutreachEventResolver } from './modules/outreach/outreach.resolver';
import { MetricsResolver } from './modules/metrics/metrics.resolver';
import type { OutboxChannel } from './modules/messaging/outbox.entity';
import { OutboxResolver } from './modules/messaging/outbox.resolver';
import { SmtpTransport, Transport, WhatsAppTransport } from './modules/messaging/transports';
import { RecoveryService } from './modules/recovery';
import { RecoveryResolver } from './modules/recovery/recovery.resolver';
import { RegionService } from './modules/region';
import { ServiceUnitService } from './modules/service-unit';
import {
  ComplaintUnitResolver,
  ServiceUnitResolver,
  StaffUnitResolver,
} from './modules/service-unit/service-unit.resolver';
import { RegionResolver } from './modules/region/region.resolver';
import { RegistrationService, RegistrationStaff } from './modules/registration';
import { CodeMac } from './shared/code-mac';
import { HolidayCalendar } from './domain/holiday-calendar';
import { RegistrationStaffResolver } from './modules/registration/registration-staff.resolver';
import { RegistrationResolver } from './modules/registration/registration.resolver';
import { StaffService } from './modules/staff';
import { StaffResolver } from './modules/staff/staff.resolver';

/** Every service of one process, built once with its collaborators. */
export interface Services {
  accountAdmin: AccountAdmin;
  accountExpiry: AccountExpiry;
  accountQueries: AccountQueries;
  accountLifecycle: AccountLifecycle;
  applicantAuth: ApplicantAuthService;
  apiKeys: ApiKeyService;
  audit: AuditService;
  auditChain: AuditChain;
  auditQueries: AuditQueries;
  breaches: BreachService;
  captcha: CaptchaService;
  complaints: ComplaintService;
  complaintTracking: ComplaintTracking;
  complaintMedia: ComplaintMediaService;
  responseTemplates: ResponseTemplateService;
  skm: SkmService;
  unitDashboard: UnitDashboardService;
  dataRequests: DataRequestService;
  /** The end of the retention period: cancelled accounts anonymised by the daily job. */
  retention: RetentionAnonymisation;
  dataExports: DataExportService;
  emailChanges: EmailChangeService;
  events: EventBus;
  legacyClaims: LegacyClaims;
  legacyImport: LegacyImport;
  legacyReplacements: LegacyReplacements;
  metrics: MetricsService;
  /** The terms and privacy notice in force and from which version it must be accepted again. */
  notice: NoticePolicy;
  outbox: OutboxService;
  outreachDesk: OutreachDesk;
  outreachEvents: OutreachEvents;
  recovery: RecoveryService;
  regions: RegionService;
  registrations: RegistrationService;
  registrationStaff: RegistrationStaff;
  sessions: SessionService;
  staff: StaffService;
  units: ServiceUnitService;
  throttle: ThrottleService;
  telemetry: Telemetry;
  tokens: TokenService;
  /** Where read-only work runs: a read replica when one may serve it (attached to the ORM in app.ts). */
  reads: ReadReplicas;
}

/**
 * The composition root: the only place that knows every module. Services get
 * their collaborators through constructors; nothing looks them up at call time.
 */
export type ServiceConfig = Pick<
  Config,
  | 'smtpUrl'
  | 'mailFrom'
  | 'whatsapp'
  | 'captcha'
  | 'publicUrl'
  | 'staffSessionSeconds'
  | 'staffSessionIdleSeconds'
  | 'apiKeyRequestsPerMinute'
  | 'complaintSlaDays'
  | 'complaintHolidays'
  | 'complaintAutoAssign'
  | 'captchaPerIpPerMinute'
  | 'captchaPow'
  | 'codeKeys'
  | 'registrationLimits'
  | 'auditHeadFile'
  | 'privacyNoticeVersion'
  | 'accountRetentionDays'
  | 'privacyNoticeReacceptFrom'
  | 'privacyNoticeUrl'
  | 'dataRequestDeadlineHours'
  | 'legacy'
  | 'replicas'
>;

export function createServices(config: ServiceConfig, events: EventBus, clock: Clock = systemClock): Services {
  const transports: Partial<Record<OutboxChannel, Transport>> = {};
  if (config.smtpUrl) transports.EMAIL = new SmtpTransport(config.smtpUrl, config.mailFrom);
  if (config.whatsapp) transports.WHATSAPP = new WhatsAppTransport(config.whatsapp);

  const reads = new ReadReplicas(config.replicas);
  const audit = new AuditService();
  const codes = new CodeMac(
    config.codeKeys ?? [{ id: `p${randomBytes(3).toString('hex')}`, secret: randomBytes(32).toString('hex') }],
  );
  const throttle = new ThrottleService((value) => codes.subjectDigest(value));
  const notice = {
    version: config.privacyNoticeVersion,
    reacceptFrom: config.privacyNoticeReacceptFrom,
    url: config.privacyNoticeUrl,
  };
  const sessions = new SessionService(
    {
      ...DEFAULT_SESSION_LIMITS,
      staffSeconds: config.staffSessionSeconds,
      staffIdleSeconds: config.staffSessionIdleSeconds,
    },
    notice,
  );
  const tokens = new TokenService();
  const passwords = new PasswordLogin(throttle);
  const captcha = new CaptchaService(config.captcha, throttle, config.captchaPerIpPerMinute, config.captchaPow);
  const regions = new RegionService();
  const units = new ServiceUnitService(regions.index, audit);
  const responseTemplates = new ResponseTemplateService(audit);
  const metrics = new MetricsService(events, reads);
  const telemetry = new Telemetry();
  const outbox = new OutboxService(config.publicUrl, transports, audit, metrics, telemetry);
  const accountQueries = new AccountQueries();
  const accountLifecycle = new AccountLifecycle(accountQueries, outbox, events, audit, sessions, throttle);
  // Both recovery services work on accounts with the same collaborators.
  const recoveryDeps = [
    captcha,
    regions.index,
    accountQueries,
    accountLifecycle,
    audit,
    throttle,
    tokens,
    outbox,
    config.publicUrl,
  ] as const;
  const staff = new StaffService(passwords, sessions, audit);
  const legacyClaims = new LegacyClaims(outbox, audit, clock, config.legacy.claimDeadline);
  const legacyReplacements = new LegacyReplacements(
    regions.index,
    accountQueries,
    accountLifecycle,
    outbox,
    passwords,
    codes,
    throttle,
    config.registrationLimits,
    legacyClaims,
    clock,
    config.legacy.hashTemplate,
    config.privacyNoticeVersion,
  );
  const anonymiser = new Anonymiser(clock, throttle);
  const dataExports = new DataExportService(outbox, audit, codes, config.publicUrl, clock);
  const registrations = new RegistrationService(
    captcha,
    regions.index,
    accountQueries,
    accountLifecycle,
    outbox,
    config.publicUrl,
    metrics,
    throttle,
    codes,
    config.registrationLimits,
    config.privacyNoticeVersion,
  );
  outbox.onRedeliver('registration_code', (em, msg) => registrations.reissueFor(em, msg));
  return {
    accountAdmin: new AccountAdmin(new AccountSearch(), accountLifecycle, audit, throttle, reads),
    accountExpiry: new AccountExpiry(accountQueries, outbox, events, audit, sessions, metrics, clock),
    accountQueries,
    accountLifecycle,
    applicantAuth: new ApplicantAuthService(
      captcha,
      accountQueries,
      passwords,
      sessions,
      notice,
      audit,
      legacyReplacements,
    ),
    apiKeys: new ApiKeyService(config.apiKeyRequestsPerMinute),
    audit,
    auditChain: new AuditChain(config.auditHeadFile),
    auditQueries: new AuditQueries(),
    breaches: new BreachService(accountQueries, outbox, audit, clock),
    captcha,
    complaints: new ComplaintService(
      accountQueries,
      outbox,
      audit,
      metrics,
      clock,
      config.publicUrl,
      config.complaintSlaDays,
      new HolidayCalendar(config.complaintHolidays),
      staff,
      units,
      responseTemplates,
      events,
      throttle,
      config.complaintAutoAssign,
    ),
    complaintTracking: new ComplaintTracking(captcha, throttle, audit),
    complaintMedia: new ComplaintMediaService(config.whatsapp, units, audit),
    responseTemplates,
    skm: new SkmService(clock, units, reads, audit),
    unitDashboard: new UnitDashboardService(clock, units),
    dataRequests: new DataRequestService(
      accountQueries,
      accountLifecycle,
      outbox,
      audit,
      clock,
      config.dataRequestDeadlineHours,
      dataExports,
      anonymiser,
    ),
    retention: new RetentionAnonymisation(anonymiser, audit, clock, config.accountRetentionDays, telemetry),
    dataExports,
    emailChanges: new EmailChangeService(...recoveryDeps),
    events,
    legacyClaims,
    legacyImport: new LegacyImport(regions.index, audit, config.legacy.hashTemplate),
    legacyReplacements,
    metrics,
    notice,
    outbox,
    outreachDesk: new OutreachDesk(registrations, audit, clock),
    outreachEvents: new OutreachEvents(regions.index, audit, clock),
    recovery: new RecoveryService(...recoveryDeps),
    regions,
    registrations,
    registrationStaff: new RegistrationStaff(registrations, audit, throttle),
    sessions,
    staff,
    units,
    throttle,
    telemetry,
    tokens,
    reads,
  };
}

/** type-graphql's container: each resolver class gets its one instance, built with its services. */
export function resolverContainer(s: Services): ContainerType {
  const instances = new Map<Function, object>([
    [AccountResolver, new AccountResolver(s.applicantAuth, s.accountLifecycle, s.accountAdmin, s.accountExpiry)],
    [AccountAuditTrailResolver, new AccountAuditTrailResolver(s.auditQueries)],
    [AccountEmailChangesResolver, new AccountEmailChangesResolver(s.emailChanges)],
    [AccountLoginLockResolver, new AccountLoginLockResolver(s.throttle)],
    [AccountMessagesResolver, new AccountMessagesResolver(s.outbox)],
    [MessageSummaryResolver, new MessageSummaryResolver()],
    [OutboxMessageActionsResolver, new OutboxMessageActionsResolver(s.outbox)],
    [MessageSummaryActionsResolver, new MessageSummaryActionsResolver(s.outbox)],
    [FlowMessageActionsResolver, new FlowMessageActionsResolver(s.outbox)],
    [AccountRegistrationsResolver, new AccountRegistrationsResolver(s.registrations)],
    [AuditResolver, new AuditResolver(s.auditQueries)],
    [BreachResolver, new BreachResolver(s.breaches)],
    [AuditActorNameResolver, new AuditActorNameResolver(s.staff)],
    [MetricsResolver, new MetricsResolver(s.metrics, s.events)],
    [CaptchaResolver, new CaptchaResolver(s.captcha)],
    [ComplaintResolver, new ComplaintResolver(s.complaints, s.accountQueries, s.staff)],
    [AccountComplaintsResolver, new AccountComplaintsResolver(s.complaints)],
    [MetricsComplaintsResolver, new MetricsComplaintsResolver(s.complaints)],
    [ComplaintHistoryNamesResolver, new ComplaintHistoryNamesResolver(s.staff)],
    [ComplaintMessageNamesResolver, new ComplaintMessageNamesResolver(s.staff)],
    [ComplaintLaporResolver, new ComplaintLaporResolver(s.complaints)],
    [SkmResolver, new SkmResolver(s.skm, s.regions.index)],
    [UnitDashboardResolver, new UnitDashboardResolver(s.unitDashboard, s.regions.index)],
    [ResponseTemplateResolver, new ResponseTemplateResolver(s.responseTemplates)],
    [AccountRetentionResolver, new AccountRetentionResolver(s.retention)],
    [AccountConsentResolver, new AccountConsentResolver(s.notice)],
    [DataRequestResolver, new DataRequestResolver(s.dataRequests, s.accountQueries, s.staff, s.dataExports)],
    [EmailChangeResolver, new EmailChangeResolver(s.emailChanges)],
    [OutboxResolver, new OutboxResolver(s.outbox)],
    [OutreachEventResolver, new OutreachEventResolver(s.outreachEvents, s.outreachDesk)],
    [MetricsOutreachResolver, new MetricsOutreachResolver(s.outreachEvents)],
    [LegacyReplacementResolver, new LegacyReplacementResolver(s.legacyReplacements)],
    [RecoveryResolver, new RecoveryResolver(s.recovery)],
    [RegionResolver, new RegionResolver(s.regions)],
    [RegistrationResolver, new RegistrationResolver(s.registrations, s.registrationStaff)],
    [RegistrationStaffResolver, new RegistrationStaffResolver(s.registrationStaff, s.accountQueries)],
    [StaffResolver, new StaffResolver(s.staff)],
    [ServiceUnitResolver, new ServiceUnitResolver(s.units, s.regions.index)],
    [StaffUnitResolver, new StaffUnitResolver(s.units, s.regions.index)],
    [ComplaintUnitResolver, new ComplaintUnitResolver(s.units, s.regions.index)],
  ]);
  return {
    get(resolverClass: Function) {
      const instance = instances.get(resolverClass);
      if (!instance) throw new Error(`No instance wired for ${resolverClass.name} in composition.ts`);
      return instance;
    },
  };
}
