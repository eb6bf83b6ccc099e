import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { onError } from '@apollo/client/link/error';
import { parse } from 'graphql';
import buildGraphQLProvider, { BuildQueryResult } from 'ra-data-graphql';
import type { DataProvider } from 'react-admin';
import { ApiError, gql, session, sessionEnded } from './api';

/**
 * The console's reads through ra-data-graphql, with a buildQuery written for
 * this schema: connections with offset or cursor paging, filters as the API
 * names them. Actions (resend a code, re-drive a message, …) are the data
 * provider's custom methods below, called through `useConsoleAction`.
 */
const ACCOUNT_FIELDS = `id username status scale nonUmkKind actorType entityType nik email phone fullName companyName
  provinceCode villageCode birthDate gender npwp passportNumber nationality warnings createdAt activatedAt expiresAt
  licensingStartedAt nib extendedDays emailVerifiedAt phoneVerifiedAt`;
const ACCOUNT_DETAIL = `${ACCOUNT_FIELDS}
  company { name npwp legalizationNumber cooperativeNumber establishmentLetterNumber phone }
  director { nik fullName position gender birthDate address villageCode }
  registrations { step channel maskedDestination sends sentAt wrongTries createdAt verifiedAt completedAt expiresAt }
  messages { id template channel status attempts lastError explanation providerStatus providerId createdAt sentAt actions registrationReference }
  emailChangeRequests { id status newEmail source reason createdAt decidedAt decisionNote confirmedAt }
  complaints { id number status category dueAt overdue createdAt }
  loginLock { failures locked lockedUntil }
  auditTrail { id at action actorType actorId actorName ip details staffNames }`;
const COMPLAINT_FIELDS = `id number status channel category description reporterName reporterContact accountId assigneeId
  dueAt overdue resolution createdAt resolvedAt satisfaction { scores ikm grade submittedAt comment }
  account { id username fullName status } assignee { id username }`;

const DATA_REQUEST_FIELDS = `id number kind status via details identityCheck accountId createdAt dueAt secondsLeft overdue
  decidedAt reason account { id username } assignee { id username }`;

const SORT: Record<string, string> = { createdAt: 'CREATED_AT', expiresAt: 'EXPIRES_AT', username: 'USERNAME' };
const clean = (f: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== '' && v !== null));

/** A connection read page by page: `first` up to the end of the asked page, then that page sliced out. */
function connection(field: string, query: string, params: any, extra: Record<string, unknown> = {}): BuildQueryResult {
  const { page, perPage } = params.pagination ?? { page: 1, perPage: 25 };
  return {
    query: gqlDoc(query),
    variables: { first: Math.min(100, page * perPage), filter: clean(params.filter ?? {}), ...extra },
    parseResponse: ({ data }) => {
      const edges = data[field].edges.map((e: any) => e.node);
      return { data: edges.slice((page - 1) * perPage, page * perPage), total: data[field].totalCount };
    },
  };
}

/** ra-data-graphql and Apollo take parsed documents. */
const gqlDoc = (source: string) => parse(source);

