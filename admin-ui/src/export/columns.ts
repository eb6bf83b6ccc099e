import { withStaffNames, type ExportSpec } from './format';

/**
 * The columns of each list's export: what an officer reads on screen, in the
 * screen's words. Values come from the list's own query, so personal data is
 * masked exactly as on screen; message bodies are not exported at all.
 */
const f = (resource: string, field: string) => `resources.${resource}.fields.${field}`;
const accountName = (r: any) => r?.fullName ?? r?.companyName ?? r?.username ?? null;

export const accountsExport: ExportSpec = {
  resource: 'accounts',
  file: 'akun',
  xlsx: true,
  needs: () => ({ provinces: true }),
  columns: [
    { label: f('accounts', 'username'), value: (r) => r.username },
    { label: f('accounts', 'fullName'), value: (r) => r.fullName },
    { label: f('accounts', 'companyName'), value: (r) => r.companyName },
    { label: f('accounts', 'nik'), value: (r) => r.nik },
    { label: f('accounts', 'email'), value: (r) => r.email },
    { label: f('accounts', 'phone'), value: (r) => r.phone },
    { label: f('accounts', 'status'), vocabulary: 'AccountStatus', value: (r) => r.status },
    { label: f('accounts', 'scale'), vocabulary: 'BusinessScale', value: (r) => r.scale },
    { label: f('accounts', 'actorType'), vocabulary: 'ActorType', value: (r) => r.actorType },
    { label: 'export.province', value: (r, l) => l.province(r.provinceCode) ?? r.provinceCode },
    { label: f('accounts', 'nib'), value: (r) => r.nib },
    { label: f('accounts', 'createdAt'), kind: 'datetime', value: (r) => r.createdAt },
    { label: f('accounts', 'activatedAt'), kind: 'datetime', value: (r) => r.activatedAt },
    { label: f('accounts', 'expiresAt'), kind: 'datetime', value: (r) => r.expiresAt },
  ],
};

export const registrationsExport: ExportSpec = {
  resource: 'registrations',
  file: 'pendaftaran',
  columns: [
    { label: f('registrations', 'step'), vocabulary: 'FlowStep', value: (r) => r.step },
    { label: f('registrations', 'channel'), vocabulary: 'VerificationChannel', value: (r) => r.channel },
    { label: f('registrations', 'maskedDestination'), value: (r) => r.maskedDestination },
    { label: 'export.account', value: (r) => accountName(r.account) },
    { label: 'export.lastMessage', value: (r) => r.messages?.[0]?.providerStatus ?? r.messages?.[0]?.status },
    { label: f('registrations', 'createdAt'), kind: 'datetime', value: (r) => r.createdAt },
    { label: f('registrations', 'expiresAt'), kind: 'datetime', value: (r) => r.expiresAt },
  ],
};

export const complaintsExport: ExportSpec = {
  resource: 'complaints',
  file: 'pengaduan',
  xlsx: true,
  columns: [
    { label: f('complaints', 'number'), value: (r) => r.number },
    { label: f('complaints', 'status'), vocabulary: 'ComplaintStatus', value: (r) => r.status },
    { label: f('complaints', 'channel'), vocabulary: 'ComplaintChannel', value: (r) => r.channel },
    { label: f('complaints', 'category'), vocabulary: 'ComplaintCategory', value: (r) => r.category },
    { label: f('complaints', 'reporterName'), value: (r) => r.reporterName },
    { label: f('complaints', 'reporterContact'), value: (r) => r.reporterContact },
    { label: f('complaints', 'accountId'), value: (r) => accountName(r.account) },
    { label: 'export.assignee', value: (r) => r.assignee?.username },
    { label: f('complaints', 'description'), value: (r) => r.description },
    { label: f('complaints', 'createdAt'), kind: 'datetime', value: (r) => r.createdAt },
    { label: f('complaints', 'dueAt'), kind: 'datetime', value: (r) => r.dueAt },
    { label: f('complaints', 'overdue'), kind: 'boolean', value: (r) => r.overdue },
    { label: f('complaints', 'resolution'), value: (r) => r.resolution },
    { label: 'export.ikm', kind: 'number', value: (r) => r.satisfaction?.ikm },
  ],
};

