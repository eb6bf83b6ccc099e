import { TOTP, URI } from 'otpauth';
import type { RunningApp } from '../../server/src/app';
import { errorCode, gql, gqlOk, wsClient } from '../support/graphql';
import { startSmtpReceiver } from '../support/receivers';
import { createTestDatabase, startTestApp } from '../support/app';
import { LOGIN, registerByEmail, STAFF_LOGIN, staffToken } from '../support/flows';
import { STRONG_PASSWORD } from '../support/factories';

type TestApp = RunningApp & { dropDatabase(): Promise<void> };

const SUBSCRIBE =
  'subscription($id: ID) { accountStatusChanged(id: $id) { accountId status previousStatus activatedAt expiresAt at reason } }';

describe('login, sessions, staff and the live status subscription', () => {
  let app: TestApp;
  let second: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    app = await startTestApp({ smtpUrl: smtp.url });
    // A second instance on the same database: events and limits must cross instances.
    second = await startTestApp({ smtpUrl: smtp.url, databaseUrl: app.databaseUrl });
  });
  afterAll(async () => {
    await second?.close();
    await app?.close();
    await app?.dropDatabase();
    await smtp?.close();
  });

  it('gives byte-identical UNAUTHENTICATED errors for a wrong password and an unknown identifier', async () => {
    const { account } = await registerByEmail(app, smtp);
    const wrong = await gql(app.url, LOGIN, { identifier: account.username, password: 'Salah#2026x' });
    const unknown = await gql(app.url, LOGIN, { identifier: 'tidakada9999z', password: 'Salah#2026x' });
    expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(unknown)).toBe(JSON.stringify(wrong));
  });

  it('locks an account after 5 failures, even for the right password, on every instance', async () => {
    const { account } = await registerByEmail(app, smtp);
    for (let i = 0; i < 5; i++) {
      expect(
        errorCode(
          await gql(i % 2 ? app.url : second.url, LOGIN, { identifier: account.username, password: `Salah#${i}abc` }),
        ),
      ).toBe('UNAUTHENTICATED');
    }
    for (const url of [app.url, second.url]) {
      const locked = await gql(url, LOGIN, { identifier: account.email, password: STRONG_PASSWORD });
      expect(errorCode(locked)).toBe('RATE_LIMITED');
      const retry = locked.errors![0].extensions!.retryAfterSeconds as number;
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(60);
    }
  });

  it('ends the session at logout', async () => {
    const { account } = await registerByEmail(app, smtp);
    const { login } = await gqlOk(app.url, LOGIN, { identifier: account.username, password: STRONG_PASSWORD });
    expect((await gqlOk(app.url, '{ me { id } }', {}, login.token)).me.id).toBe(account.id);
    expect((await gqlOk(app.url, 'mutation { logout }', {}, login.token)).logout).toBe(true);
    expect((await gqlOk(app.url, '{ me { id } }', {}, login.token)).me).toBeNull();
    expect(errorCode(await gql(app.url, 'mutation { logout }', {}, login.token))).toBe('UNAUTHENTICATED');
  });

  it('logs staff in; SUPERVISOR needs the TOTP code from the otpauth URI', async () => {
    const em = app.orm.em.fork();
    const help = await app.services.staff.create(em, { username: 'budi.helpdesk', role: 'HELPDESK' });
    expect(help.otpauthUri).toBeUndefined();
    const ok = await gqlOk(app.url, STAFF_LOGIN, { u: 'budi.helpdesk', p: help.generatedPassword });
    expect(ok.staffLogin.staff).toEqual({ username: 'budi.helpdesk', role: 'HELPDESK' });
    expect(errorCode(await gql(app.url, STAFF_LOGIN, { u: 'budi.helpdesk', p: 'Salah#2026x' }))).toBe(
      'UNAUTHENTICATED',
    );

    const sup = await app.services.staff.create(em, {
      username: 'sari.supervisor',
      role: 'SUPERVISOR',
      password: 'Awas#Benar2026',
    });
    expect(sup.otpauthUri).toMatch(/^otpauth:\/\/totp\/Hak%20Akses:sari.supervisor\?/);
    // A missing or wrong TOTP answers exactly like a wrong password: it must not confirm the password.
    const noTotp = await gql(app.url, STAFF_LOGIN, { u: 'sari.supervisor', p: 'Awas#Benar2026' });
    const wrongTotp = await gql(app.url, STAFF_LOGIN, { u: 'sari.supervisor', p: 'Awas#Benar2026', t: '000000' });
    const wrongPassword = await gql(app.url, STAFF_LOGIN, { u: 'sari.supervisor', p: 'Salah#2026x', t: '000000' });
    expect(errorCode(noTotp)).toBe('UNAUTHENTICATED');
    expect(noTotp.errors).toEqual(wrongPassword.errors);
    expect(wrongTotp.errors).toEqual(wrongPassword.errors);
    const totp = URI.parse(sup.otpauthUri!) as TOTP;
    const withTotp = await gqlOk(app.url, STAFF_LOGIN, {
      u: 'sari.supervisor',
      p: 'Awas#Benar2026',
      t: totp.generate(),
    });
    expect(withTotp.staffLogin.staff.role).toBe('SUPERVISOR');
  });

  it('streams ACTIVE to a staff subscriber on another instance when a registration completes', async () => {
    const token = await staffToken(app);
    const client = wsClient(second.url, token);
    const events: any[] = [];
    const errors: unknown[] = [];
    const dispose = client.subscribe(
      { query: SUBSCRIBE, variables: { id: null } },
      { next: (v) => events.push(v.data?.accountStatusChanged), error: (e) => errors.push(e), complete: () => {} },
    );
    try {
      // graphql-ws has no "subscribed" acknowledgement: register until an event for our account arrives.
      let account: any;
      let event: any;
      for (let i = 0; i < 10 && !event; i++) {
        ({ account } = await registerByEmail(app, smtp));
        const until = Date.now() + 1500;
        while (!event && Date.now() < until) {
          event = events.find((e) => e?.accountId === account.id);
          await new Promise((r) => setTimeout(r, 25));
        }
      }
      expect(errors).toEqual([]);
      expect(event).toMatchObject({
        accountId: account.id,
        status: 'ACTIVE',
        previousStatus: null,
        activatedAt: account.activatedAt,
        expiresAt: account.expiresAt,
      });
    } finally {
      dispose();
      await client.dispose();
    }
  });

  it('closes a staff socket on another instance within 2 s of a logout made on this one', async () => {
    const token = await staffToken(app);
    const client = wsClient(second.url, token);
    let closed: { code: number; at: number } | undefined;
    client.on('closed', (e: any) => (closed ??= { code: e.code, at: Date.now() }));
    const first = new Promise((resolve) =>
      client.subscribe({ query: '{ provinces { code } }' }, { next: resolve, error: resolve, complete: () => {} }),
    );
    client.subscribe(
      { query: SUBSCRIBE, variables: { id: null } },
      { next: () => {}, error: () => {}, complete: () => {} },
    );
    expect((await first) as any).toHaveProperty('data.provinces');
    const t0 = Date.now();
    await gqlOk(app.url, 'mutation { logout }', {}, token);
    for (let waited = 0; !closed && waited < 2000; waited += 25) await new Promise((r) => setTimeout(r, 25));
    expect(closed?.code).toBe(4403);
    expect(closed!.at - t0).toBeLessThan(2000);
    await client.dispose();
  });

  it('refuses the subscription without a valid staff token', async () => {
    for (const token of [undefined, 'not-a-real-token']) {
      const client = wsClient(app.url, token);
      const outcome = await new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: SUBSCRIBE },
          { next: () => resolve('event'), error: (e) => resolve(e), complete: () => resolve('complete') },
        );
      });
      expect((outcome as { code?: number }).code).toBe(4403);
      await client.dispose();
    }
    const { account } = await registerByEmail(app, smtp);
    const { login } = await gqlOk(app.url, LOGIN, { identifier: account.username, password: STRONG_PASSWORD });
    const client = wsClient(app.url, login.token);
    const outcome = await new Promise<any>((resolve) => {
      client.subscribe(
        { query: SUBSCRIBE },
        { next: (v) => resolve(v), error: (e) => resolve(e), complete: () => resolve('complete') },
      );
    });
    // graphql-ws reports a refused subscription either as an error message or as a result carrying errors.
    const errs = Array.isArray(outcome) ? outcome : outcome.errors;
    expect(errs[0].extensions.code).toBe('FORBIDDEN');
    expect(outcome.data ?? null).toBeNull();
    await client.dispose();
  });
});

describe('several instances starting at once', () => {
  it('apply the migrations once and all serve', async () => {
    const db = await createTestDatabase({ empty: true });
    const apps = await Promise.all([1, 2, 3].map(() => startTestApp({ databaseUrl: db.url })));
    try {
      for (const a of apps)
        expect(((await fetch(`${a.url}/healthz`).then((r) => r.json())) as { status: string }).status).toBe('ok');
      const rows = await apps[0].orm.em
        .fork()
        .execute<{ name: string }[]>('select name from mikro_orm_migrations order by id');
      const names = rows.map((r) => r.name);
      expect(names).toEqual([...new Set(names)]);
      expect(names.length).toBeGreaterThanOrEqual(4);
    } finally {
      for (const a of apps) await a.close();
      await db.drop();
    }
  });
});
