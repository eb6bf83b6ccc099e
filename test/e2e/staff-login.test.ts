import { createHash } from 'node:crypto';
import { TOTP, URI } from 'otpauth';
import { useStack } from '../support/stack';
import { errorCode, GqlResult } from '../support/graphql';
import { STAFF_LOGIN } from '../support/flows';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Staff login under attack, over real HTTP. Client addresses come from
 * X-Forwarded-For, which the server trusts from the loopback proxy here
 * (TRUST_PROXY), as behind a real reverse proxy.
 */
describe('staff login resists abuse without locking out the innocent', () => {
  const stack = useStack({ env: { TRUST_PROXY: 'loopback' } });
  const sql = stack.sql;

  async function staffLogin(from: string, u: string, p: string, t?: string): Promise<GqlResult> {
    const res = await fetch(`${stack.app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify({ query: STAFF_LOGIN, variables: { u, p, t } }),
    });
    return { ...((await res.json()) as object), status: res.status };
  }
  const retryAfter = (r: GqlResult) => r.errors![0].extensions!.retryAfterSeconds as number;
  const create = (username: string, role: 'HELPDESK' | 'SUPERVISOR') =>
    stack.app.services.staff.create(stack.app.orm.em.fork(), { username, role, password: 'Kuat#Aman2026x' });
  const PASSWORD = 'Kuat#Aman2026x';

  it('accepts a TOTP code once: the same code again, or an older one, answers exactly like a wrong code', async () => {
    const created = await create('tari.supervisor', 'SUPERVISOR');
    const totp = URI.parse(created.otpauthUri!) as TOTP;
    const now = Date.now();
    const code = totp.generate({ timestamp: now });
    const first = await staffLogin('198.51.100.10', 'tari.supervisor', PASSWORD, code);
    expect(first.data?.staffLogin.staff).toEqual({ username: 'tari.supervisor', role: 'SUPERVISOR' });

    const wrongCode = await staffLogin(
      '198.51.100.11',
      'tari.supervisor',
      PASSWORD,
      code === '000000' ? '111111' : '000000',
    );
    const replay = await staffLogin('198.51.100.12', 'tari.supervisor', PASSWORD, code);
    const older = await staffLogin(
      '198.51.100.13',
      'tari.supervisor',
      PASSWORD,
      totp.generate({ timestamp: now - 30_000 }),
    );
    expect(errorCode(wrongCode)).toBe('UNAUTHENTICATED');
    expect(replay.errors).toEqual(wrongCode.errors);
    expect(older.errors).toEqual(wrongCode.errors);
    // The next step's code (still inside the accepted window) works, once.
    const next = totp.generate({ timestamp: now + 30_000 });
    expect(errorCode(await staffLogin('198.51.100.14', 'tari.supervisor', PASSWORD, next))).toBeUndefined();
    expect((await staffLogin('198.51.100.15', 'tari.supervisor', PASSWORD, next)).errors).toEqual(wrongCode.errors);
  });

  it('lets only one of two simultaneous logins with the same code in', async () => {
    const created = await create('wati.supervisor', 'SUPERVISOR');
    const code = (URI.parse(created.otpauthUri!) as TOTP).generate();
    const results = await Promise.all(
      ['198.51.100.20', '198.51.100.21', '198.51.100.22'].map((ip) =>
        staffLogin(ip, 'wati.supervisor', PASSWORD, code),
      ),
    );
    expect(results.map((r) => errorCode(r) ?? 'OK').sort()).toEqual(['OK', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
  });

  it('after 20 failures from one address the real user gets in once the lock ran out, and that login locks nothing', async () => {
    await create('dedi.helpdesk', 'HELPDESK');
    const ip = '203.0.113.20';
    for (let i = 0; i < 20; i++) {
      expect(errorCode(await staffLogin(ip, `tebak${i}`, 'Salah#2026x'))).toBe('UNAUTHENTICATED');
    }
    // The address rule holds: the 21st attempt waits, even with the right password.
    const locked = await staffLogin(ip, 'dedi.helpdesk', PASSWORD);
    expect(errorCode(locked)).toBe('RATE_LIMITED');
    expect(retryAfter(locked)).toBeLessThanOrEqual(60);
    await sql(`update login_throttle set locked_until = now() - interval '1 second' where key = ?`, [`ip:${ip}`]);
    // Lock over: the right password gets in, and again right after (it did not lock the address).
    for (let i = 0; i < 3; i++) {
      expect(errorCode(await staffLogin(ip, 'dedi.helpdesk', PASSWORD))).toBeUndefined();
    }
    expect(
      await sql(`select coalesce(locked_until > now(), false) as locked from login_throttle where key = ?`, [
        `ip:${ip}`,
      ]),
    ).toEqual([{ locked: false }]);
    // The address is still on probation: its next failure locks it again, now for 2 minutes.
    expect(errorCode(await staffLogin(ip, 'tebak-lagi', 'Salah#2026x'))).toBe('UNAUTHENTICATED');
    const again = await staffLogin(ip, 'dedi.helpdesk', PASSWORD);
    expect(errorCode(again)).toBe('RATE_LIMITED');
    expect(retryAfter(again)).toBeGreaterThan(60);
    expect(retryAfter(again)).toBeLessThanOrEqual(120);
  });

  it('5 wrong passwords lock the name only at that address; the real user still gets in from theirs', async () => {
    await create('rudi.helpdesk', 'HELPDESK');
    const attacker = '203.0.113.30';
    for (let i = 0; i < 5; i++) {
      expect(errorCode(await staffLogin(attacker, 'rudi.helpdesk', `Salah#${i}abc`))).toBe('UNAUTHENTICATED');
    }
    // 6th attempt from the attacker's address: refused before the password is checked.
    const sixth = await staffLogin(attacker, 'rudi.helpdesk', PASSWORD);
    expect(errorCode(sixth)).toBe('RATE_LIMITED');
    expect(retryAfter(sixth)).toBeGreaterThan(0);
    expect(retryAfter(sixth)).toBeLessThanOrEqual(60);
    // Many more addresses, five failures each, all locked...
    for (let a = 1; a <= 6; a++) {
      for (let i = 0; i < 5; i++) await staffLogin(`203.0.113.${30 + a}`, 'rudi.helpdesk', `Salah#${i}xyz`);
      expect(errorCode(await staffLogin(`203.0.113.${30 + a}`, 'rudi.helpdesk', PASSWORD))).toBe('RATE_LIMITED');
    }
    // ...and the real user, from another address, logs in.
    expect(errorCode(await staffLogin('192.0.2.50', 'rudi.helpdesk', PASSWORD))).toBeUndefined();

    // Four failures are not a lock: the fifth attempt, right, gets in and clears that address's count.
    const typo = '192.0.2.51';
    for (let i = 0; i < 4; i++) await staffLogin(typo, 'rudi.helpdesk', `Salah#${i}tik`);
    expect(errorCode(await staffLogin(typo, 'rudi.helpdesk', PASSWORD))).toBeUndefined();
    // The username is named by a keyed digest, never by its plain hash.
    const key = (ip: string) => `staff:${stack.app.services.throttle.subject('rudi.helpdesk')}:ip:${ip}`;
    expect(await sql('select * from login_throttle where key = ?', [key(typo)])).toEqual([]);
    expect(await sql('select 1 from login_throttle where key = ?', [key(attacker)])).toHaveLength(1);
    expect(await sql(`select 1 from login_throttle where key like ?`, [`%${sha256('rudi.helpdesk')}%`])).toEqual([]);

    // When the attacker's lock runs out, one more failure locks for 2 minutes;
    // once that runs out, the right password gets in.
    await sql(`update login_throttle set locked_until = now() - interval '1 second' where key = ?`, [key(attacker)]);
    expect(errorCode(await staffLogin(attacker, 'rudi.helpdesk', 'Salah#lagi1'))).toBe('UNAUTHENTICATED');
    const longer = await staffLogin(attacker, 'rudi.helpdesk', PASSWORD);
    expect(errorCode(longer)).toBe('RATE_LIMITED');
    expect(retryAfter(longer)).toBeGreaterThan(60);
    expect(retryAfter(longer)).toBeLessThanOrEqual(120);
    await sql(`update login_throttle set locked_until = now() - interval '1 second' where key = ?`, [key(attacker)]);
    expect(errorCode(await staffLogin(attacker, 'rudi.helpdesk', PASSWORD))).toBeUndefined();
  });
});
