import type { Config } from './config';
import type { EventBus } from './graphql/events';
import { AccountService } from './modules/account';
import { AuditService } from './modules/audit';
import { SessionService, ThrottleService, TokenService } from './modules/auth';
import { CaptchaService } from './modules/captcha';
import { EmailChangeService } from './modules/email-change';
import { OutboxService } from './modules/messaging';
import type { OutboxChannel } from './modules/messaging/outbox.entity';
import { SmtpTransport, Transport, WhatsAppTransport } from './modules/messaging/transports';
import { RecoveryService } from './modules/recovery';
import { RegionService } from './modules/region';
import { RegistrationService } from './modules/registration';
import { StaffService } from './modules/staff';

/** The service container, built once per process; resolvers reach it through the context. */
export interface Services {
  accounts: AccountService;
  audit: AuditService;
  captcha: CaptchaService;
  emailChanges: EmailChangeService;
  events: EventBus;
  outbox: OutboxService;
  /** Base of links put in messages (PUBLIC_URL). */
  publicUrl: string;
  recovery: RecoveryService;
  regions: RegionService;
  registrations: RegistrationService;
  sessions: SessionService;
  staff: StaffService;
  throttle: ThrottleService;
  tokens: TokenService;
}

export function createServices(config: Config, events: EventBus): Services {
  const transports: Partial<Record<OutboxChannel, Transport>> = {};
  if (config.smtpUrl) transports.EMAIL = new SmtpTransport(config.smtpUrl, config.mailFrom);
  if (config.whatsapp) transports.WHATSAPP = new WhatsAppTransport(config.whatsapp);
  return {
    accounts: new AccountService(),
    audit: new AuditService(),
    captcha: new CaptchaService(config.captcha),
    emailChanges: new EmailChangeService(),
    events,
    outbox: new OutboxService(config.publicUrl, transports),
    publicUrl: config.publicUrl,
    recovery: new RecoveryService(),
    regions: new RegionService(),
    registrations: new RegistrationService(),
    sessions: new SessionService(),
    staff: new StaffService(),
    throttle: new ThrottleService(),
    tokens: new TokenService(),
  };
}