function buildQuery(raFetchType: string, resource: string, params: any): BuildQueryResult {
  const key = `${resource}:${raFetchType}`;
  switch (key) {
    case 'accounts:GET_LIST': {
      const { page, perPage } = params.pagination;
      const sortField = SORT[params.sort?.field];
      return {
        query: gqlDoc(`query($filter: AccountFilter, $first: Int, $offset: Int, $sort: AccountSort) {
          accounts(filter: $filter, first: $first, offset: $offset, sort: $sort) { totalCount edges { node { ${ACCOUNT_FIELDS} } } } }`),
        variables: {
          filter: clean(params.filter ?? {}),
          first: perPage,
          offset: (page - 1) * perPage,
          sort: sortField ? { field: sortField, direction: params.sort.order } : undefined,
        },
        parseResponse: ({ data }) => ({
          data: data.accounts.edges.map((e: any) => e.node),
          total: data.accounts.totalCount,
        }),
      };
    }
    case 'accounts:GET_ONE':
      return {
        query: gqlDoc(`query($id: ID!, $reveal: Boolean) { account(id: $id, reveal: $reveal) { ${ACCOUNT_DETAIL} } }`),
        variables: { id: params.id, reveal: params.meta?.reveal === true },
        parseResponse: ({ data }) => ({ data: data.account }),
      };
    case 'accounts:GET_MANY':
      return {
        query: gqlDoc(
          `query(${params.ids.map((_: string, i: number) => `$id${i}: ID!`).join(', ')}) { ${params.ids
            .map((_: string, i: number) => `a${i}: account(id: $id${i}, reveal: false) { ${ACCOUNT_FIELDS} }`)
            .join(' ')} }`,
        ),
        variables: Object.fromEntries(params.ids.map((id: string, i: number) => [`id${i}`, id])),
        parseResponse: ({ data }) => ({ data: Object.values(data).filter(Boolean) }),
      };
    case 'complaints:GET_LIST':
      return connection(
        'complaints',
        `query($filter: ComplaintFilter, $first: Int) {
        complaints(filter: $filter, first: $first) { totalCount edges { node { ${COMPLAINT_FIELDS} } } } }`,
        params,
      );
    case 'complaints:GET_ONE':
      return {
        query: gqlDoc(
          `query($id: ID!, $reveal: Boolean) { complaint(id: $id, reveal: $reveal) { ${COMPLAINT_FIELDS} history { at kind actorId actorName assigneeName note } } }`,
        ),
        variables: { id: params.id, reveal: params.meta?.reveal === true },
        parseResponse: ({ data }) => ({ data: data.complaint }),
      };
    case 'complaints:CREATE':
      return {
        query: gqlDoc(`mutation($input: ComplaintInput!) { createComplaint(input: $input) { ${COMPLAINT_FIELDS} } }`),
        variables: { input: clean(params.data) },
        parseResponse: ({ data }) => ({ data: data.createComplaint }),
      };
    case 'emailChangeRequests:GET_LIST':
      return connection(
        'emailChangeRequests',
        `query($filter: EmailChangeRequestFilter, $first: Int) {
        emailChangeRequests(filter: $filter, first: $first) { totalCount edges { node {
          id status newEmail accountId source reason createdAt decidedAt decisionNote confirmedAt } } } }`,
        params,
      );
    case 'dataSubjectRequests:GET_LIST':
      // Soonest deadline first: the server's order, whatever the column clicked.
      return connection(
        'dataSubjectRequests',
        `query($filter: DataSubjectRequestFilter, $first: Int) {
        dataSubjectRequests(filter: $filter, first: $first) { totalCount edges { node { ${DATA_REQUEST_FIELDS} } } } }`,
        params,
      );
    case 'registrations:GET_LIST': {
      // Staff act on a flow by its reference (the flow id is the applicant's credential and never reaches staff).
      const base = connection(
        'registrations',
        `query($filter: RegistrationFilter, $first: Int) {
        registrations(filter: $filter, first: $first) { totalCount edges { node {
          reference step channel maskedDestination createdAt expiresAt account { id }
          messages { id template status providerStatus attempts explanation createdAt actions } } } } }`,
        params,
      );
      return {
        ...base,
        parseResponse: (r) => {
          const out = base.parseResponse(r);
          return {
            ...out,
            data: out.data.map((n: any) => ({ ...n, id: n.reference, accountId: n.account?.id ?? null })),
          };
        },
      };
    }
    case 'auditEvents:GET_LIST':
      return connection(
        'auditEvents',
        `query($filter: AuditEventFilter, $first: Int) {
        auditEvents(filter: $filter, first: $first) { totalCount edges { node { id at action actorType actorId actorName accountId ip details staffNames } } } }`,
        params,
      );
    case 'outboxMessages:GET_LIST':
      return {
        query:
          gqlDoc(`query($filter: OutboxMessageFilter, $first: Int) { outboxMessages(filter: $filter, first: $first) {
          id channel recipient template subject body status attempts lastError explanation providerStatus providerId accountId actions registrationReference createdAt sentAt } }`),
        variables: { filter: clean(params.filter ?? {}), first: 100 },
        parseResponse: ({ data }) => {
          const { page, perPage } = params.pagination;
          return {
            data: data.outboxMessages.slice((page - 1) * perPage, page * perPage),
            total: data.outboxMessages.length,
          };
        },
      };
    case 'staffUsers:GET_LIST':
      return {
        query: gqlDoc('{ staffUsers { id username role active totpEnabled lastLoginAt demo } }'),
        variables: {},
        parseResponse: ({ data }) => ({ data: data.staffUsers, total: data.staffUsers.length }),
      };
    default:
      throw new ApiError(`Operasi ${raFetchType} untuk ${resource} tidak tersedia di konsol.`);
  }
}

