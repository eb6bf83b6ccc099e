import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { onError } from '@apollo/client/link/error';
import { parse } from 'graphql';
import buildGraphQLProvider, { BuildQueryResult } from 'ra-data-graphql';
import type { DataProvider } from 'react-admin';
import { ApiError, gql, session, sessionEnded } from './api';
import { CHANGE_STAFF_PASSWORD } from './authProvider';
import { PROVINCES } from './regions';

/**
 * The console's reads through ra-data-graphql, with a buildQuery written for
 * this schema: connections with offset or cursor paging, filters as the API
 * names them. Actions (resend a code, re-drive a message, …) are the data
 * provider's custom methods below, called through `useConsoleAction`.
 */
const ACCOUNT_FIELDS = `id username status scale nonUmkKind actorType entityType nik email phone fullName companyName
  provinceCode villageCode birthDate gender npwp passportNumber nationality warnings createdAt activatedAt expiresAt
  licensingStartedAt nib extendedDays emailVerifiedAt phoneVerifiedAt`;
const ACCOUNT_DETAIL = `${ACCOUNT_FIELDS} personalDataRemovalAt anonymisedAt processingRestricted processingRestrictedAt
  consent { version acceptedAt channel withdrawnAt } consentRequired { version }
  company { name npwp legalizationNumber cooperativeNumber establishmentLetterNumber phone }
  director { nik fullName position gender birthDate address villageCode }
  registrations { step channel maskedDestination sends sentAt wrongTries createdAt verifiedAt completedAt expiresAt }
  messages { id template channel status attempts lastError explanation providerStatus providerId createdAt sentAt actions registrationReference }
  emailChangeRequests { id status newEmail source reason createdAt decidedAt decisionNote confirmedAt }
  complaints { id number status category dueAt overdue createdAt }
  loginLock { failures locked lockedUntil }
  auditTrail { id at action actorType actorId actorName ip details staffNames }`;
const COMPLAINT_FIELDS = `id number status channel category description reporterName reporterContact accountId assigneeId
  laporTrackingId laporForwardDueAt laporFollowUpDueAt
  dueAt overdue resolution createdAt resolvedAt satisfaction { scores ikm grade submittedAt comment }
  account { id username fullName status } assignee { id username } unit { id name national }
  followedByMe followers { id username } mergedInto { id number }`;

const TEMPLATE_FIELDS = 'id title body active updatedAt';

const OUTREACH_COUNTS = 'started completed abandoned inProgress byChannel { channel started completed abandoned }';
const OUTREACH_EVENT_FIELDS = `id unitId unitName villageCode villageName date startTime endTime timeZone startsAt endsAt
  officerIds officerNames requirements targetCount open`;
/** An outreach event as the form edits it: the checklist one item a line. */
const outreachEventVariables = (d: Record<string, any>) => ({
  villageCode: String(d.villageCode ?? '').trim(),
  date: d.date,
  startTime: d.startTime,
  endTime: d.endTime,
  officerIds: d.officerIds ?? [],
  requirements: String(d.requirementsText ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean),
  targetCount: Number(d.targetCount),
});
const outreachEventRecord = (e: Record<string, any>) => ({ ...e, requirementsText: e.requirements.join('\n') });

const DATA_REQUEST_FIELDS = `id number kind status via details identityCheck accountId createdAt dueAt secondsLeft overdue
  decidedAt reason account { id username } assignee { id username } anonymisedAt
  export { status expiresAt downloadedAt }`;

const SORT: Record<string, string> = { createdAt: 'CREATED_AT', expiresAt: 'EXPIRES_AT', username: 'USERNAME' };
const OUTBOX_SORT: Record<string, string> = {
  createdAt: 'CREATED_AT',
  sentAt: 'SENT_AT',
  status: 'STATUS',
  attempts: 'ATTEMPTS',
  template: 'TEMPLATE',
  channel: 'CHANNEL',
};
const OUTBOX_FIELDS = `id channel recipient template subject body status attempts lastError explanation providerStatus
  providerId accountId actions registrationReference createdAt sentAt`;
const clean = (f: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== '' && v !== null));

