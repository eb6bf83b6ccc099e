import type { GraphQLSchema } from 'graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { createSchema } from '../../server/src/graphql/schema';
import { errorCode, gql, wsClient } from '../support/graphql';
import { seedAccount } from '../support/flows';
import { documentFor } from '../support/schema-args';
import { useStack } from '../support/stack';

/**
 * Who may call each root field. Every Query, Mutation and Subscription field
 * of the schema must have a row: a new field without one fails this test.
 */
type Principal =
  | 'ANONYMOUS'
  | 'APPLICANT'
  | 'HELPDESK'
  | 'SUPERVISOR'
  | 'ADMIN'
  | 'KEY:accounts:read'
  | 'KEY:pii:read'
  | 'KEY:licensing:write'
  | 'KEY:metrics:read';
const PRINCIPALS: Principal[] = [
  'ANONYMOUS',
  'APPLICANT',
  'HELPDESK',
  'SUPERVISOR',
  'ADMIN',
  'KEY:accounts:read',
  'KEY:pii:read',
  'KEY:licensing:write',
  'KEY:metrics:read',
];
const PUBLIC: Principal[] = PRINCIPALS;
const SIGNED_IN: Principal[] = ['APPLICANT', 'HELPDESK', 'SUPERVISOR', 'ADMIN'];
const HELPDESK_UP: Principal[] = ['HELPDESK', 'SUPERVISOR', 'ADMIN'];
const SUPERVISOR_UP: Principal[] = ['SUPERVISOR', 'ADMIN'];
const ADMIN: Principal[] = ['ADMIN'];
const ACCOUNT_READERS: Principal[] = [...HELPDESK_UP, 'KEY:accounts:read'];

const MATRIX: Record<string, Principal[]> = {
  'Query.captcha': PUBLIC,
  'Query.provinces': PUBLIC,
  'Query.regencies': PUBLIC,
  'Query.districts': PUBLIC,
  'Query.villages': PUBLIC,
  'Query.registration': PUBLIC,
  'Query.me': PUBLIC,
  'Query.accounts': ACCOUNT_READERS,
  'Query.account': ACCOUNT_READERS,
  'Query.emailChangeRequests': HELPDESK_UP,
  'Query.outboxMessages': HELPDESK_UP,
  'Query.auditEvents': SUPERVISOR_UP,
  'Query.staffUsers': ADMIN,
  'Query.complaints': HELPDESK_UP,
  'Query.complaint': HELPDESK_UP,
  'Query.registrations': HELPDESK_UP,
  'Query.registrationMetrics': [...SUPERVISOR_UP, 'KEY:metrics:read'],
  'Mutation.startRegistration': PUBLIC,
  'Mutation.resendRegistrationCode': PUBLIC,
  'Mutation.changeRegistrationDestination': PUBLIC,
  'Mutation.verifyRegistration': PUBLIC,
  'Mutation.verifyRegistrationLink': PUBLIC,
  'Mutation.setRegistrationPassword': PUBLIC,
  'Mutation.completeRegistration': PUBLIC,
  'Mutation.login': PUBLIC,
  'Mutation.staffLogin': PUBLIC,
  'Mutation.requestPasswordReset': PUBLIC,
  'Mutation.resetPassword': PUBLIC,
  'Mutation.lookupLostAccount': PUBLIC,
  'Mutation.requestEmailChange': PUBLIC,
  'Mutation.confirmEmailChange': PUBLIC,
  'Mutation.logout': SIGNED_IN,
  'Mutation.resendActivation': HELPDESK_UP,
  'Mutation.unlockLogin': HELPDESK_UP,
  'Mutation.changeAccountEmail': HELPDESK_UP,
  'Mutation.approveEmailChange': HELPDESK_UP,
  'Mutation.rejectEmailChange': HELPDESK_UP,
  'Mutation.suspendAccount': SUPERVISOR_UP,
  'Mutation.reactivateAccount': SUPERVISOR_UP,
  'Mutation.createStaff': ADMIN,
  'Mutation.disableStaff': ADMIN,
  'Mutation.resetStaffTotp': ADMIN,
  'Mutation.recordLicensingActivity': ['KEY:licensing:write'],
  'Mutation.extendAccountExpiry': SUPERVISOR_UP,
  'Mutation.createComplaint': HELPDESK_UP,
  'Mutation.assignComplaint': HELPDESK_UP,
  'Mutation.addComplaintNote': HELPDESK_UP,
  'Mutation.resolveComplaint': HELPDESK_UP,
  'Mutation.reopenComplaint': HELPDESK_UP,
  'Mutation.closeComplaint': HELPDESK_UP,
  'Mutation.redeliverMessage': HELPDESK_UP,
  'Mutation.submitSatisfactionSurvey': PUBLIC,
  'Subscription.accountStatusChanged': HELPDESK_UP,
  'Subscription.registrationMetricsUpdated': SUPERVISOR_UP,
};