/**
 * The console's actions as custom data-provider methods (react-admin's
 * pattern for calls that are not CRUD): one mutation each, variables named as
 * the API names its arguments.
 */
const ACTIONS = {
  redeliverMessage: 'mutation($id: ID!) { redeliverMessage(id: $id) { id } }',
  resendRegistrationCode:
    'mutation($reference: ID!, $reason: String!) { resendRegistrationCode(reference: $reference, reason: $reason) { id } }',
  changeRegistrationDestination: `mutation($reference: ID!, $channel: VerificationChannel!, $email: String, $phone: String, $reason: String!) {
    changeRegistrationDestination(reference: $reference, channel: $channel, email: $email, phone: $phone, reason: $reason) { id } }`,
  assignDataSubjectRequestToMe: 'mutation($id: ID!) { assignDataSubjectRequestToMe(id: $id) { id } }',
  decideDataSubjectRequest: `mutation($id: ID!, $outcome: DataSubjectRequestOutcome!, $reason: String!) {
    decideDataSubjectRequest(id: $id, outcome: $outcome, reason: $reason) { id } }`,
} as const;
export type ConsoleAction = keyof typeof ACTIONS;
export type ConsoleDataProvider = DataProvider &
  Record<ConsoleAction, (variables: Record<string, unknown>) => Promise<unknown>>;

const actionMethods = Object.fromEntries(
  Object.entries(ACTIONS).map(([name, mutation]) => [
    name,
    (variables: Record<string, unknown>) => gql(mutation, variables),
  ]),
) as Record<ConsoleAction, (variables: Record<string, unknown>) => Promise<unknown>>;

/** Whether an Apollo error says the server no longer accepts the token (a GraphQL error or an HTTP answer's body). */
const refusedToken = (e: { graphQLErrors?: readonly any[]; networkError?: any }) =>
  [...(e.graphQLErrors ?? []), ...(e.networkError?.result?.errors ?? [])].some(
    (g) => g?.extensions?.code === 'UNAUTHENTICATED',
  ) || e.networkError?.statusCode === 401;

/**
 * ra-data-graphql with an Apollo client that sends the staff token and ends
 * the console's session when the server refuses it; parsed documents.
 */
export function createDataProvider() {
  const auth = new ApolloLink((operation, forward) => {
    const token = session.get()?.token;
    operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
      headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      token,
    }));
    return forward(operation);
  });
  const ended = onError((e) => {
    const token = e.operation.getContext().token as string | undefined;
    if (token && refusedToken(e)) sessionEnded(token);
  });
  const client = new ApolloClient({
    link: ApolloLink.from([ended, auth, new HttpLink({ uri: '/graphql' })]),
    cache: new InMemoryCache(),
    defaultOptions: { query: { fetchPolicy: 'no-cache' }, watchQuery: { fetchPolicy: 'no-cache' } },
    devtools: { enabled: false },
  });
  const base = buildGraphQLProvider({ client, introspection: false, buildQuery: () => buildQuery });
  return Object.assign(base, actionMethods) as unknown as ConsoleDataProvider;
}