/**
 * The console's filter as the API takes it: "Pengaduan saya" (`mine`) is the signed-in officer's id; a switch
 * left off ("Belum ditugaskan", "Diikuti") filters nothing.
 */
function apiFilter(resource: string, filter: Record<string, unknown> = {}) {
  if (resource !== 'complaints') return clean(filter);
  const { mine, unassigned, followed, ...rest } = filter;
  return clean({
    ...rest,
    ...(mine ? { assigneeId: session.get()?.id } : {}),
    ...(unassigned ? { unassigned: true } : {}),
    ...(followed ? { followed: true } : {}),
  });
}

/**
 * Each list's connection query, with cursor paging (`after`) and, where the
 * API sorts, the react-admin sort turned into the API's: the console's list
 * pages and the exports read through the same text, so an export holds what
 * the list shows.
 */
interface ListQuery {
  field: string;
  source: string;
  sort?: (s?: { field: string; order: string }) => unknown;
  node?: (n: any) => any;
}
const PAGE_INFO = 'totalCount pageInfo { hasNextPage endCursor }';
export const LISTS: Record<string, ListQuery> = {
  accounts: {
    field: 'accounts',
    source: `query($filter: AccountFilter, $first: Int, $after: String, $offset: Int, $sort: AccountSort) {
      accounts(filter: $filter, first: $first, after: $after, offset: $offset, sort: $sort) {
        ${PAGE_INFO} totalCountIsEstimate edges { node { ${ACCOUNT_FIELDS} } } } }`,
    sort: (s) => (s && SORT[s.field] ? { field: SORT[s.field], direction: s.order } : undefined),
  },
  outboxMessages: {
    field: 'outboxMessages',
    source: `query($filter: OutboxMessageFilter, $first: Int, $after: String, $offset: Int, $sort: OutboxSort) {
      outboxMessages(filter: $filter, first: $first, after: $after, offset: $offset, sort: $sort) {
        ${PAGE_INFO} edges { node { ${OUTBOX_FIELDS} } } } }`,
    sort: (s) => (s && OUTBOX_SORT[s.field] ? { field: OUTBOX_SORT[s.field], direction: s.order } : undefined),
  },
  complaints: {
    field: 'complaints',
    source: `query($filter: ComplaintFilter, $first: Int, $after: String) {
      complaints(filter: $filter, first: $first, after: $after) { ${PAGE_INFO} edges { node { ${COMPLAINT_FIELDS} } } } }`,
  },
  emailChangeRequests: {
    field: 'emailChangeRequests',
    source: `query($filter: EmailChangeRequestFilter, $first: Int, $after: String) {
      emailChangeRequests(filter: $filter, first: $first, after: $after) { ${PAGE_INFO} edges { node {
        id status newEmail accountId source reason createdAt decidedAt decisionNote confirmedAt } } } }`,
  },
  registrations: {
    // Staff act on a flow by its reference (the flow id is the applicant's credential and never reaches staff).
    field: 'registrations',
    source: `query($filter: RegistrationFilter, $first: Int, $after: String) {
      registrations(filter: $filter, first: $first, after: $after) { ${PAGE_INFO} edges { node {
        reference step channel maskedDestination createdAt expiresAt account { id username fullName companyName }
        messages { id template status providerStatus attempts explanation createdAt actions } } } } }`,
    node: (n) => ({ ...n, id: n.reference, accountId: n.account?.id ?? null }),
  },
  dataSubjectRequests: {
    // Soonest deadline first: the server's order, whatever the column clicked.
    field: 'dataSubjectRequests',
    source: `query($filter: DataSubjectRequestFilter, $first: Int, $after: String) {
      dataSubjectRequests(filter: $filter, first: $first, after: $after) { ${PAGE_INFO} edges { node {
        ${DATA_REQUEST_FIELDS} } } } }`,
  },
  breachIncidents: {
    field: 'breachIncidents',
    source: `query($first: Int, $after: String) {
      breachIncidents(first: $first, after: $after) { ${PAGE_INFO} edges { node {
        id number foundAt createdAt dataCategories description measures dueAt secondsLeft overdue notifiedAt
        reportedAt reportNote affected { affected notified unreachable } } } } }`,
  },
  auditEvents: {
    field: 'auditEvents',
    source: `query($filter: AuditEventFilter, $first: Int, $after: String) {
      auditEvents(filter: $filter, first: $first, after: $after) { ${PAGE_INFO} edges { node {
        id at action actorType actorId actorName accountId ip details staffNames } } } }`,
  },
};

