import type { GraphQLSchema } from 'graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { createSchema } from '../../server/src/graphql/schema';
import { BEFORE_CONSENT } from '../../server/src/graphql/guards';
import { STRONG_PASSWORD } from '../support/factories';
import { registerByEmail, staffSession } from '../support/flows';
import { errorCode, gql, gqlOk, wsClient } from '../support/graphql';
import { documentFor } from '../support/schema-args';
import { useStack } from '../support/stack';

/**
 * Re-acceptance of the terms and privacy notice: version 3 is in force and
 * version 2 was the last change that needed fresh consent
 * (PRIVACY_NOTICE_REACCEPT_FROM=2). An account that accepted 3 or 2 logs in
 * normally; one that accepted 1 gets a session limited to accepting 3.
 */
const URL = 'https://oss.go.id/privasi-v3';
const LOGIN = `mutation($i: String!, $p: String!) { login(identifier: $i, password: $p) {
  token consentRequired { version summaryUrl } account { id consent { version channel } } } }`;
const ACCEPT = `mutation($v: Int!) { acceptTerms(version: $v) { id consent { version acceptedAt channel } } }`;

describe('re-acceptance of a new terms and privacy notice', () => {
  const stack = useStack({
    env: { PRIVACY_NOTICE_VERSION: '3', PRIVACY_NOTICE_REACCEPT_FROM: '2', PRIVACY_NOTICE_URL: URL },
  });
  let applicant: { id: string; username: string };

  beforeAll(async () => {
    ({ account: applicant } = await registerByEmail(stack.app, stack.smtp));
  });

  const accepted = (version: number | null) =>
    stack.sql('update account set consent_version = ? where id = ?', [version, applicant.id]);
  const login = () => gqlOk(stack.app.url, LOGIN, { i: applicant.username, p: STRONG_PASSWORD });
  const session = async () =>
    (await stack.app.services.sessions.create(stack.app.orm.em.fork(), 'ACCOUNT', applicant.id, null)).token;

  it('does not ask an account that accepted the version in force', async () => {
    await accepted(3);
    const { login: s } = await login();
    expect(s.consentRequired).toBeNull();
    expect(s.account.consent.version).toBe(3);
    expect((await gqlOk(stack.app.url, '{ provinces { code } }', {}, s.token)).provinces.length).toBeGreaterThan(0);
  });

  it('does not ask an account on an older version when no newer one required it', async () => {
    await accepted(2);
    const { login: s } = await login();
    expect(s.consentRequired).toBeNull();
    expect((await gqlOk(stack.app.url, '{ provinces { code } }', {}, s.token)).provinces.length).toBeGreaterThan(0);
  });

  it('limits the session of an account below the required version to accepting, then lets it work', async () => {
    await accepted(1);
    const { login: s } = await login();
    expect(s.consentRequired).toEqual({ version: 3, summaryUrl: URL });

    const refused = await gql(stack.app.url, '{ provinces { code } }', {}, s.token);
    expect(refused.errors![0]).toMatchObject({
      message: expect.stringContaining('Setujui versi terbaru'),
      extensions: { code: 'FORBIDDEN', consentRequired: { version: 3, summaryUrl: URL } },
    });
    // What stays open: who am I, and the data-subject rights (withdrawing consent is the other answer).
    expect((await gqlOk(stack.app.url, '{ me { id } }', {}, s.token)).me.id).toBe(applicant.id);
    expect((await gqlOk(stack.app.url, '{ myDataSubjectRequests { id } }', {}, s.token)).myDataSubjectRequests).toEqual(
      [],
    );

    // Only the version in force can be accepted: not the one shown before, nor one that does not exist.
    for (const v of [2, 4]) {
      const r = await gql(stack.app.url, ACCEPT, { v }, s.token);
      expect(r.errors![0].extensions).toEqual({ code: 'CONFLICT', currentVersion: 3 });
    }
    expect((await stack.sql('select consent_version from account where id = ?', [applicant.id]))[0]).toEqual({
      consent_version: 1,
    });

    const before = Date.now();
    const { acceptTerms } = await gqlOk(stack.app.url, ACCEPT, { v: 3 }, s.token);
    expect(acceptTerms.consent).toMatchObject({ version: 3, channel: 'SELF_SERVICE' });
    const [row] = await stack.sql('select consent_version, consent_at, consent_channel from account where id = ?', [
      applicant.id,
    ]);
    expect(row).toMatchObject({ consent_version: 3, consent_channel: 'SELF_SERVICE' });
    expect(new Date(row.consent_at).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const audit = await stack.sql(
      `select actor_type, actor_id, details from audit_event where action = 'CONSENT_ACCEPTED' and target_id = ?`,
      [applicant.id],
    );
    expect(audit).toEqual([
      {
        actor_type: 'ACCOUNT',
        actor_id: applicant.id,
        details: { version: 3, previousVersion: 1, channel: 'SELF_SERVICE' },
      },
    ]);

    // The same session works at once, and the next login is not asked again.
    expect((await gqlOk(stack.app.url, '{ provinces { code } }', {}, s.token)).provinces.length).toBeGreaterThan(0);
    expect((await login()).login.consentRequired).toBeNull();
    // Accepting again changes nothing and is not recorded twice.
    await gqlOk(stack.app.url, ACCEPT, { v: 3 }, s.token);
    expect(
      await stack.sql(`select 1 from audit_event where action = 'CONSENT_ACCEPTED' and target_id = ?`, [applicant.id]),
    ).toHaveLength(1);
  });

  it('limits the session the same way over the WebSocket, and lifts it there too once accepted', async () => {
    await accepted(1);
    const token = await session();
    const client = wsClient(stack.app.url, token);
    const run = (query: string) =>
      new Promise<any>((resolve) => {
        let out: any;
        client.subscribe(
          { query },
          { next: (v) => (out = v), error: (e) => resolve({ errors: e }), complete: () => resolve(out) },
        );
      });
    try {
      const refused = await run('{ provinces { code } }');
      expect(refused.errors[0].extensions).toEqual({
        code: 'FORBIDDEN',
        consentRequired: { version: 3, summaryUrl: URL },
      });
      expect((await run('{ me { id } }')).data.me.id).toBe(applicant.id);
      await gqlOk(stack.app.url, ACCEPT, { v: 3 }, token);
      expect((await run('{ provinces { code } }')).data.provinces.length).toBeGreaterThan(0);
    } finally {
      await client.dispose();
    }
  });

  it('asks an account with no consent record at all', async () => {
    await accepted(null);
    expect((await login()).login.consentRequired).toEqual({ version: 3, summaryUrl: URL });
  });

  it('shows the helpdesk which account still has to accept, at the required version and not above it', async () => {
    const helpdesk = await staffSession(stack.app);
    const read = async () =>
      (
        await gqlOk(
          stack.app.url,
          `query($id: ID!) { account(id: $id) { consent { version } consentRequired { version summaryUrl } } }`,
          { id: applicant.id },
          helpdesk.token,
        )
      ).account;
    await accepted(1);
    expect(await read()).toEqual({ consent: { version: 1 }, consentRequired: { version: 3, summaryUrl: URL } });
    await accepted(2);
    expect((await read()).consentRequired).toBeNull();
    await accepted(null);
    expect(await read()).toEqual({ consent: null, consentRequired: { version: 3, summaryUrl: URL } });
  });

  it('refuses every root field but the listed few to a limited session, whatever the field', async () => {
    const schema: GraphQLSchema = await createSchema(createPubSub());
    const fields = (['Query', 'Mutation'] as const).flatMap((op) =>
      Object.values((op === 'Query' ? schema.getQueryType() : schema.getMutationType())!.getFields()).map((f) => ({
        op,
        f,
      })),
    );
    const wrong: string[] = [];
    let gated = 0;
    for (const { op, f } of fields) {
      const { query, variables } = documentFor(op, f);
      await accepted(3);
      const normal = await gql(stack.app.url, query, variables, await session());
      await accepted(1);
      const limited = await gql(stack.app.url, query, variables, await session());
      const code = errorCode(limited);
      const consentGate = limited.errors?.[0]?.extensions?.consentRequired;
      if (BEFORE_CONSENT.has(f.name)) {
        if (consentGate) wrong.push(`${op}.${f.name}: refused for consent, but it must stay open`);
      } else if (code !== 'FORBIDDEN') {
        wrong.push(`${op}.${f.name}: got ${code ?? 'no error'}, expected FORBIDDEN`);
      } else if (!['FORBIDDEN', 'UNAUTHENTICATED'].includes(errorCode(normal) ?? '')) {
        // What the applicant may do normally is refused for the notice, with the version to accept.
        gated++;
        if (!consentGate) wrong.push(`${op}.${f.name}: FORBIDDEN without extensions.consentRequired`);
      }
    }
    expect(wrong).toEqual([]);
    expect(gated).toBeGreaterThan(10); // the public operations, at least
  });
});