/** Operations whose own answer to wrong credentials is UNAUTHENTICATED; for them only FORBIDDEN means "not allowed". */
const CREDENTIAL_CHECKS = new Set(['Mutation.login', 'Mutation.staffLogin']);

describe('authorization matrix: every root field as every principal', () => {
  const stack = useStack();
  let schema: GraphQLSchema;
  const keys: Record<string, string> = {};
  let accountId: string;

  beforeAll(async () => {
    schema = await createSchema(createPubSub());
    const em = stack.app.orm.em.fork();
    for (const scope of ['accounts:read', 'pii:read', 'licensing:write', 'metrics:read']) {
      keys[scope] = (await stack.app.services.apiKeys.create(em, `matrix-${scope.replace(':', '-')}`, [scope])).key;
    }
    accountId = (await seedAccount(stack.app)).id;
  });

  /** A fresh token per call: logout must not end the session the next field uses. */
  async function tokenFor(p: Principal): Promise<string | undefined> {
    const { app } = stack;
    const em = app.orm.em.fork();
    if (p === 'ANONYMOUS') return undefined;
    if (p.startsWith('KEY:')) return keys[p.slice(4)];
    if (p === 'APPLICANT') return (await app.services.sessions.create(em, 'ACCOUNT', accountId, null)).token;
    const staff = await app.services.staff.create(em, {
      username: `m.${Math.random().toString(36).slice(2, 9)}`,
      role: p as 'HELPDESK' | 'SUPERVISOR' | 'ADMIN',
    });
    return (await app.services.sessions.create(em, 'STAFF', staff.staff.id, null)).token;
  }

  const rootFields = () =>
    (['Query', 'Mutation', 'Subscription'] as const).flatMap((op) => {
      const type =
        op === 'Query'
          ? schema.getQueryType()
          : op === 'Mutation'
            ? schema.getMutationType()
            : schema.getSubscriptionType();
      return Object.values(type!.getFields()).map((f) => ({ op, field: f, key: `${op}.${f.name}` }));
    });

  it('has a row for every root field, and no row for a field that is gone', () => {
    expect(
      rootFields()
        .map((f) => f.key)
        .sort(),
    ).toEqual(Object.keys(MATRIX).sort());
  });

  it('allows exactly the listed principals (HTTP for queries and mutations, WebSocket for subscriptions)', async () => {
    const wrong: string[] = [];
    for (const { op, field, key } of rootFields()) {
      const allowed = MATRIX[key] ?? [];
      for (const p of PRINCIPALS) {
        const token = await tokenFor(p);
        const { query, variables } = documentFor(op, field);
        const code =
          op === 'Subscription'
            ? await subscriptionCode(query, variables, token)
            : errorCode(await gql(stack.app.url, query, variables, token));
        const denied = p === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
        const authCodes = CREDENTIAL_CHECKS.has(key) ? ['FORBIDDEN'] : ['UNAUTHENTICATED', 'FORBIDDEN'];
        const ok = allowed.includes(p) ? !authCodes.includes(code ?? '') : code === denied;
        if (!ok)
          wrong.push(`${key} as ${p}: got ${code ?? 'no error'}, expected ${allowed.includes(p) ? 'allowed' : denied}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  /**
   * A subscription's outcome: the error code it ends with, 'UNAUTHENTICATED'
   * when the socket is refused, or undefined when it is still running after
   * a short wait (allowed; graphql-ws sends no acknowledgement).
   */
  function subscriptionCode(
    query: string,
    variables: Record<string, unknown>,
    token?: string,
  ): Promise<string | undefined> {
    const client = wsClient(stack.app.url, token);
    return new Promise<string | undefined>((resolve) => {
      const done = (code: string | undefined) => {
        clearTimeout(timer);
        void client.dispose();
        resolve(code);
      };
      const timer = setTimeout(() => done(undefined), 700);
      client.subscribe(
        { query, variables },
        {
          next: (v: any) => v.errors && done(v.errors[0]?.extensions?.code ?? 'ERROR'),
          complete: () => done('COMPLETED'),
          error: (e: any) => {
            if (Array.isArray(e)) done(e[0]?.extensions?.code ?? 'ERROR');
            else done(e?.code === 4403 ? 'UNAUTHENTICATED' : `CLOSED_${e?.code ?? '?'}`);
          },
        },
      );
    });
  }
});