/** A list page of a connection with `offset` (accounts, outbox): one request, sorted by the server. */
function listPage(resource: string, params: any): BuildQueryResult {
  const q = LISTS[resource];
  const { page, perPage } = params.pagination ?? { page: 1, perPage: 25 };
  return {
    query: gqlDoc(q.source),
    variables: {
      filter: apiFilter(resource, params.filter),
      first: perPage,
      offset: (page - 1) * perPage,
      sort: q.sort?.(params.sort),
    },
    parseResponse: ({ data }) => ({
      data: data[q.field].edges.map((e: any) => (q.node ? q.node(e.node) : e.node)),
      total: data[q.field].totalCount,
      // Above 10,000 matches the account search estimates its count (the list says "lebih dari 10.000").
      meta: { totalCountIsEstimate: data[q.field].totalCountIsEstimate === true },
    }),
  };
}

const OFFSET_LISTS = new Set(['accounts', 'outboxMessages']);

/**
 * A list page of a connection paged only by cursor: the cursors are walked
 * (100 rows a request) up to the page asked for, so page 5 of 25 is rows
 * 101-125, not an empty page past the API's 100-row limit.
 */
async function cursorPage(resource: string, params: any) {
  const q = LISTS[resource];
  const { page, perPage } = params.pagination ?? { page: 1, perPage: 25 };
  const skip = (page - 1) * perPage;
  const rows: any[] = [];
  let seen = 0;
  let after: string | null = null;
  for (;;) {
    const data: any = await gql(q.source, {
      filter: apiFilter(resource, params.filter),
      first: Math.min(EXPORT_PAGE, skip + perPage - seen),
      after,
    });
    const conn = data[q.field];
    for (const e of conn.edges) {
      if (seen >= skip && rows.length < perPage) rows.push(q.node ? q.node(e.node) : e.node);
      seen++;
    }
    if (rows.length >= perPage || !conn.pageInfo.hasNextPage || !conn.pageInfo.endCursor) {
      return { data: rows, total: conn.totalCount };
    }
    after = conn.pageInfo.endCursor;
  }
}

/** ra-data-graphql and Apollo take parsed documents. */
const gqlDoc = (source: string) => parse(source);

