import { isIP } from 'node:net';
import path from 'node:path';
import { parseHolidays } from './domain/working-days';
import { type CodeKey, parseCodeKeys } from './shared/code-mac';
import { checkDigestTemplate } from './domain/legacy-hash';
import { z } from 'zod';

/**
 * Every environment variable the server reads, parsed once at boot.
 * Names and defaults are part of the public contract (README "Configuration"); other tools rely on them.
 */
const optionalUrl = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
  z.string().url().optional(),
);

const EnvSchema = z.object({
  DATABASE_URL: optionalUrl,
  /** A role made by the operator for the server's own connections (else one is created: db/app-role.ts). */
  DATABASE_APP_URL: optionalUrl,
  /** Read replicas of DATABASE_URL, comma-separated (db/read-replicas.ts); unset: the primary serves everything. */
  DATABASE_REPLICA_URLS: z.string().optional(),
  /** After a caller's mutation, its reads stay on the primary this long (replication lag it must not see). */
  DATABASE_REPLICA_STICKY_SECONDS: z.coerce.number().min(0).max(3600).default(5),
  /** A replica that failed to connect is not tried again for this long (unless /healthz finds it back first). */
  DATABASE_REPLICA_RETRY_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  /** The audit chain's head is appended here on a schedule (and logged). */
  AUDIT_HEAD_FILE: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().optional(),
  ),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  PUBLIC_URL: optionalUrl,
  SMTP_URL: optionalUrl,
  MAIL_FROM: z.string().min(3).default('OSS <noreply@localhost>'),
  WHATSAPP_API_URL: optionalUrl,
  WHATSAPP_TOKEN: z.string().optional(),
  WHATSAPP_PHONE_NUMBER_ID: z.string().optional(),
  WHATSAPP_APP_SECRET: z.string().min(8).optional(),
  INBOUND_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  INBOUND_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  HELPDESK_EMAIL: z.string().email().optional(),
  INBOUND_MAIL_MAX_MB: z.coerce.number().positive().max(50).default(10),
  INBOUND_SMTP_ALLOWED_CLIENTS: z.string().default('127.0.0.1,::1'),
  INBOUND_MAIL_AUTHSERV_ID: z.string().min(1).optional(),
  WHATSAPP_VERIFY_TOKEN: z.string().min(8).optional(),
  CAPTCHA: z.enum(['on', 'off']).default('on'),
  /** Signs proof-of-work captcha challenges; required in production while CAPTCHA=on. */
  CAPTCHA_HMAC_KEY: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().min(32, 'at least 32 characters').optional(),
  ),
  /** Verification-code HMAC keys, `id:secret,…`: the first signs, the rest still verify. Required in production. */
  CODE_HMAC_KEYS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().optional(),
  ),
  /** PBKDF2 iterations per proof-of-work attempt. */
  CAPTCHA_COST: z.coerce.number().int().min(1).max(1_000_000).default(5000),
  /** The secret counter is drawn from [max/2, max]: the attempts a solver makes. */
  CAPTCHA_MAX_NUMBER: z.coerce.number().int().min(2).max(10_000_000).default(1000),
  /** Where the embedded PostgreSQL keeps its files when DATABASE_URL is unset. */
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  STAFF_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  STAFF_SESSION_HOURS: z.coerce.number().min(0.1).max(24).default(8),
  API_KEY_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  COMPLAINT_SLA_DAYS: z.string().optional(),
  CAPTCHA_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  REGISTRATION_SENDS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(300),
  REGISTRATION_SENDS_PER_DESTINATION_PER_HOUR: z.coerce.number().int().min(1).default(5),
  REGISTRATION_SENDS_PER_DESTINATION_PER_DAY: z.coerce.number().int().min(1).default(10),
  TRUST_PROXY: z.string().optional(),
  RELEASE_HELD_ON_START: z.enum(['on', 'off']).default('on'),
  SEED_DEMO: z.enum(['on', 'off']).optional(),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Days a CANCELLED account keeps its personal data before the daily job anonymises it (docs/security.md). */
  ACCOUNT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  NODE_ENV: z.string().optional(),
  SESSION_RECHECK_SECONDS: z.coerce.number().int().min(1).max(60).default(30),
  COMPLAINT_HOLIDAYS: z.string().optional(),
  COMPLAINT_AUTO_ASSIGN: z.enum(['on', 'off']).default('off'),
  /** The version of the terms and privacy notice a registration accepts now (raise it when the text changes). */
  PRIVACY_NOTICE_VERSION: z.coerce.number().int().min(1).max(10_000).default(1),
  /**
   * Accounts that accepted a version older than this must accept the current one at their next login
   * (set it to the version whose change needs fresh consent); unset: nobody is asked again.
   */
  PRIVACY_NOTICE_REACCEPT_FROM: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number().int().min(1).max(10_000).optional(),
  ),
  /** Where the applicant reads the current terms and privacy notice (shown with a re-acceptance prompt). */
  PRIVACY_NOTICE_URL: optionalUrl,
  /** Hours to answer a data-subject request, per kind (`KIND=hours,…`); 72 (3×24) for every kind by default. */
  DATA_REQUEST_DEADLINE_HOURS: z.string().optional(),
  /** ISO date (or date-time) after which unclaimed OSS 1.1 accounts are removed; unset: never. */
  LEGACY_CLAIM_DEADLINE: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().optional(),
  ),
  /** How the old system salted its MD5/SHA-1/SHA-256 hashes, e.g. `{SALT}{PASSWORD}` (domain/legacy-hash.ts). */
  LEGACY_HASH_TEMPLATE: z.preprocess((v) => (typeof v === 'string' && v === '' ? undefined : v), z.string().optional()),
});

