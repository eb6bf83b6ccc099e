import {
  createLogger,
  logger,
  REDACT_PATHS,
  setLogDestination,
  setLogLevel,
  setLogScope,
  withLogScope,
} from './logger';

const NIK = '3171051705900001';
const EMAIL = 'siti.rahma@example.co.id';
const PHONE = '+6281234567890';
const TOKEN = 'Zq3x9VtK2mBw7LpR4sYd8nHc6gFj1aEu0oTiXkWe5Qr';

function capture(work: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  setLogDestination((l) => lines.push(l));
  try {
    work();
  } finally {
    setLogDestination();
  }
  return lines.map((l) => JSON.parse(l));
}

describe('structured JSON logs without personal data', () => {
  beforeAll(() => setLogLevel('debug'));
  afterAll(() => setLogLevel('silent'));

  it('writes one JSON object per line with time, level, message and the fields given', () => {
    const [line] = capture(() => logger.warn('Outbox retry', { attempts: 3, channel: 'EMAIL' }));
    expect(line).toEqual({
      time: expect.any(String),
      level: 'warn',
      msg: 'Outbox retry',
      attempts: 3,
      channel: 'EMAIL',
    });
    expect(new Date(line.time as string).toISOString()).toBe(line.time);
  });

  it('drops NIK, email, phone, token and password fields, at the top and one level down, and in free text', () => {
    const lines = capture(() => {
      logger.info('Lookup', { nik: NIK, email: EMAIL, phone: PHONE, token: TOKEN, password: 'Rahasia#2026', n: 7 });
      logger.error('Failed', { account: { nik: NIK, email: EMAIL, phone: PHONE }, authorization: `Bearer ${TOKEN}` });
      logger.error(`Insert for ${EMAIL} ${NIK} ${PHONE} failed`, { error: `bearer ${TOKEN} ?token=${TOKEN}` });
    });
    const text = JSON.stringify(lines);
    for (const secret of [NIK, EMAIL, PHONE, TOKEN, 'Rahasia#2026', '81234567890']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ nik: '[disembunyikan]', email: '[disembunyikan]', n: 7 });
    expect(lines[1]).toMatchObject({ account: { nik: '[disembunyikan]' }, authorization: '[disembunyikan]' });
    expect(lines[2].msg).toBe('Insert for [email] [nik] [telepon] failed');
  });

  it('redacts the field names it lists, one level down', () => {
    expect(REDACT_PATHS).toEqual(expect.arrayContaining(['nik', '*.nik', 'email', '*.phone', 'token', '*.token']));
    const lines: string[] = [];
    createLogger('info', (l) => lines.push(l)).info({ profile: { fullName: 'SITI RAHMA', npwp: '0123' } }, 'x');
    expect(lines[0]).not.toContain('SITI');
    expect(lines[0]).not.toContain('0123');
    // The arguments of a staff password change, should anything ever log them.
    createLogger('info', (l) => lines.push(l)).info(
      {
        variables: { currentPassword: 'Lama#2026x', newPassword: 'Baru#2026y', newPasswordConfirmation: 'Baru#2026y' },
      },
      'x',
    );
    expect(lines[1]).not.toMatch(/Lama#2026x|Baru#2026y/);
  });

  it('carries the request id, principal kind and operation of the scope the line was written in', () => {
    const lines = capture(() => {
      withLogScope({ requestId: 'r-1' }, () => {
        setLogScope({ principal: 'STAFF', operation: 'mutation suspendAccount' });
        logger.info('inside');
      });
      logger.info('outside');
    });
    expect(lines[0]).toMatchObject({ requestId: 'r-1', principal: 'STAFF', operation: 'mutation suspendAccount' });
    expect(lines[1]).not.toHaveProperty('requestId');
  });

  it('honours the level', () => {
    setLogLevel('warn');
    try {
      expect(capture(() => (logger.info('quiet'), logger.warn('loud'))).map((l) => l.msg)).toEqual(['loud']);
    } finally {
      setLogLevel('debug');
    }
  });
});