/** Each react-admin call the console makes as the API's query: documents, variables and the answer read back. */
export function buildQuery(raFetchType: string, resource: string, params: any): BuildQueryResult {
  const key = `${resource}:${raFetchType}`;
  switch (key) {
    case 'accounts:GET_LIST':
    case 'outboxMessages:GET_LIST':
      return listPage(resource, params);
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
    case 'complaints:GET_ONE':
      return {
        query: gqlDoc(
          `query($id: ID!, $reveal: Boolean) { complaint(id: $id, reveal: $reveal) { ${COMPLAINT_FIELDS} history { at kind actorId actorName assigneeName note }
          messages { id direction channel body mediaType mediaUrl at actorName } replyWindowClosesAt } }`,
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
    case 'staffUsers:GET_LIST':
      return {
        query: gqlDoc(
          '{ staffUsers { id username role active totpEnabled lastLoginAt demo passwordChangeRequired unit { id name } } }',
        ),
        variables: {},
        parseResponse: ({ data }) => ({ data: data.staffUsers, total: data.staffUsers.length }),
      };
    case 'responseTemplates:GET_LIST':
      return {
        query: gqlDoc(`query($all: Boolean) { responseTemplates(includeInactive: $all) { ${TEMPLATE_FIELDS} } }`),
        variables: { all: params.filter?.includeInactive === true },
        parseResponse: ({ data }) => ({ data: data.responseTemplates, total: data.responseTemplates.length }),
      };
    case 'responseTemplates:GET_ONE':
      return {
        query: gqlDoc(`{ responseTemplates(includeInactive: true) { ${TEMPLATE_FIELDS} } }`),
        variables: {},
        parseResponse: ({ data }) => ({ data: data.responseTemplates.find((t: any) => t.id === String(params.id)) }),
      };
    case 'responseTemplates:CREATE':
      return {
        query: gqlDoc(`mutation($title: String!, $body: String!) {
          createResponseTemplate(title: $title, body: $body) { ${TEMPLATE_FIELDS} } }`),
        variables: { title: params.data.title, body: params.data.body },
        parseResponse: ({ data }) => ({ data: data.createResponseTemplate }),
      };
    case 'responseTemplates:UPDATE':
      return {
        query: gqlDoc(`mutation($id: ID!, $title: String!, $body: String!, $active: Boolean!) {
          updateResponseTemplate(id: $id, title: $title, body: $body, active: $active) { ${TEMPLATE_FIELDS} } }`),
        variables: {
          id: params.id,
          title: params.data.title,
          body: params.data.body,
          active: params.data.active !== false,
        },
        parseResponse: ({ data }) => ({ data: data.updateResponseTemplate }),
      };
    case 'outreachEvents:GET_LIST':
      return {
        query: gqlDoc(`query($unitId: ID, $from: String, $to: String) {
          outreachEvents(unitId: $unitId, from: $from, to: $to) { ${OUTREACH_EVENT_FIELDS} report { ${OUTREACH_COUNTS} } } }`),
        variables: clean(params.filter ?? {}),
        parseResponse: ({ data }) => ({
          data: data.outreachEvents.map(outreachEventRecord),
          total: data.outreachEvents.length,
        }),
      };
    case 'outreachEvents:GET_ONE':
      return {
        query: gqlDoc(`query($id: ID!) { outreachEvent(id: $id) {
          ${OUTREACH_EVENT_FIELDS} report { ${OUTREACH_COUNTS} } } }`),
        variables: { id: params.id },
        parseResponse: ({ data }) => ({ data: outreachEventRecord(data.outreachEvent) }),
      };
    case 'outreachEvents:CREATE':
      return {
        query: gqlDoc(`mutation($input: OutreachEventInput!) {
          createOutreachEvent(input: $input) { ${OUTREACH_EVENT_FIELDS} } }`),
        variables: { input: outreachEventVariables(params.data) },
        parseResponse: ({ data }) => ({ data: outreachEventRecord(data.createOutreachEvent) }),
      };
    case 'outreachEvents:UPDATE':
      return {
        query: gqlDoc(`mutation($id: ID!, $input: OutreachEventInput!) {
          updateOutreachEvent(id: $id, input: $input) { ${OUTREACH_EVENT_FIELDS} } }`),
        variables: { id: params.id, input: outreachEventVariables(params.data) },
        parseResponse: ({ data }) => ({ data: outreachEventRecord(data.updateOutreachEvent) }),
      };
    case 'outreachOfficers:GET_LIST':
    case 'outreachOfficers:GET_MANY':
      return {
        // The event's own office (a national supervisor editing a regional event); the caller's when none is given.
        query: gqlDoc('query($unitId: ID) { outreachOfficers(unitId: $unitId) { id username role } }'),
        variables: { unitId: params.meta?.unitId ?? null },
        parseResponse: ({ data }) => ({ data: data.outreachOfficers, total: data.outreachOfficers.length }),
      };
    case 'serviceUnits:GET_LIST':
    case 'serviceUnits:GET_MANY':
      return {
        query: gqlDoc('{ serviceUnits { id name regionCode regionName national } }'),
        variables: {},
        parseResponse: ({ data }) => ({ data: data.serviceUnits, total: data.serviceUnits.length }),
      };
    case 'serviceUnits:CREATE':
      return {
        query: gqlDoc(`mutation($name: String!, $regionCode: String!) {
          createServiceUnit(name: $name, regionCode: $regionCode) { id name regionCode regionName national } }`),
        variables: { name: params.data.name, regionCode: params.data.regionCode },
        parseResponse: ({ data }) => ({ data: data.createServiceUnit }),
      };
    default:
      throw new ApiError(`Operasi ${raFetchType} untuk ${resource} tidak tersedia di konsol.`);
  }
}

const COUNTS =
  'flowsStarted codesSent codesDelivered codesFailed verified completed cancelled warned extended licensingStarted';
/** The supervisor dashboard's figures for a period: metrics, expiring accounts and province names. */
export const DASHBOARD_METRICS = `query($from: DateTime!, $to: DateTime!, $filter: MetricsFilter, $expiring: AccountFilter!) {
  registrationMetrics(from: $from, to: $to, interval: DAY, filter: $filter) {
    buckets { start counts { flowsStarted completed } }
    totals { ${COUNTS} }
    conversion { verifiedPerStarted completedPerVerified completedPerStarted }
    byChannel { key counts { codesSent codesDelivered codesFailed } }
    byProvince { key counts { flowsStarted completed cancelled } }
    complaints { opened resolved open overdue ikm grade surveys }
    outreach { totals { started completed abandoned inProgress } villages { villageCode villageName events target
      counts { started completed abandoned } } }
  }
  accounts(filter: $expiring, first: 1) { totalCount totalCountIsEstimate }
  provinces { code name }
}`;

const OUTREACH_DESK = 'reference eventId step channel maskedDestination resendAvailableAt expiresAt';
const SKM_PERIOD = 'from to respondents ikm grade gradeLabel elements { code name nrr weightedNrr }';
const CLOCK = 'opened resolvedOnTime resolvedLate openWithinDue overdue';

/**
 * The console's actions as custom data-provider methods (react-admin's
 * pattern for calls that are not CRUD): one mutation each, variables named as
 * the API names its arguments.
 */
export const ACTIONS = {
  redeliverMessage: 'mutation($id: ID!) { redeliverMessage(id: $id) { id } }',
  resendRegistrationCode:
    'mutation($reference: ID!, $reason: String!) { resendRegistrationCode(reference: $reference, reason: $reason) { id } }',
  changeRegistrationDestination: `mutation($reference: ID!, $channel: VerificationChannel!, $email: String, $phone: String, $reason: String!) {
    changeRegistrationDestination(reference: $reference, channel: $channel, email: $email, phone: $phone, reason: $reason) { id } }`,
  replyToComplaint: `mutation($id: ID!, $body: String!, $templateId: ID) {
    replyToComplaint(id: $id, body: $body, templateId: $templateId) { id } }`,
  changeAccountEmail: `mutation($id: ID!, $newEmail: String!, $reason: String!) {
    changeAccountEmail(id: $id, newEmail: $newEmail, reason: $reason) { id } }`,
  resendActivation: 'mutation($id: ID!, $reason: String) { resendActivation(id: $id, reason: $reason) }',
  unlockLogin: 'mutation($id: ID!, $reason: String) { unlockLogin(id: $id, reason: $reason) { id } }',
  extendAccountExpiry: `mutation($id: ID!, $days: Int!, $reason: String!) {
    extendAccountExpiry(id: $id, days: $days, reason: $reason) { id } }`,
  suspendAccount: 'mutation($id: ID!, $reason: String!) { suspendAccount(id: $id, reason: $reason) { id } }',
  reactivateAccount: 'mutation($id: ID!, $reason: String!) { reactivateAccount(id: $id, reason: $reason) { id } }',
  approveEmailChange: 'mutation($id: ID!, $note: String) { approveEmailChange(id: $id, note: $note) { id } }',
  rejectEmailChange: 'mutation($id: ID!, $reason: String!) { rejectEmailChange(id: $id, reason: $reason) { id } }',
  cancelEmailChange: 'mutation($id: ID!, $reason: String!) { cancelEmailChange(id: $id, reason: $reason) { id } }',
  assignComplaint: 'mutation($id: ID!, $staffId: ID!) { assignComplaint(id: $id, staffId: $staffId) { id } }',
  addComplaintNote: 'mutation($id: ID!, $note: String!) { addComplaintNote(id: $id, note: $note) { id } }',
  resolveComplaint:
    'mutation($id: ID!, $resolution: String!) { resolveComplaint(id: $id, resolution: $resolution) { id } }',
  reopenComplaint: 'mutation($id: ID!, $reason: String!) { reopenComplaint(id: $id, reason: $reason) { id } }',
  closeComplaint: 'mutation($id: ID!) { closeComplaint(id: $id) { id } }',
  assignComplaintRoundRobin: 'mutation($id: ID!) { assignComplaintRoundRobin(id: $id) { id assignee { username } } }',
  followComplaint: 'mutation($id: ID!) { followComplaint(id: $id) { id } }',
  unfollowComplaint: 'mutation($id: ID!) { unfollowComplaint(id: $id) { id } }',
  mergeComplaints: `mutation($sourceId: ID!, $targetId: ID!, $reason: String!) {
    mergeComplaints(sourceId: $sourceId, targetId: $targetId, reason: $reason) { id number } }`,
  sendComplaintTemplate: 'mutation($id: ID!) { sendComplaintTemplate(id: $id) { id } }',
  disableStaff: 'mutation($id: ID!) { disableStaff(id: $id) { id } }',
  setStaffUnit: 'mutation($staffId: ID!, $unitId: ID!) { setStaffUnit(staffId: $staffId, unitId: $unitId) { id } }',
  resetStaffTotp: 'mutation($id: ID!) { resetStaffTotp(id: $id) { staff { username } password otpauthUri } }',
  resetStaffPassword: 'mutation($id: ID!) { resetStaffPassword(id: $id) { staff { username } password otpauthUri } }',
  changeStaffPassword: CHANGE_STAFF_PASSWORD,
  createStaff: `mutation($username: String!, $role: StaffRole!) {
    createStaff(username: $username, role: $role) { staff { username } password otpauthUri } }`,
  assignDataSubjectRequestToMe: 'mutation($id: ID!) { assignDataSubjectRequestToMe(id: $id) { id } }',
  decideDataSubjectRequest: `mutation($id: ID!, $outcome: DataSubjectRequestOutcome!, $reason: String!) {
    decideDataSubjectRequest(id: $id, outcome: $outcome, reason: $reason) { id } }`,
  recordBreachIncident: 'mutation($input: BreachIncidentInput!) { recordBreachIncident(input: $input) { id } }',
  selectBreachAffectedAccounts: `mutation($id: ID!, $query: BreachAffectedQuery!) {
    selectBreachAffectedAccounts(id: $id, query: $query) { id } }`,
  notifyBreachAffected: 'mutation($id: ID!) { notifyBreachAffected(id: $id) { id } }',
  markBreachReported: 'mutation($id: ID!, $note: String!) { markBreachReported(id: $id, note: $note) { id } }',
  breachReport: 'query($id: ID!) { breachIncident(id: $id) { report reportHtml } }',
  // The outreach desk: the officer acts on the flow's reference; no answer carries a code or a password.
  myOutreachEvents: `query { myOutreachEvents { id villageCode villageName date startTime endTime timeZone
    requirements targetCount open } }`,
  startOutreachRegistration: `mutation($eventId: ID!, $input: OutreachRegistrationInput!) {
    startOutreachRegistration(eventId: $eventId, input: $input) { ${OUTREACH_DESK} } }`,
  resendOutreachRegistrationCode: `mutation($reference: ID!) {
    resendOutreachRegistrationCode(reference: $reference) { ${OUTREACH_DESK} } }`,
  verifyOutreachRegistration: `mutation($reference: ID!, $code: String!) {
    verifyOutreachRegistration(reference: $reference, code: $code) { ${OUTREACH_DESK} } }`,
  setOutreachRegistrationPassword: `mutation($reference: ID!, $password: String!, $passwordConfirmation: String!) {
    setOutreachRegistrationPassword(reference: $reference, password: $password,
      passwordConfirmation: $passwordConfirmation) { ${OUTREACH_DESK} } }`,
  completeOutreachRegistration: `mutation($reference: ID!, $profile: ProfileInput!, $applicantConsent: Boolean!) {
    completeOutreachRegistration(reference: $reference, profile: $profile, applicantConsent: $applicantConsent) {
      ${OUTREACH_DESK} } }`,
  breachReportPdf: 'query($id: ID!) { breachIncident(id: $id) { reportPdf } }',
  recordPaperSurvey: 'mutation($input: PaperSurveyInput!) { recordPaperSurvey(input: $input) { id unitId ikm } }',
  skmReport: `query($unitId: ID, $from: DateTime!, $to: DateTime!) { skmReport(unitId: $unitId, from: $from, to: $to) {
    ${SKM_PERIOD} unit { id name regionCode } weight served sampleTarget sampleReached lowestElements { code name nrr }
    profile { gender { key label count } ageBand { key label count } education { key label count }
      occupation { key label count } }
    previous { ${SKM_PERIOD} } } }`,
  skmReportFile: `query($unitId: ID, $from: DateTime!, $to: DateTime!, $format: SkmReportFormat!) {
    skmReportFile(unitId: $unitId, from: $from, to: $to, format: $format) { filename contentType contentBase64 } }`,
  skmTrend: `query($from: DateTime!, $to: DateTime!, $interval: SkmTrendInterval!) {
    skmTrend(from: $from, to: $to, interval: $interval) { unit { id name } points { ${SKM_PERIOD} } } }`,
  complaintClock: `query($from: DateTime!, $to: DateTime!) { complaintClock(from: $from, to: $to) { unit { id name }
    totals { ${CLOCK} } byCategory { category ${CLOCK} } } }`,
} as const;
export type ConsoleAction = keyof typeof ACTIONS;
export type ConsoleDataProvider = DataProvider &
  Record<ConsoleAction, (variables: Record<string, unknown>) => Promise<any>> & {
    exportRows: typeof exportRows;
    exportLookups: typeof exportLookups;
    dashboardMetrics: (variables: Record<string, unknown>) => Promise<any>;
    complaintMedia: typeof complaintMedia;
    complaintIdByNumber: typeof complaintIdByNumber;
  };

/**
 * A complaint attachment (an inbound WhatsApp image or document) from the
 * server's media path, with the staff token: the bytes as a Blob and the type
 * the server gave them. A refusal (too large, expired) comes back as its message.
 */
export async function complaintMedia(path: string): Promise<{ blob: Blob; type: string; filename: string | null }> {
  const token = session.get()?.token;
  const res = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string; error?: string };
    throw new ApiError(body.message ?? `HTTP ${res.status}`, body.error);
  }
  const type = res.headers.get('content-type') ?? 'application/octet-stream';
  const filename = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? null;
  return { blob: await res.blob(), type, filename };
}

