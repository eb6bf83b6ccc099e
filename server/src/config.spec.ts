import path from 'node:path';
import { ConfigError, DEFAULT_COMPLAINT_SLA, loadConfig } from './config';

describe('configuration (the README environment table)', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      databaseUrl: undefined,
      replicas: { urls: [], stickySeconds: 5, retrySeconds: 30 },
      port: 4000,
      publicUrl: 'http://localhost:4000',
      smtpUrl: undefined,
      mailFrom: 'OSS <noreply@localhost>',
      whatsapp: undefined,
      whatsappWebhook: { appSecret: undefined, verifyToken: undefined },
      captcha: true,
      captchaPow: { hmacKey: undefined, cost: 5000, maxNumber: 1000 },
      codeKeys: undefined,
      dataDir: path.resolve('.data'),
      embeddedPgPort: 54329,
      logLevel: 'info',
      staffSessionIdleSeconds: 1800,
      staffSessionSeconds: 28800,
      apiKeyRequestsPerMinute: 600,
      complaintSlaDays: DEFAULT_COMPLAINT_SLA,
      complaintHolidays: new Set(),
      complaintAutoAssign: false,
      privacyNoticeVersion: 1,
      privacyNoticeReacceptFrom: undefined,
      privacyNoticeUrl: undefined,
      dataRequestDeadlineHours: {
        ACCESS: 72,
        CORRECTION: 72,
        DELETION: 72,
        RESTRICTION: 72,
        OBJECTION: 72,
        CONSENT_WITHDRAWAL: 72,
      },
      captchaPerIpPerMinute: 60,
      registrationLimits: { perIpPerHour: 300, perDestinationPerHour: 5, perDestinationPerDay: 10 },
      trustProxy: false,
      releaseHeldOnStart: true,
      seedDemo: true,
      retentionDays: 30,
      accountRetentionDays: 365,
      production: false,
      sessionRecheckSeconds: 30,
      appDatabaseUrl: undefined,
      auditHeadFile: undefined,
      legacy: { claimDeadline: undefined, hashTemplate: undefined },
    });
  });

  it('reads the OSS 1.1 claim deadline (a date is midnight in Jakarta) and hash template, and refuses malformed ones', () => {
    expect(loadConfig({ LEGACY_CLAIM_DEADLINE: '2027-06-30' }).legacy.claimDeadline).toEqual(
      new Date('2027-06-29T17:00:00Z'),
    );
    expect(loadConfig({ LEGACY_CLAIM_DEADLINE: '2027-06-30T12:00:00Z' }).legacy.claimDeadline).toEqual(
      new Date('2027-06-30T12:00:00Z'),
    );
    expect(loadConfig({ LEGACY_HASH_TEMPLATE: '{PASSWORD}:{SALT}' }).legacy.hashTemplate).toBe('{PASSWORD}:{SALT}');
    for (const env of [
      { LEGACY_CLAIM_DEADLINE: 'besok' },
      { LEGACY_CLAIM_DEADLINE: '2027-13-45' },
      { LEGACY_HASH_TEMPLATE: '{PASSWORD}' },
      { LEGACY_HASH_TEMPLATE: '{SALT}{PASSWORD}{PEPPER}' },
    ]) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(Object.keys(env)[0]);
    }
  });

  it('trusts no proxy by default; a hop count or addresses/CIDRs when told; refuses anything else', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      '::1',
    ]);
    expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(() => loadConfig({ TRUST_PROXY: 'semua' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/99' })).toThrow(/TRUST_PROXY/);
  });

  it('seeds the demo user only for the embedded database unless told', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x' }).seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x', SEED_DEMO: 'on' }).seedDemo).toBe(true);
  });

  it('reads complaint service standards and holidays, and refuses malformed ones', () => {
    const c = loadConfig({
      COMPLAINT_SLA_DAYS: 'OTHER=5, LOGIN_LOCKED=2',
      COMPLAINT_HOLIDAYS: '2026-12-25,2027-01-01',
    });
    expect(c.complaintSlaDays).toMatchObject({ OTHER: 5, LOGIN_LOCKED: 2, CODE_NOT_RECEIVED: 1 });
    expect([...c.complaintHolidays]).toEqual(['2026-12-25', '2027-01-01']);
    expect(() => loadConfig({ COMPLAINT_SLA_DAYS: 'LAINNYA=2' })).toThrow(/COMPLAINT_SLA_DAYS/);
    expect(() => loadConfig({ COMPLAINT_HOLIDAYS: '25-12-2026' })).toThrow(/COMPLAINT_HOLIDAYS/);
  });

  it('reads the privacy notice version and data-request deadlines (72 hours by default), and refuses malformed ones', () => {
    const defaults = loadConfig({});
    expect(defaults.privacyNoticeVersion).toBe(1);
    expect(Object.values(defaults.dataRequestDeadlineHours)).toEqual([72, 72, 72, 72, 72, 72]);
    const c = loadConfig({ PRIVACY_NOTICE_VERSION: '4', DATA_REQUEST_DEADLINE_HOURS: 'ACCESS=48, DELETION=24' });
    expect(c.privacyNoticeVersion).toBe(4);
    expect(c.dataRequestDeadlineHours).toMatchObject({ ACCESS: 48, DELETION: 24, OBJECTION: 72 });
    expect(() => loadConfig({ DATA_REQUEST_DEADLINE_HOURS: 'AKSES=48' })).toThrow(/DATA_REQUEST_DEADLINE_HOURS/);
    expect(() => loadConfig({ DATA_REQUEST_DEADLINE_HOURS: 'ACCESS=0' })).toThrow(/DATA_REQUEST_DEADLINE_HOURS/);
    expect(() => loadConfig({ PRIVACY_NOTICE_VERSION: '0' })).toThrow(/PRIVACY_NOTICE_VERSION/);
    const reaccept = loadConfig({
      PRIVACY_NOTICE_VERSION: '3',
      PRIVACY_NOTICE_REACCEPT_FROM: '3',
      PRIVACY_NOTICE_URL: 'https://oss.go.id/privasi',
    });
    expect(reaccept).toMatchObject({ privacyNoticeReacceptFrom: 3, privacyNoticeUrl: 'https://oss.go.id/privasi' });
    expect(loadConfig({ PRIVACY_NOTICE_REACCEPT_FROM: '' }).privacyNoticeReacceptFrom).toBeUndefined();
    // A notice that does not exist yet cannot be required.
    expect(() => loadConfig({ PRIVACY_NOTICE_VERSION: '3', PRIVACY_NOTICE_REACCEPT_FROM: '4' })).toThrow(
      /PRIVACY_NOTICE_REACCEPT_FROM/,
    );
    expect(() => loadConfig({ PRIVACY_NOTICE_REACCEPT_FROM: 'dua' })).toThrow(/PRIVACY_NOTICE_REACCEPT_FROM/);
  });

  it('reads the staff session and API-key limits, and refuses nonsense', () => {
    const c = loadConfig({
      STAFF_SESSION_IDLE_MINUTES: '5',
      STAFF_SESSION_HOURS: '2',
      API_KEY_REQUESTS_PER_MINUTE: '60',
    });
    expect(c).toMatchObject({ staffSessionIdleSeconds: 300, staffSessionSeconds: 7200, apiKeyRequestsPerMinute: 60 });
    expect(() => loadConfig({ STAFF_SESSION_IDLE_MINUTES: '0' })).toThrow(/STAFF_SESSION_IDLE_MINUTES/);
  });

  it('reads the captcha key and difficulty; production with the captcha on refuses to start without a key', () => {
    const key = 'k'.repeat(32);
    expect(loadConfig({ CAPTCHA_HMAC_KEY: key, CAPTCHA_COST: '2000', CAPTCHA_MAX_NUMBER: '500' }).captchaPow).toEqual({
      hmacKey: key,
      cost: 2000,
      maxNumber: 500,
    });
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/CAPTCHA_HMAC_KEY: required in production/);
    const codes = `k1:${key}`;
    expect(
      loadConfig({ NODE_ENV: 'production', CAPTCHA_HMAC_KEY: key, CODE_HMAC_KEYS: codes }).captchaPow.hmacKey,
    ).toBe(key);
    expect(loadConfig({ NODE_ENV: 'production', CAPTCHA: 'off', CODE_HMAC_KEYS: codes }).captcha).toBe(false);
    expect(() => loadConfig({ CAPTCHA_HMAC_KEY: 'pendek' })).toThrow(/CAPTCHA_HMAC_KEY/);
    expect(() => loadConfig({ CAPTCHA_MAX_NUMBER: '1' })).toThrow(/CAPTCHA_MAX_NUMBER/);
  });

  it('reads the verification-code keys (signing key first); production refuses to start without them', () => {
    const a = 'a'.repeat(32);
    const b = 'b'.repeat(40);
    expect(loadConfig({ CODE_HMAC_KEYS: ` k2:${b} , k1:${a}` }).codeKeys).toEqual([
      { id: 'k2', secret: b },
      { id: 'k1', secret: a },
    ]);
    expect(() => loadConfig({ NODE_ENV: 'production', CAPTCHA: 'off' })).toThrow(
      /CODE_HMAC_KEYS: required in production/,
    );
    expect(loadConfig({ NODE_ENV: 'production', CAPTCHA: 'off', CODE_HMAC_KEYS: `k1:${a}` }).codeKeys).toHaveLength(1);
    // A secret of 31 characters, a key without an id, an id used twice, a bad id.
    expect(() => loadConfig({ CODE_HMAC_KEYS: `k1:${a.slice(1)}` })).toThrow(/CODE_HMAC_KEYS: key "k1".*32/);
    expect(() => loadConfig({ CODE_HMAC_KEYS: a })).toThrow(/CODE_HMAC_KEYS: .*id:secret/);
    expect(() => loadConfig({ CODE_HMAC_KEYS: `k1:${a},k1:${b}` })).toThrow(/listed twice/);
    expect(() => loadConfig({ CODE_HMAC_KEYS: `k 1:${a}` })).toThrow(/CODE_HMAC_KEYS/);
  });

  it('reads every variable', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/x',
      PORT: '8080',
      PUBLIC_URL: 'https://oss.example.id/',
      SMTP_URL: 'smtp://mail:25',
      MAIL_FROM: 'OSS <no@oss.id>',
      WHATSAPP_API_URL: 'https://wa.example/v21.0/',
      WHATSAPP_TOKEN: 't',
      WHATSAPP_PHONE_NUMBER_ID: '42',
      CAPTCHA: 'off',
    });
    expect(c).toMatchObject({
      databaseUrl: 'postgres://u:p@db:5432/x',
      port: 8080,
      publicUrl: 'https://oss.example.id',
      smtpUrl: 'smtp://mail:25',
      mailFrom: 'OSS <no@oss.id>',
      whatsapp: { apiUrl: 'https://wa.example/v21.0', token: 't', phoneNumberId: '42' },
      captcha: false,
    });
    expect(loadConfig({ PORT: '5000' }).publicUrl).toBe('http://localhost:5000');
    expect(loadConfig({ SMTP_URL: '' }).smtpUrl).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ CAPTCHA: 'yes' }, 'CAPTCHA'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [
      { WHATSAPP_API_URL: 'https://wa.example' },
      'WHATSAPP_API_URL, WHATSAPP_TOKEN and WHATSAPP_PHONE_NUMBER_ID must be set together',
    ],
  ])('refuses %p with a message naming it', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it('reads the application role URL and the audit head file, and refuses a malformed URL', () => {
    expect(loadConfig({})).toMatchObject({ appDatabaseUrl: undefined, auditHeadFile: undefined });
    expect(
      loadConfig({ DATABASE_APP_URL: 'postgres://app:pw@db:5432/x', AUDIT_HEAD_FILE: 'audit/heads.jsonl' }),
    ).toMatchObject({
      appDatabaseUrl: 'postgres://app:pw@db:5432/x',
      auditHeadFile: path.resolve('audit/heads.jsonl'),
    });
    expect(loadConfig({ AUDIT_HEAD_FILE: ' ' }).auditHeadFile).toBeUndefined();
    expect(() => loadConfig({ DATABASE_APP_URL: 'app role' })).toThrow('DATABASE_APP_URL');
  });

  it('reads the replica URLs, and refuses an entry that is not a postgres URL without echoing it', () => {
    expect(
      loadConfig({
        DATABASE_REPLICA_URLS: ' postgres://r1:5432/x , ,postgresql://u:p@r2/x',
        DATABASE_REPLICA_STICKY_SECONDS: '0',
        DATABASE_REPLICA_RETRY_SECONDS: '2',
      }).replicas,
    ).toEqual({ urls: ['postgres://r1:5432/x', 'postgresql://u:p@r2/x'], stickySeconds: 0, retrySeconds: 2 });
    expect(loadConfig({ DATABASE_REPLICA_URLS: '' }).replicas.urls).toEqual([]);
    const bad = () => loadConfig({ DATABASE_REPLICA_URLS: 'postgres://r1/x,mysql://u:secret@r2/x' });
    expect(bad).toThrow('DATABASE_REPLICA_URLS: entry 2');
    expect(bad).not.toThrow('secret');
    expect(() => loadConfig({ DATABASE_REPLICA_RETRY_SECONDS: '0' })).toThrow('DATABASE_REPLICA_RETRY_SECONDS');
  });
});
