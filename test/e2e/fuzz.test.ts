import { createPubSub } from '@graphql-yoga/subscription';
import fc from 'fast-check';
import type { GraphQLSchema } from 'graphql';
import { createSchema } from '../../server/src/graphql/schema';
import { gql } from '../support/graphql';
import { documentFor } from '../support/schema-args';
import { useStack } from '../support/stack';

/**
 * Hostile strings in every string and ID argument of every Query and
 * Mutation, as an anonymous caller and as an administrator: a clear error code
 * at worst, never INTERNAL_SERVER_ERROR, never a 5xx.
 */
const HOSTILE = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  'x'.repeat(100_000),
  "' or 1=1; drop table account; --",
  '<img src=x onerror=alert(1)>',
  '${7*7}{{7*7}}',
  '../../../../etc/passwd',
  '%00%ff',
  '١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦', // non-ASCII digits
  ' ',
];

describe('fuzzing every string argument', () => {
  const stack = useStack({
    env: {
      REGISTRATION_SENDS_PER_IP_PER_HOUR: '100000',
      CAPTCHA_PER_IP_PER_MINUTE: '100000',
      API_KEY_REQUESTS_PER_MINUTE: '100000',
    },
  });
  let schema: GraphQLSchema;
  let admin: string;

  beforeAll(async () => {
    schema = await createSchema(createPubSub());
    const em = stack.app.orm.em.fork();
    const created = await stack.app.services.staff.create(em, { username: 'fuzz.admin', role: 'ADMIN' });
    admin = (await stack.app.services.sessions.create(em, 'STAFF', created.staff.id, null)).token;
  });

  const fields = () =>
    (['Query', 'Mutation'] as const).flatMap((op) => {
      const type = op === 'Query' ? schema.getQueryType()! : schema.getMutationType()!;
      return Object.values(type.getFields())
        .filter((f) => f.name !== 'logout')
        .map((field) => ({ op, field }));
    });

  // A ceiling, not a speed target: every string argument of every field, each hostile string, twice.
  it('answers fixed hostile strings with a code the caller can act on', async () => {
    const bad: string[] = [];
    for (const { op, field } of fields()) {
      for (const text of HOSTILE) {
        for (const token of [undefined, admin]) {
          const { query, variables } = documentFor(op, field, text);
          const r = await gql(stack.app.url, query, variables, token);
          const code = r.errors?.[0]?.extensions?.code;
          if (r.status >= 500 || code === 'INTERNAL_SERVER_ERROR') {
            bad.push(
              `${op}.${field.name} ${JSON.stringify(text.slice(0, 20))} ${token ? 'admin' : 'anonymous'}: ${r.status} ${code}`,
            );
          }
        }
      }
    }
    expect(bad).toEqual([]);
  }, 600_000);

  it('answers generated strings the same way', async () => {
    const all = fields();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: all.length - 1 }),
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.string({ unit: 'grapheme', maxLength: 300 }),
          fc.string({ unit: fc.constantFrom('\u0000', '\ud800', '\udfff', 'a', "'", '<', ' ') }),
        ),
        fc.boolean(),
        async (i, text, asAdmin) => {
          const { op, field } = all[i];
          const { query, variables } = documentFor(op, field, text);
          const r = await gql(stack.app.url, query, variables, asAdmin ? admin : undefined);
          expect(r.status).toBeLessThan(500);
          expect(r.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
        },
      ),
      { numRuns: 150 },
    );
  }, 600_000);
});
