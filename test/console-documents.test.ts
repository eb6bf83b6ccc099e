import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, DocumentNode, parse, validate } from 'graphql';

/**
 * The console's modules, loaded as the browser runs them. They are typed for
 * the browser (admin-ui/tsconfig.json checks them with the DOM), so this file,
 * checked without it, names only the exports it reads.
 */
interface ConsoleDocuments {
  ACTIONS: Record<string, string>;
  LISTS: Record<string, { source: string }>;
  buildQuery(raFetchType: string, resource: string, params: unknown): { query: DocumentNode };
  DASHBOARD_METRICS: string;
  COMPLAINT_BY_NUMBER: string;
  accountNamesQuery(n: number): string;
  SUBSCRIPTIONS: Record<string, string>;
  STAFF_LOGIN: string;
  LOGOUT: string;
  CHANGE_STAFF_PASSWORD: string;
  PROVINCES: string;
}
const load = (module: string) => jest.requireActual<Partial<ConsoleDocuments>>(`../admin-ui/src/${module}`);
const {
  ACTIONS,
  LISTS,
  buildQuery,
  DASHBOARD_METRICS,
  COMPLAINT_BY_NUMBER,
  accountNamesQuery,
  SUBSCRIPTIONS,
  STAFF_LOGIN,
  LOGOUT,
  CHANGE_STAFF_PASSWORD,
  PROVINCES,
} = { ...load('dataProvider'), ...load('api'), ...load('authProvider'), ...load('regions') } as ConsoleDocuments;

/**
 * Every GraphQL document the console sends, validated against the committed
 * schema with graphql-js: a misspelt mutation, field or argument behind any
 * button, list, export, dashboard card or live update fails here, before a
 * browser test (or an officer) clicks it.
 */
const ROOT = path.join(__dirname, '..');
const CONSOLE = path.join(ROOT, 'admin-ui/src');
const schema = buildSchema(fs.readFileSync(path.join(ROOT, 'schema/schema.graphql'), 'utf8'));

/** The schema's complaints about a document (a syntax error counts as one). */
function problems(doc: string | DocumentNode): string[] {
  let ast: DocumentNode;
  try {
    ast = typeof doc === 'string' ? parse(doc) : doc;
  } catch (e) {
    return [(e as Error).message];
  }
  return validate(schema, ast).map((e) => e.message);
}

/** The react-admin calls buildQuery answers, read from its `case 'resource:FETCH_TYPE':` labels. */
const BUILT = [...fs.readFileSync(path.join(CONSOLE, 'dataProvider.ts'), 'utf8').matchAll(/case '(\w+):(\w+)':/g)].map(
  ([, resource, type]) => [resource, type] as const,
);

/** Parameters enough for any fetch type: buildQuery only shapes variables from them. */
const PARAMS = {
  id: 'id-1',
  ids: ['id-1', 'id-2'],
  data: { title: 'x', body: 'y', name: 'z', regionCode: '35', requirementsText: 'KTP\nNPWP', officerIds: [] },
  filter: {},
  pagination: { page: 1, perPage: 25 },
  sort: { field: 'createdAt', order: 'DESC' },
  meta: {},
};

describe('the GraphQL documents the console sends', () => {
  it('finds every export it reads in the console modules', () => {
    const read = { ACTIONS, LISTS, buildQuery, DASHBOARD_METRICS, COMPLAINT_BY_NUMBER, accountNamesQuery };
    const more = { SUBSCRIPTIONS, STAFF_LOGIN, LOGOUT, CHANGE_STAFF_PASSWORD, PROVINCES };
    for (const [name, value] of Object.entries({ ...read, ...more }))
      expect([name, typeof value]).not.toEqual([name, 'undefined']);
  });

  it.each(Object.entries(LISTS))('list and export query of %s', (_name, list) => {
    expect(problems(list.source)).toEqual([]);
  });

  it('reads every case of buildQuery', () => {
    expect(BUILT.length).toBeGreaterThanOrEqual(20);
    expect(BUILT).toContainEqual(['accounts', 'GET_ONE']);
  });

  it.each(BUILT)('react-admin %s %s', (resource, type) => {
    expect(problems(buildQuery(type, resource, PARAMS).query)).toEqual([]);
  });

  it.each(Object.entries(ACTIONS))('action %s', (_name, source) => {
    expect(problems(source)).toEqual([]);
  });

  it.each(Object.entries(SUBSCRIPTIONS))('live subscription %s', (_name, source) => {
    expect(problems(source)).toEqual([]);
  });

  it.each([
    ['staff login', STAFF_LOGIN],
    ['logout', LOGOUT],
    ['own password change', CHANGE_STAFF_PASSWORD],
    ['dashboard figures', DASHBOARD_METRICS],
    ['complaint by number', COMPLAINT_BY_NUMBER],
    ['province names', PROVINCES],
    ['one account name for an export', accountNamesQuery(1)],
    ['ten account names for an export', accountNamesQuery(10)],
  ])('%s', (_name, source) => {
    expect(problems(source)).toEqual([]);
  });

  it('catches a misspelt mutation, field or argument (the check itself works)', () => {
    expect(problems(ACTIONS.suspendAccount.replace('suspendAccount(', 'suspendAcount('))).not.toEqual([]);
    expect(problems(LISTS.complaints.source.replace('overdue', 'overDue'))).not.toEqual([]);
    expect(problems(ACTIONS.unlockLogin.replace('reason: $reason', 'note: $reason'))).not.toEqual([]);
  });

  it('finds no GraphQL text outside the modules this test reads', () => {
    const read = new Set(['api.ts', 'authProvider.ts', 'dataProvider.ts', 'regions.ts']);
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? files(p) : /\.tsx?$/.test(e.name) ? [p] : [];
      });
    // A string that opens an operation: `query(…`, `mutation {`, `subscription {` or a shorthand `{ field {`.
    const operation = /['"`]\s*((query|mutation|subscription)\s*[({]|\{\s*\w+\s*[({])/;
    const elsewhere = files(CONSOLE)
      .map((f) => path.relative(CONSOLE, f))
      .filter((f) => !read.has(f) && operation.test(fs.readFileSync(path.join(CONSOLE, f), 'utf8')));
    expect(elsewhere).toEqual([]);
  });
});