export const emailChangeRequestsExport: ExportSpec = {
  resource: 'emailChangeRequests',
  file: 'ganti-email',
  needs: (r) => ({ accountIds: [r.accountId] }),
  columns: [
    { label: f('emailChangeRequests', 'status'), vocabulary: 'EmailChangeStatus', value: (r) => r.status },
    { label: f('emailChangeRequests', 'accountId'), value: (r, l) => l.account(r.accountId) },
    { label: f('emailChangeRequests', 'newEmail'), value: (r) => r.newEmail },
    { label: f('emailChangeRequests', 'source'), vocabulary: 'EmailChangeSource', value: (r) => r.source },
    { label: f('emailChangeRequests', 'reason'), value: (r) => r.reason },
    { label: f('emailChangeRequests', 'createdAt'), kind: 'datetime', value: (r) => r.createdAt },
    { label: 'export.decidedAt', kind: 'datetime', value: (r) => r.decidedAt },
    { label: 'export.decisionNote', value: (r) => r.decisionNote },
  ],
};

export const outboxMessagesExport: ExportSpec = {
  resource: 'outboxMessages',
  file: 'pesan-keluar',
  needs: (r) => ({ accountIds: [r.accountId] }),
  columns: [
    { label: f('outboxMessages', 'createdAt'), kind: 'datetime', value: (r) => r.createdAt },
    { label: f('outboxMessages', 'status'), vocabulary: 'OutboxStatus', value: (r) => r.status },
    { label: f('outboxMessages', 'channel'), vocabulary: 'VerificationChannel', value: (r) => r.channel },
    { label: f('outboxMessages', 'recipient'), value: (r) => r.recipient },
    { label: 'export.account', value: (r, l) => l.account(r.accountId) },
    { label: f('outboxMessages', 'template'), vocabulary: 'MessageTemplate', value: (r) => r.template },
    { label: f('outboxMessages', 'subject'), value: (r) => r.subject },
    { label: f('outboxMessages', 'attempts'), kind: 'number', value: (r) => r.attempts },
    { label: f('outboxMessages', 'providerStatus'), vocabulary: 'ProviderStatus', value: (r) => r.providerStatus },
    { label: f('outboxMessages', 'lastError'), value: (r) => r.explanation ?? r.lastError },
    { label: 'export.sentAt', kind: 'datetime', value: (r) => r.sentAt },
  ],
};

export const auditEventsExport: ExportSpec = {
  resource: 'auditEvents',
  file: 'audit',
  xlsx: true,
  needs: (r) => ({ accountIds: [r.accountId] }),
  columns: [
    { label: f('auditEvents', 'at'), kind: 'datetime', value: (r) => r.at },
    { label: f('auditEvents', 'action'), vocabulary: 'AuditAction', value: (r) => r.action },
    { label: f('auditEvents', 'actorType'), vocabulary: 'AuditActorType', value: (r) => r.actorType },
    { label: f('auditEvents', 'actorId'), value: (r) => r.actorName ?? r.actorId },
    { label: f('auditEvents', 'accountId'), value: (r, l) => l.account(r.accountId) ?? r.accountId },
    { label: f('auditEvents', 'ip'), value: (r) => r.ip },
    { label: f('auditEvents', 'details'), kind: 'details', value: (r) => withStaffNames(r.details, r.staffNames) },
  ],
};

/**
 * UU PDP requests: the queue as the officer reads it (masked account name,
 * the applicant's own words defused like any other text); the export link and
 * identity-check evidence stay in the console.
 */
export const dataSubjectRequestsExport: ExportSpec = {
  resource: 'dataSubjectRequests',
  file: 'permintaan-data',
  columns: [
    { label: f('dataSubjectRequests', 'number'), value: (r) => r.number },
    { label: f('dataSubjectRequests', 'status'), vocabulary: 'DataSubjectRequestStatus', value: (r) => r.status },
    { label: f('dataSubjectRequests', 'kind'), vocabulary: 'DataSubjectRequestKind', value: (r) => r.kind },
    { label: f('dataSubjectRequests', 'account'), value: (r) => r.account?.username },
    { label: f('dataSubjectRequests', 'via'), vocabulary: 'DataSubjectRequestVia', value: (r) => r.via },
    { label: f('dataSubjectRequests', 'details'), value: (r) => r.details },
    { label: f('dataSubjectRequests', 'createdAt'), kind: 'datetime', value: (r) => r.createdAt },
    { label: f('dataSubjectRequests', 'dueAt'), kind: 'datetime', value: (r) => r.dueAt },
    { label: f('dataSubjectRequests', 'overdue'), kind: 'boolean', value: (r) => r.overdue },
    { label: f('dataSubjectRequests', 'assignee'), value: (r) => r.assignee?.username },
    { label: 'export.decidedAt', kind: 'datetime', value: (r) => r.decidedAt },
    { label: f('dataSubjectRequests', 'reason'), value: (r) => r.reason },
  ],
};