/** Working days to resolve a complaint, per category (a phone or login problem blocks work at once). */
export const DEFAULT_COMPLAINT_SLA: Record<string, number> = {
  CODE_NOT_RECEIVED: 1,
  LOGIN_LOCKED: 1,
  CANNOT_REGISTER: 1,
  INACTIVE_EMAIL: 3,
  LOST_ACCOUNT: 3,
  ACCESS_CANCELLED: 3,
  OTHER: 3,
};

function parseSla(raw: string | undefined): Record<string, number> {
  const sla = { ...DEFAULT_COMPLAINT_SLA };
  for (const part of (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([A-Z_]+)=(\d{1,2})$/.exec(part);
    if (!m || !(m[1] in DEFAULT_COMPLAINT_SLA) || Number(m[2]) < 1) {
      throw new ConfigError(`Invalid configuration:\n  COMPLAINT_SLA_DAYS: expected CATEGORY=days, got "${part}"`);
    }
    sla[m[1]] = Number(m[2]);
  }
  return sla;
}

/** The data-subject request kinds of UU PDP (27/2022) the service answers. */
export const DATA_REQUEST_KINDS = [
  'ACCESS',
  'CORRECTION',
  'DELETION',
  'RESTRICTION',
  'OBJECTION',
  'CONSENT_WITHDRAWAL',
] as const;

/** 3×24 hours: the time UU PDP gives the controller for most requests. */
export const DEFAULT_DATA_REQUEST_HOURS = 72;

function parseDeadlines(raw: string | undefined): Record<string, number> {
  const hours: Record<string, number> = Object.fromEntries(
    DATA_REQUEST_KINDS.map((k) => [k, DEFAULT_DATA_REQUEST_HOURS]),
  );
  for (const part of (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([A-Z_]+)=(\d{1,4})$/.exec(part);
    if (!m || !(DATA_REQUEST_KINDS as readonly string[]).includes(m[1]) || Number(m[2]) < 1) {
      throw new ConfigError(
        `Invalid configuration:\n  DATA_REQUEST_DEADLINE_HOURS: expected KIND=hours (${DATA_REQUEST_KINDS.join(', ')}), got "${part}"`,
      );
    }
    hours[m[1]] = Number(m[2]);
  }
  return hours;
}

export interface WhatsAppConfig {
  apiUrl: string;
  token: string;
  phoneNumberId: string;
}

/** The helpdesk mailbox's SMTP ingress. */
export interface MailIngressConfig {
  host: string;
  port: number;
  mailbox: string;
  maxBytes: number;
  /** Client addresses allowed to hand mail over (the MX); others are refused at connect. */
  allowedClients: readonly string[];
  /** The authserv-id of the MX whose Authentication-Results are trusted; unset: no sender counts as proven. */
  authservId?: string;
}

export interface Config {
  databaseUrl?: string;
  /** Connect the server as this role instead of the one it creates (the owner still migrates). */
  appDatabaseUrl?: string;
  /** Read replicas: their URLs (credentials default to the server's own role) and the routing's timings. */
  replicas: { urls: string[]; stickySeconds: number; retrySeconds: number };
  /** File the audit chain's head is appended to on a schedule; unset: logged only. */
  auditHeadFile?: string;
  port: number;
  publicUrl: string;
  smtpUrl?: string;
  mailFrom: string;
  whatsapp?: WhatsAppConfig;
  /** Cloud API webhooks: the app secret that signs them (unset: refused) and the subscription check token. */
  whatsappWebhook: { appSecret?: string; verifyToken?: string; phoneNumberId?: string };
  /** The SMTP ingress of the helpdesk mailbox; undefined: no inbound email. */
  mailIngress?: MailIngressConfig;
  captcha: boolean;
  /** Proof-of-work captcha: HMAC key (unset outside production: a random key per process), cost and counter range. */
  captchaPow: { hmacKey?: string; cost: number; maxNumber: number };
  /** Verification-code HMAC keys, the signing key first (unset outside production: a random key per process). */
  codeKeys?: CodeKey[];
  dataDir: string;
  embeddedPgPort: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  staffSessionIdleSeconds: number;
  staffSessionSeconds: number;
  apiKeyRequestsPerMinute: number;
  complaintSlaDays: Record<string, number>;
  complaintHolidays: Set<string>;
  /** New inbound (WhatsApp, email) complaints are assigned round-robin at once. */
  complaintAutoAssign: boolean;
  /** The terms and privacy notice version new registrations accept. */
  privacyNoticeVersion: number;
  /** Accounts whose accepted version is below this accept the current one before anything else; unset: never. */
  privacyNoticeReacceptFrom?: number;
  /** Where the current notice can be read (the re-acceptance prompt's link). */
  privacyNoticeUrl?: string;
  /** Hours to answer a data-subject request, per kind. */
  dataRequestDeadlineHours: Record<string, number>;
  captchaPerIpPerMinute: number;
  registrationLimits: { perIpPerHour: number; perDestinationPerHour: number; perDestinationPerDay: number };
  /** Express "trust proxy": false, a hop count, or addresses/CIDRs of trusted proxies. */
  trustProxy: false | number | string[];
  releaseHeldOnStart: boolean;
  /** Seed the demo helpdesk user on an empty database (default: only for the embedded PostgreSQL). */
  seedDemo: boolean;
  /** Expired captchas, rate-limit hits, throttles, sessions and tokens older than this are purged. */
  retentionDays: number;
  /** Days after cancellation before an account's personal data is anonymised by the daily job. */
  accountRetentionDays: number;
  /** NODE_ENV=production: no introspection or "did you mean" hints for anonymous callers. */
  production: boolean;
  /** How often a WebSocket's session is checked again (logout, expiry, disabled staff close it). */
  sessionRecheckSeconds: number;
  /** OSS 1.1 accounts: the claim deadline (unset: none) and the salted-digest template of their hashes. */
  legacy: { claimDeadline?: Date; hashTemplate?: string };
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function parseTrustProxy(raw: string | undefined): false | number | string[] {
  const v = raw?.trim() ?? '';
  if (v === '' || v === 'off' || v === 'false') return false;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  const parts = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const p of parts) {
    const [addr, bits] = p.split('/');
    const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(addr) === 6 ? 128 : 32));
    if (!PROXY_NAMES.includes(p) && !(isIP(addr) && okBits)) {
      throw new ConfigError(
        `Invalid configuration:\n  TRUST_PROXY: "${p}" is not a hop count, an address, a CIDR or ${PROXY_NAMES.join('/')}`,
      );
    }
  }
  return parts;
}