export const COMPLAINT_BY_NUMBER =
  'query($f: ComplaintFilter) { complaints(filter: $f, first: 5) { edges { node { id number } } } }';
/** The id of the complaint with this exact number (as the caller's unit sees it), or null. */
export async function complaintIdByNumber(number: string): Promise<string | null> {
  const wanted = number.trim().toUpperCase();
  if (!wanted) return null;
  const data = await gql<{ complaints: { edges: { node: { id: string; number: string } }[] } }>(COMPLAINT_BY_NUMBER, {
    f: { q: wanted },
  });
  return data.complaints.edges.find((e) => e.node.number === wanted)?.node.id ?? null;
}

/** The API's limit on aliases in one document (server/src/graphql/limits.ts). */
const MAX_ALIASES = 10;

const actionMethods = Object.fromEntries(
  Object.entries(ACTIONS).map(([name, mutation]) => [
    name,
    // The answer of the one root field (e.g. a created staff user's one-time secrets).
    (variables: Record<string, unknown>) => gql(mutation, variables).then((data) => Object.values(data ?? {})[0]),
  ]),
) as Record<ConsoleAction, (variables: Record<string, unknown>) => Promise<any>>;

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
  return {
    ...base,
    ...actionMethods,
    getList: (resource: string, params: any) =>
      LISTS[resource] && !OFFSET_LISTS.has(resource) ? cursorPage(resource, params) : base.getList(resource, params),
    // Accounts by id (reference fields, recently viewed) as aliases of one query: at most the API's 10 a request.
    getMany: async (resource: string, params: any) => {
      if (resource !== 'accounts') return base.getMany(resource, params);
      const ids = [...new Set<string>(params.ids)];
      const chunks = Array.from({ length: Math.ceil(ids.length / MAX_ALIASES) }, (_, i) =>
        ids.slice(i * MAX_ALIASES, (i + 1) * MAX_ALIASES),
      );
      // An account that no longer exists (an unclaimed OSS 1.1 account removed, say) fails its whole chunk:
      // ask for that chunk's accounts one by one and leave the missing ones out.
      const one = (id: string) =>
        base.getMany(resource, { ...params, ids: [id] }).then(
          (a) => a.data,
          () => [],
        );
      const answers = await Promise.all(
        chunks.map((chunk) =>
          base.getMany(resource, { ...params, ids: chunk }).then(
            (a) => a.data,
            () => Promise.all(chunk.map(one)).then((rows) => rows.flat()),
          ),
        ),
      );
      return { data: answers.flat() };
    },
    exportRows,
    exportLookups,
    dashboardMetrics: (variables: Record<string, unknown>) => gql(DASHBOARD_METRICS, variables),
    complaintMedia,
    complaintIdByNumber,
  } as unknown as ConsoleDataProvider;
}

