import type { Config } from './config';
import type { EventBus } from './graphql/events';
import { AccountService } from './modules/account';
import { AuditService } from './modules/audit';
import { SessionService, ThrottleService } from './modules/auth';
import { CaptchaService } from './modules/captcha';
import { OutboxService } from './modules/messaging';
import type { OutboxChannel } from './modules/messaging/outbox.entity';
import { SmtpTransport, Transport, WhatsAppTransport } from './modules/messaging/transports';
import { RegionService } from './modules/region';
import { RegistrationService } from './modules/registration';
import { StaffService } from './modules/staff';

/** The service container, built once per process; resolvers reach it through the context. */
export interface Services {
  accounts: AccountService;
  audit: AuditService;
  captcha: CaptchaService;
  events: EventBus;
  outbox: OutboxService;
  regions: RegionService;
  registrations: RegistrationService;
  sessions: SessionService;
  staff: StaffService;
  throttle: ThrottleService;
}

export function createServices(config: Config, events: EventBus): Services {
  const transports: Partial<Record<OutboxChannel, Transport>> = {};
  if (config.smtpUrl) transports.EMAIL = new SmtpTransport(config.smtpUrl, config.mailFrom);
  if (config.whatsapp) transports.WHATSAPP = new WhatsAppTransport(config.whatsapp);
  return {
    accounts: new AccountService(),
    audit: new AuditService(),
    captcha: new CaptchaService(config.captcha),
    events,
    outbox: new OutboxService(config.publicUrl, transports),
    regions: new RegionService(),
    registrations: new RegistrationService(),
    sessions: new SessionService(),
    staff: new StaffService(),
    throttle: new ThrottleService(),
  };
}