export class ConfigError extends Error {}

function holidays(raw: string | undefined): Set<string> {
  try {
    return parseHolidays(raw);
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  COMPLAINT_HOLIDAYS: ${(err as Error).message}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const waParts = [e.WHATSAPP_API_URL, e.WHATSAPP_TOKEN, e.WHATSAPP_PHONE_NUMBER_ID];
  const waSet = waParts.filter((p) => p !== undefined && p !== '').length;
  if (waSet !== 0 && waSet !== 3) {
    throw new ConfigError(
      'Invalid configuration:\n  WHATSAPP_API_URL, WHATSAPP_TOKEN and WHATSAPP_PHONE_NUMBER_ID must be set together',
    );
  }
  if ((e.INBOUND_SMTP_PORT === undefined) !== (e.HELPDESK_EMAIL === undefined)) {
    throw new ConfigError(
      'Invalid configuration:\n  INBOUND_SMTP_PORT and HELPDESK_EMAIL must be set together (the ingress and its mailbox)',
    );
  }
  if (e.NODE_ENV === 'production' && e.CAPTCHA === 'on' && !e.CAPTCHA_HMAC_KEY) {
    throw new ConfigError(
      'Invalid configuration:\n  CAPTCHA_HMAC_KEY: required in production while CAPTCHA=on (32+ random characters)',
    );
  }
  if (e.PRIVACY_NOTICE_REACCEPT_FROM !== undefined && e.PRIVACY_NOTICE_REACCEPT_FROM > e.PRIVACY_NOTICE_VERSION) {
    throw new ConfigError(
      'Invalid configuration:\n  PRIVACY_NOTICE_REACCEPT_FROM: cannot be above PRIVACY_NOTICE_VERSION (no such notice yet)',
    );
  }
  let codeKeys: CodeKey[] | undefined;
  if (e.CODE_HMAC_KEYS) {
    try {
      codeKeys = parseCodeKeys(e.CODE_HMAC_KEYS);
    } catch (err) {
      throw new ConfigError(`Invalid configuration:\n  CODE_HMAC_KEYS: ${(err as Error).message}`);
    }
  } else if (e.NODE_ENV === 'production') {
    throw new ConfigError(
      'Invalid configuration:\n  CODE_HMAC_KEYS: required in production (id:secret, the secret 32+ random characters)',
    );
  }
  return {
    databaseUrl: e.DATABASE_URL,
    appDatabaseUrl: e.DATABASE_APP_URL,
    replicas: {
      urls: parseReplicaUrls(e.DATABASE_REPLICA_URLS),
      stickySeconds: e.DATABASE_REPLICA_STICKY_SECONDS,
      retrySeconds: e.DATABASE_REPLICA_RETRY_SECONDS,
    },
    auditHeadFile: e.AUDIT_HEAD_FILE ? path.resolve(e.AUDIT_HEAD_FILE) : undefined,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    whatsapp:
      waSet === 3
        ? {
            apiUrl: e.WHATSAPP_API_URL!.replace(/\/+$/, ''),
            token: e.WHATSAPP_TOKEN!,
            phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID!,
          }
        : undefined,
    mailIngress:
      e.INBOUND_SMTP_PORT !== undefined && e.HELPDESK_EMAIL
        ? {
            host: e.INBOUND_SMTP_HOST,
            port: e.INBOUND_SMTP_PORT,
            mailbox: e.HELPDESK_EMAIL.toLowerCase(),
            maxBytes: Math.round(e.INBOUND_MAIL_MAX_MB * 1024 * 1024),
            allowedClients: e.INBOUND_SMTP_ALLOWED_CLIENTS.split(',')
              .map((a) => a.trim())
              .filter(Boolean),
            authservId: e.INBOUND_MAIL_AUTHSERV_ID,
          }
        : undefined,
    whatsappWebhook: {
      appSecret: e.WHATSAPP_APP_SECRET,
      verifyToken: e.WHATSAPP_VERIFY_TOKEN,
      phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID,
    },
    captcha: e.CAPTCHA === 'on',
    captchaPow: { hmacKey: e.CAPTCHA_HMAC_KEY, cost: e.CAPTCHA_COST, maxNumber: e.CAPTCHA_MAX_NUMBER },
    codeKeys,
    dataDir: path.resolve(e.DATA_DIR),
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    logLevel: e.LOG_LEVEL,
    staffSessionIdleSeconds: e.STAFF_SESSION_IDLE_MINUTES * 60,
    staffSessionSeconds: Math.round(e.STAFF_SESSION_HOURS * 3600),
    apiKeyRequestsPerMinute: e.API_KEY_REQUESTS_PER_MINUTE,
    complaintSlaDays: parseSla(e.COMPLAINT_SLA_DAYS),
    complaintHolidays: holidays(e.COMPLAINT_HOLIDAYS),
    complaintAutoAssign: e.COMPLAINT_AUTO_ASSIGN === 'on',
    privacyNoticeVersion: e.PRIVACY_NOTICE_VERSION,
    privacyNoticeReacceptFrom: e.PRIVACY_NOTICE_REACCEPT_FROM,
    privacyNoticeUrl: e.PRIVACY_NOTICE_URL,
    dataRequestDeadlineHours: parseDeadlines(e.DATA_REQUEST_DEADLINE_HOURS),
    captchaPerIpPerMinute: e.CAPTCHA_PER_IP_PER_MINUTE,
    registrationLimits: {
      perIpPerHour: e.REGISTRATION_SENDS_PER_IP_PER_HOUR,
      perDestinationPerHour: e.REGISTRATION_SENDS_PER_DESTINATION_PER_HOUR,
      perDestinationPerDay: e.REGISTRATION_SENDS_PER_DESTINATION_PER_DAY,
    },
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    releaseHeldOnStart: e.RELEASE_HELD_ON_START === 'on',
    seedDemo: e.SEED_DEMO ? e.SEED_DEMO === 'on' : !e.DATABASE_URL,
    retentionDays: e.RETENTION_DAYS,
    accountRetentionDays: e.ACCOUNT_RETENTION_DAYS,
    production: e.NODE_ENV === 'production',
    sessionRecheckSeconds: e.SESSION_RECHECK_SECONDS,
    legacy: {
      claimDeadline: parseDeadline(e.LEGACY_CLAIM_DEADLINE),
      hashTemplate: parseTemplate(e.LEGACY_HASH_TEMPLATE),
    },
  };
}

function parseReplicaUrls(raw: string | undefined): string[] {
  const urls = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const u of urls) {
    let ok: boolean;
    try {
      ok = ['postgres:', 'postgresql:'].includes(new URL(u).protocol);
    } catch {
      ok = false;
    }
    if (!ok) {
      // The URL may hold a password: only its position is named.
      throw new ConfigError(
        `Invalid configuration:\n  DATABASE_REPLICA_URLS: entry ${urls.indexOf(u) + 1} is not a postgres:// URL`,
      );
    }
  }
  return urls;
}

/** A date alone means the start of that day in Jakarta (WIB), the time the deadline is announced in. */
function parseDeadline(raw: string | undefined): Date | undefined {
  if (!raw) return undefined;
  const v = raw.trim();
  const at = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00+07:00`) : new Date(v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || isNaN(at.getTime())) {
    throw new ConfigError(
      `Invalid configuration:\n  LEGACY_CLAIM_DEADLINE: expected an ISO date such as 2027-06-30, got "${v}"`,
    );
  }
  return at;
}

function parseTemplate(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const problem = checkDigestTemplate(raw);
  if (problem) throw new ConfigError(`Invalid configuration:\n  LEGACY_HASH_TEMPLATE: ${problem}`);
  return raw;
}