export const EXPORT_PAGE = 100;

/**
 * Every row the list's filter (and sort) selects, page by page as the API
 * pages (100 a page, cursors), reporting progress; stops when `signal` aborts.
 * Reads only: masked as the list, audited by the server as the list is.
 */
export async function exportRows(
  resource: string,
  params: { filter?: Record<string, unknown>; sort?: { field: string; order: string } },
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<any[]> {
  const q = LISTS[resource];
  if (!q) throw new ApiError(`Ekspor untuk ${resource} tidak tersedia.`);
  const out: any[] = [];
  let after: string | null = null;
  for (;;) {
    if (signal?.aborted) throw new ApiError('Ekspor dibatalkan.');
    const data: any = await gql(q.source, {
      filter: apiFilter(resource, params.filter),
      first: EXPORT_PAGE,
      after,
      ...(q.sort ? { sort: q.sort(params.sort) } : {}),
    });
    const conn = data[q.field];
    out.push(...conn.edges.map((e: any) => (q.node ? q.node(e.node) : e.node)));
    onProgress?.(out.length, Math.max(conn.totalCount, out.length));
    if (!conn.pageInfo.hasNextPage || !conn.pageInfo.endCursor) return out;
    after = conn.pageInfo.endCursor;
  }
}

/** The names of `n` accounts in one request, masked (variables $id0 …, answers a0 …). */
export const accountNamesQuery = (n: number) =>
  `query(${Array.from({ length: n }, (_, j) => `$id${j}: ID!`).join(', ')}) { ${Array.from(
    { length: n },
    (_, j) => `a${j}: account(id: $id${j}, reveal: false) { id username fullName companyName }`,
  ).join(' ')} }`;

/** Names for ids an export's rows carry: accounts (masked reads, 10 a request: the API's alias limit) and provinces. */
export async function exportLookups(need: { accountIds: string[]; provinces: boolean }) {
  const accounts = new Map<string, string>();
  const ids = [...new Set(need.accountIds)];
  for (let i = 0; i < ids.length; i += MAX_ALIASES) {
    const chunk = ids.slice(i, i + MAX_ALIASES);
    const data: Record<string, any> = await gql(
      accountNamesQuery(chunk.length),
      Object.fromEntries(chunk.map((id, j) => [`id${j}`, id])),
    );
    for (const a of Object.values(data)) if (a) accounts.set(a.id, a.fullName ?? a.companyName ?? a.username);
  }
  const provinces = new Map<string, string>();
  if (need.provinces) {
    const data = await gql<{ provinces: { code: string; name: string }[] }>(PROVINCES);
    for (const p of data.provinces) provinces.set(p.code.replace(/\./g, ''), p.name);
  }
  return {
    account: (id?: string | null) => (id ? (accounts.get(id) ?? null) : null),
    province: (code?: string | null) => (code ? (provinces.get(code) ?? null) : null),
  };
}