export const staffUsersExport: ExportSpec = {
  resource: 'staffUsers',
  file: 'staf',
  loaded: true,
  columns: [
    { label: f('staffUsers', 'username'), value: (r) => r.username },
    { label: f('staffUsers', 'role'), vocabulary: 'StaffRole', value: (r) => r.role },
    { label: f('staffUsers', 'unit'), value: (r) => r.unit?.name },
    { label: f('staffUsers', 'active'), kind: 'boolean', value: (r) => r.active },
    { label: f('staffUsers', 'totpEnabled'), kind: 'boolean', value: (r) => r.totpEnabled },
    { label: f('staffUsers', 'lastLoginAt'), kind: 'datetime', value: (r) => r.lastLoginAt },
    { label: 'export.demo', kind: 'boolean', value: (r) => r.demo },
    { label: 'export.passwordPending', kind: 'boolean', value: (r) => r.passwordChangeRequired },
  ],
};

export const responseTemplatesExport: ExportSpec = {
  resource: 'responseTemplates',
  file: 'balasan-siap-pakai',
  loaded: true,
  columns: [
    { label: f('responseTemplates', 'title'), value: (r) => r.title },
    { label: f('responseTemplates', 'body'), value: (r) => r.body },
    { label: f('responseTemplates', 'active'), kind: 'boolean', value: (r) => r.active },
  ],
};

export const serviceUnitsExport: ExportSpec = {
  resource: 'serviceUnits',
  file: 'unit-layanan',
  loaded: true,
  columns: [
    { label: f('serviceUnits', 'name'), value: (r) => r.name },
    { label: f('serviceUnits', 'code'), value: (r) => r.regionCode },
    { label: f('serviceUnits', 'regionName'), value: (r) => r.regionName },
    { label: f('serviceUnits', 'national'), kind: 'boolean', value: (r) => r.national },
  ],
};

/** Outreach events with their counts; the date and times are the event's own local ones (its time zone beside them). */
export const outreachEventsExport: ExportSpec = {
  resource: 'outreachEvents',
  file: 'jemput-bola',
  loaded: true,
  columns: [
    { label: f('outreachEvents', 'date'), value: (r) => r.date },
    { label: f('outreachEvents', 'startTime'), value: (r) => r.startTime },
    { label: f('outreachEvents', 'endTime'), value: (r) => r.endTime },
    { label: f('outreachEvents', 'timeZone'), value: (r) => r.timeZone },
    { label: f('outreachEvents', 'villageName'), value: (r) => r.villageName ?? r.villageCode },
    { label: f('outreachEvents', 'unitName'), value: (r) => r.unitName },
    { label: f('outreachEvents', 'officerNames'), value: (r) => (r.officerNames ?? []).join(', ') },
    { label: f('outreachEvents', 'targetCount'), kind: 'number', value: (r) => r.targetCount },
    { label: f('outreachEvents', 'started'), kind: 'number', value: (r) => r.report?.started ?? 0 },
    { label: f('outreachEvents', 'completed'), kind: 'number', value: (r) => r.report?.completed ?? 0 },
    { label: f('outreachEvents', 'abandoned'), kind: 'number', value: (r) => r.report?.abandoned ?? 0 },
    { label: f('outreachEvents', 'inProgress'), kind: 'number', value: (r) => r.report?.inProgress ?? 0 },
  ],
};

export const EXPORTS: Record<string, ExportSpec> = Object.fromEntries(
  [
    accountsExport,
    registrationsExport,
    complaintsExport,
    emailChangeRequestsExport,
    outboxMessagesExport,
    auditEventsExport,
    dataSubjectRequestsExport,
    staffUsersExport,
    responseTemplatesExport,
    serviceUnitsExport,
    outreachEventsExport,
  ].map((s) => [s.resource, s]),
);
