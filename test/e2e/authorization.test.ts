import { isObjectType, type GraphQLSchema } from 'graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { createSchema } from '../../server/src/graphql/schema';
import { maskContact, maskEmail, maskNik, maskPhone, maskText } from '../../server/src/domain/mask';
import { applicantKind } from '../../server/src/modules/account/applicant-kind';
import { errorCode, gql, gqlOk, wsClient } from '../support/graphql';
import { seedAccount, staffSession } from '../support/flows';
import { makeDirector, makeEmail, makeNik, makePassport, makePhone, toE164 } from '../support/factories';
import { documentFor } from '../support/schema-args';
import { useStack } from '../support/stack';

/**
 * Who may call each root field. Every Query, Mutation and Subscription field
 * of the schema must have a row: a new field without one fails this test.
 */
type Principal =
  | 'ANONYMOUS'
  | 'APPLICANT'
  | 'OUTREACH'
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
  'OUTREACH',
  'HELPDESK',
  'SUPERVISOR',
  'ADMIN',
  'KEY:accounts:read',
  'KEY:pii:read',
  'KEY:licensing:write',
  'KEY:metrics:read',
];
const PUBLIC: Principal[] = PRINCIPALS;
const SIGNED_IN: Principal[] = ['APPLICANT', 'OUTREACH', 'HELPDESK', 'SUPERVISOR', 'ADMIN'];
/** The officers at an outreach desk: no other staff role works there (and OUTREACH works nowhere else). */
const OUTREACH_DESK: Principal[] = ['OUTREACH'];
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
  'Query.replacement': PUBLIC,
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
  'Query.skmReport': SUPERVISOR_UP,
  'Mutation.recordPaperSurvey': HELPDESK_UP,
  'Query.skmReportFile': SUPERVISOR_UP,
  'Query.skmTrend': SUPERVISOR_UP,
  'Query.complaintClock': SUPERVISOR_UP,
  'Query.serviceUnits': HELPDESK_UP,
  'Query.responseTemplates': HELPDESK_UP,
  'Mutation.startRegistration': PUBLIC,
  'Mutation.resendRegistrationCode': PUBLIC,
  'Mutation.changeRegistrationDestination': PUBLIC,
  'Mutation.verifyRegistration': PUBLIC,
  'Mutation.verifyRegistrationLink': PUBLIC,
  'Mutation.setRegistrationPassword': PUBLIC,
  'Mutation.completeRegistration': PUBLIC,
  'Mutation.confirmReplacementData': PUBLIC,
  'Mutation.resendReplacementCode': PUBLIC,
  'Mutation.verifyReplacement': PUBLIC,
  'Mutation.completeReplacement': PUBLIC,
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
  'Mutation.cancelEmailChange': HELPDESK_UP,
  'Mutation.suspendAccount': SUPERVISOR_UP,
  'Mutation.reactivateAccount': SUPERVISOR_UP,
  'Mutation.createStaff': ADMIN,
  'Mutation.disableStaff': ADMIN,
  'Mutation.resetStaffTotp': ADMIN,
  'Mutation.resetStaffPassword': ADMIN,
  'Mutation.changeStaffPassword': [...OUTREACH_DESK, ...HELPDESK_UP],
  'Mutation.createServiceUnit': ADMIN,
  'Mutation.setStaffUnit': ADMIN,
  'Mutation.recordLicensingActivity': ['KEY:licensing:write'],
  'Mutation.extendAccountExpiry': SUPERVISOR_UP,
  'Mutation.createComplaint': HELPDESK_UP,
  'Mutation.assignComplaint': HELPDESK_UP,
  'Mutation.addComplaintNote': HELPDESK_UP,
  'Mutation.resolveComplaint': HELPDESK_UP,
  'Mutation.reopenComplaint': HELPDESK_UP,
  'Mutation.closeComplaint': HELPDESK_UP,
  'Mutation.replyToComplaint': HELPDESK_UP,
  'Mutation.assignComplaintRoundRobin': HELPDESK_UP,
  'Mutation.followComplaint': HELPDESK_UP,
  'Mutation.unfollowComplaint': HELPDESK_UP,
  'Mutation.mergeComplaints': HELPDESK_UP,
  'Mutation.sendComplaintTemplate': HELPDESK_UP,
  'Mutation.createResponseTemplate': SUPERVISOR_UP,
  'Mutation.updateResponseTemplate': SUPERVISOR_UP,
  'Mutation.redeliverMessage': HELPDESK_UP,
  'Mutation.submitSatisfactionSurvey': PUBLIC,
  'Query.dataSubjectRequests': SUPERVISOR_UP,
  'Query.dataSubjectRequest': ['APPLICANT', ...SUPERVISOR_UP],
  'Query.myDataSubjectRequests': ['APPLICANT'],
  'Mutation.fileDataSubjectRequest': ['APPLICANT'],
  'Mutation.acceptTerms': ['APPLICANT'],
  'Mutation.fileDataSubjectRequestForAccount': HELPDESK_UP,
  'Mutation.assignDataSubjectRequestToMe': SUPERVISOR_UP,
  'Mutation.decideDataSubjectRequest': SUPERVISOR_UP,
  'Mutation.fulfilDataSubjectRequest': SUPERVISOR_UP,
  'Mutation.liftProcessingRestriction': SUPERVISOR_UP,
  'Query.breachIncidents': SUPERVISOR_UP,
  'Query.breachIncident': SUPERVISOR_UP,
  'Mutation.recordBreachIncident': SUPERVISOR_UP,
  'Mutation.selectBreachAffectedAccounts': SUPERVISOR_UP,
  'Mutation.notifyBreachAffected': SUPERVISOR_UP,
  'Mutation.markBreachReported': SUPERVISOR_UP,
  'Query.outreachEvents': SUPERVISOR_UP,
  'Query.outreachEvent': SUPERVISOR_UP,
  'Query.outreachReport': SUPERVISOR_UP,
  'Query.outreachOfficers': SUPERVISOR_UP,
  'Query.myOutreachEvents': OUTREACH_DESK,
  'Mutation.createOutreachEvent': SUPERVISOR_UP,
  'Mutation.updateOutreachEvent': SUPERVISOR_UP,
  'Mutation.startOutreachRegistration': OUTREACH_DESK,
  'Mutation.resendOutreachRegistrationCode': OUTREACH_DESK,
  'Mutation.verifyOutreachRegistration': OUTREACH_DESK,
  'Mutation.setOutreachRegistrationPassword': OUTREACH_DESK,
  'Mutation.completeOutreachRegistration': OUTREACH_DESK,
  'Subscription.accountStatusChanged': HELPDESK_UP,
  'Subscription.registrationMetricsUpdated': SUPERVISOR_UP,
  'Subscription.complaintUpdated': HELPDESK_UP,
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

  /**
   * A fresh session per call: logout must not end the session the next field
   * uses. One staff user per role (every staff operation here names a dummy
   * id, so none changes them); creating one per call hashed a password each time.
   */
  const staffIds: Record<string, string> = {};
  async function tokenFor(p: Principal): Promise<string | undefined> {
    const { app } = stack;
    const em = app.orm.em.fork();
    if (p === 'ANONYMOUS') return undefined;
    if (p.startsWith('KEY:')) return keys[p.slice(4)];
    if (p === 'APPLICANT') return (await app.services.sessions.create(em, 'ACCOUNT', accountId, null)).token;
    staffIds[p] ??= (
      await app.services.staff.create(em, {
        username: `m.${Math.random().toString(36).slice(2, 9)}`,
        role: p as 'OUTREACH' | 'HELPDESK' | 'SUPERVISOR' | 'ADMIN',
      })
    ).staff.id;
    return (await app.services.sessions.create(em, 'STAFF', staffIds[p], null)).token;
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

/**
 * The PII column of the matrix: for every field that carries personal data,
 * what each principal sees — clear, masked, hidden (null) or nothing at all
 * (refused) — and which reads write a PII_VIEW audit row (one per account
 * per operation). The policy is docs/security.md, "Personal data".
 */
type PiiPrincipal =
  | 'ANONYMOUS'
  | 'OWNER'
  | 'OTHER_APPLICANT'
  | 'HELPDESK'
  | 'SUPERVISOR'
  | 'ADMIN'
  | 'KEY:accounts:read'
  | 'KEY:accounts:read+pii:read';
const PII_PRINCIPALS: PiiPrincipal[] = [
  'ANONYMOUS',
  'OWNER',
  'OTHER_APPLICANT',
  'HELPDESK',
  'SUPERVISOR',
  'ADMIN',
  'KEY:accounts:read',
  'KEY:accounts:read+pii:read',
];
const STAFF: PiiPrincipal[] = ['HELPDESK', 'SUPERVISOR', 'ADMIN'];
type Seen = 'clear' | 'masked' | 'refused';

/**
 * Every schema field whose name says personal data, and how the PII column
 * covers it: a new one fails the first test below until it is placed here
 * (and, when it carries personal data, checked by the matrix).
 */
const PII_SCHEMA_FIELDS: Record<string, string> = {
  'Account.nik': 'account(id), accounts, me',
  'Account.email': 'account(id), accounts, me',
  'Account.phone': 'account(id), accounts, me',
  'Account.birthDate': 'account(id), accounts, me',
  'Account.gender': 'account(id), accounts, me',
  'Account.passportNumber': 'account(id), accounts',
  'Account.passport': 'account(id)',
  'Account.passportCountry': 'not personal: a country',
  'Account.emailVerifiedAt': 'not personal: a timestamp',
  'Account.phoneVerifiedAt': 'not personal: a timestamp',
  'Account.emailChangeRequests': 'EmailChangeRequest.newEmail',
  'CompanyProfile.phone': 'account(id)',
  'DirectorProfile.nik': 'account(id), accounts',
  'DirectorProfile.birthDate': 'account(id), accounts',
  'DirectorProfile.gender': 'account(id), accounts',
  'DirectorProfile.address': 'account(id)',
  'PassportProfile.birthDate': 'account(id): the passport is null unless read in clear',
  'PassportProfile.gender': 'account(id): the passport is null unless read in clear',
  'PassportProfile.placeOfBirth': 'account(id): the passport is null unless read in clear',
  'EmailChangeRequest.newEmail': 'emailChangeRequests',
  'Complaint.reporterContact': 'complaints, complaint(id, reveal)',
  'SkmProfile.gender': 'not personal: respondents counted per answer (skmReport)',
  'DataSubjectRequest.details':
    'dataSubjectRequests: NIK, email and phone in the text masked for staff (data-rights.test)',
  'OutboxMessage.recipient': 'outboxMessages',
  'AuditEvent.details': 'auditEvents, Account.auditTrail',
  'LostAccountResult.maskedEmail': 'masked by construction',
  'LostAccountResult.maskedPhone': 'masked by construction',
  'Registration.maskedDestination': 'masked by construction',
  'Replacement.maskedDestination': 'masked by construction',
  'RegistrationHistory.maskedDestination': 'masked by construction',
  'StaffRegistration.maskedDestination': 'masked by construction',
  'OutreachRegistration.maskedDestination': 'masked by construction',
};

describe('authorization matrix, PII column: every personal-data field as every principal', () => {
  it('knows every schema field whose name says personal data', async () => {
    const schema = await createSchema(createPubSub());
    const found = Object.values(schema.getTypeMap())
      .filter((t) => isObjectType(t) && !t.name.startsWith('__'))
      .flatMap((t) =>
        Object.values((t as any).getFields() as Record<string, { name: string }>).map((f) => `${t.name}.${f.name}`),
      )
      .filter((k) => !/^(Query|Mutation|Subscription)\./.test(k))
      .filter((k) =>
        /nik|email|phone|birth|gender|address|passport|contact|recipient|details|destination/i.test(k.split('.')[1]),
      );
    expect(found.sort()).toEqual(Object.keys(PII_SCHEMA_FIELDS).sort());
  });

  const stack = useStack({ env: { API_KEY_REQUESTS_PER_MINUTE: '100000' } });
  const tokens: Partial<Record<PiiPrincipal, string>> = {};
  const birthDate = '1990-05-17';
  const nik = makeNik({ birthDate, gender: 'FEMALE' });
  const email = makeEmail('pemilik');
  const phone = toE164(makePhone());
  const director = makeDirector();
  const passport = makePassport();
  const reporterContact = makeEmail('pelapor');
  const newEmail = makeEmail('baru');
  let individual: { id: string; username: string };
  let entity: { id: string };
  let foreigner: { id: string; username: string };
  let complaintId: string;

  beforeAll(async () => {
    const { app } = stack;
    const warning = `Tanggal lahir profil (${birthDate}) berbeda dengan NIK (1990-05-18).`;
    individual = await seedAccount(app, {
      nik,
      email,
      phone,
      phoneVerifiedAt: new Date(),
      birthDate,
      gender: 'FEMALE',
      warnings: [warning, 'Jenis kelamin profil (MALE) berbeda dengan NIK (FEMALE).'],
    });
    entity = await seedAccount(app, {
      kind: applicantKind({ scale: 'UMK', actorType: 'BUSINESS_ENTITY', entityType: 'PT' }),
      nik: null,
      npwp: `0${Date.now()}`.slice(0, 15),
      companyName: 'FURNITUR JAYA',
      fullName: 'BUDI SANTOSO',
      email: makeEmail('pt'),
      profile: {
        company: {
          name: 'FURNITUR JAYA',
          npwp: '012345678901234',
          legalizationNumber: 'AHU-1',
          cooperativeNumber: null,
          establishmentLetterNumber: null,
          phone: '+62213456789',
        },
        director: { ...director, fullName: 'BUDI SANTOSO', gender: 'MALE' },
      },
    });
    foreigner = await seedAccount(app, {
      kind: applicantKind({ scale: 'NON_UMK', nonUmkKind: 'BESAR', actorType: 'INDIVIDUAL' }),
      nik: null,
      passportNumber: passport.number,
      passportCountry: 'SG',
      nationality: 'SG',
      email: makeEmail('wna'),
      birthDate: passport.birthDate,
      gender: 'FEMALE',
      profile: { passport: { ...passport, gender: 'FEMALE', nationality: 'SG' } },
    });
    const other = await seedAccount(app);
    const em = app.orm.em.fork();
    tokens.OWNER = (await app.services.sessions.create(em, 'ACCOUNT', individual.id, null)).token;
    tokens.OTHER_APPLICANT = (await app.services.sessions.create(em, 'ACCOUNT', other.id, null)).token;
    for (const role of STAFF) tokens[role] = (await staffSession(app, role as 'HELPDESK')).token;
    tokens['KEY:accounts:read'] = (await app.services.apiKeys.create(em, 'pii-masked', ['accounts:read'])).key;
    tokens['KEY:accounts:read+pii:read'] = (
      await app.services.apiKeys.create(em, 'pii-clear', ['accounts:read', 'pii:read'])
    ).key;

    const created = await gqlOk(
      app.url,
      `mutation($c: String!, $a: ID!) { createComplaint(input: { channel: PHONE, category: LOST_ACCOUNT,
         description: "Tidak bisa masuk sama sekali", reporterName: "Rina", reporterContact: $c, accountId: $a }) { id } }`,
      { c: reporterContact, a: individual.id },
      tokens.HELPDESK,
    );
    complaintId = created.createComplaint.id;
    await gqlOk(
      app.url,
      'mutation($n: String!, $e: String!) { requestEmailChange(nik: $n, newEmail: $e, reason: "Email lama mati") { id } }',
      { n: nik, e: newEmail },
    );
    await gqlOk(app.url, 'mutation($n: String!) { lookupLostAccount(nik: $n, hasNib: false) { found } }', { n: nik });
  });

  const piiViews = async () =>
    (await stack.sql(`select count(*)::int as n from audit_event where action = 'PII_VIEW'`))[0].n as number;

  /** Runs one read as a principal: its data (or refusal) and the PII_VIEW rows it wrote. */
  async function read(p: PiiPrincipal, query: string, variables: Record<string, unknown> = {}) {
    const before = await piiViews();
    const r = await gql(stack.app.url, query, variables, tokens[p]);
    const code = errorCode(r);
    if (code && code !== 'UNAUTHENTICATED' && code !== 'FORBIDDEN')
      throw new Error(`${p}: ${JSON.stringify(r.errors)}`);
    return { data: code ? undefined : r.data, refused: !!code, views: (await piiViews()) - before };
  }

  const ACCOUNT = `query($id: ID!, $reveal: Boolean) { account(id: $id, reveal: $reveal) {
    nik email phone birthDate gender warnings passportNumber passport { number birthDate }
    company { phone } director { nik birthDate gender address } } }`;

  /** What a principal gets from account(id) with the console's default (reveal) and the policy's answer. */
  const accountPolicy = (p: PiiPrincipal): Seen =>
    STAFF.includes(p) || p === 'KEY:accounts:read+pii:read'
      ? 'clear'
      : p === 'KEY:accounts:read'
        ? 'masked'
        : 'refused';

  it.each(PII_PRINCIPALS)(
    'account(id) as %s: clear with one PII_VIEW row, masked with no birth date beside the NIK, or refused',
    async (p) => {
      const expected = accountPolicy(p);
      const ind = await read(p, ACCOUNT, { id: individual.id });
      const ent = await read(p, ACCOUNT, { id: entity.id });
      const frn = await read(p, ACCOUNT, { id: foreigner.id });
      if (expected === 'refused') {
        expect([ind.refused, ent.refused, frn.refused]).toEqual([true, true, true]);
        expect(ind.views + ent.views + frn.views).toBe(0);
        return;
      }
      const a = ind.data.account;
      const d = ent.data.account;
      const f = frn.data.account;
      if (expected === 'clear') {
        expect(a).toMatchObject({ nik, email, phone, birthDate, gender: 'FEMALE' });
        expect(a.warnings[0]).toContain(birthDate);
        expect(d.director).toEqual({
          nik: director.nik,
          birthDate: director.birthDate,
          gender: 'MALE',
          address: director.address,
        });
        expect(d.company.phone).toBe('+62213456789');
        expect(f).toMatchObject({ passportNumber: passport.number, passport: { number: passport.number } });
        expect([ind.views, ent.views, frn.views]).toEqual([1, 1, 1]);
      } else {
        // The six hidden digits of a masked NIK are the birth date: neither it nor the gender is beside it.
        expect(a).toMatchObject({
          nik: maskNik(nik),
          email: maskEmail(email),
          phone: maskPhone(phone),
          birthDate: null,
          gender: null,
        });
        expect(a.warnings.join(' ')).not.toContain(birthDate);
        // Nor the NIK's gender (whether 40 was added to the hidden day) through the warning that names it.
        expect(a.warnings).toContain('Jenis kelamin profil berbeda dengan NIK.');
        expect(a.warnings.join(' ')).not.toMatch(/MALE/);
        expect(d.director).toEqual({ nik: maskNik(director.nik), birthDate: null, gender: null, address: 'Jl. ****' });
        expect(d.company.phone).toBe(maskPhone('+62213456789'));
        expect(f).toMatchObject({ passportNumber: maskText(passport.number), passport: null, birthDate: null });
        expect([ind.views, ent.views, frn.views]).toEqual([0, 0, 0]);
      }
    },
  );

  it.each(['HELPDESK', 'KEY:accounts:read+pii:read'] as PiiPrincipal[])(
    'one operation reading the same record twice in clear as %s writes one PII_VIEW row per record',
    async (p) => {
      const staff = p === 'HELPDESK';
      const complaints =
        'c: complaint(id: $c, reveal: true) { reporterContact } d: complaint(id: $c, reveal: true) { id }';
      const r = await read(
        p,
        `query($id: ID!${staff ? ', $c: ID!' : ''}) { a: account(id: $id) { nik } b: account(id: $id) { email }
           ${staff ? complaints : ''} }`,
        staff ? { id: individual.id, c: complaintId } : { id: individual.id },
      );
      expect(r.data).toMatchObject({ a: { nik }, b: { email } });
      // One row for the account, and one for the complaint when it was read too.
      expect(r.views).toBe(staff ? 2 : 1);
    },
  );

  it.each(STAFF)('account(id, reveal: false) as %s: masked, no birth date, no PII_VIEW row', async (p) => {
    const r = await read(p, ACCOUNT, { id: individual.id, reveal: false });
    expect(r.data.account).toMatchObject({ nik: maskNik(nik), email: maskEmail(email), birthDate: null, gender: null });
    expect(r.views).toBe(0);
  });

  it.each(PII_PRINCIPALS)(
    'accounts(q) as %s: lists mask everything but the value typed, with no birth date, no PII_VIEW row',
    async (p) => {
      const LIST = `query($q: String) { accounts(filter: { q: $q }) { edges { node {
        id nik email phone birthDate gender passportNumber director { nik birthDate gender } } } } }`;
      const byUsername = await read(p, LIST, { q: foreigner.username });
      const byNik = await read(p, LIST, { q: nik });
      const byName = await read(p, LIST, { q: individual.username });
      if (!STAFF.includes(p) && !p.startsWith('KEY:')) {
        expect([byUsername.refused, byNik.refused, byName.refused]).toEqual([true, true, true]);
        return;
      }
      // A username that matched: the passport number was not typed, so it stays masked.
      expect(byUsername.data.accounts.edges.map((e: any) => e.node)).toEqual([
        expect.objectContaining({ id: foreigner.id, passportNumber: maskText(passport.number), birthDate: null }),
      ]);
      expect(byName.data.accounts.edges.map((e: any) => e.node)).toEqual([
        expect.objectContaining({ nik: maskNik(nik), email: maskEmail(email), birthDate: null, gender: null }),
      ]);
      // The NIK typed exactly is shown back; the rest, the profile's birth date included, stays masked.
      expect(byNik.data.accounts.edges.map((e: any) => e.node)).toEqual([
        expect.objectContaining({ nik, email: maskEmail(email), phone: maskPhone(phone), birthDate: null }),
      ]);
      expect(byUsername.views + byNik.views + byName.views).toBe(0);
    },
  );

  it.each(PII_PRINCIPALS)('me as %s: only the owner sees the account, in clear, with no audit row', async (p) => {
    const r = await read(p, '{ me { id nik email phone birthDate gender } }');
    if (p === 'OWNER') {
      expect(r.data.me).toEqual({ id: individual.id, nik, email, phone, birthDate, gender: 'FEMALE' });
    } else {
      expect(r.data?.me?.id ?? null).not.toBe(individual.id);
    }
    expect(r.views).toBe(0);
  });

  it.each(PII_PRINCIPALS)('emailChangeRequests as %s: the new address is masked', async (p) => {
    const r = await read(p, '{ emailChangeRequests(first: 100) { edges { node { newEmail } } } }');
    if (!STAFF.includes(p)) return expect(r.refused).toBe(true);
    expect(r.data.emailChangeRequests.edges.map((e: any) => e.node.newEmail)).toEqual([maskEmail(newEmail)]);
    expect(r.views).toBe(0);
  });

  it.each(PII_PRINCIPALS)(
    "complaints as %s: the reporter's contact is masked in lists, clear on reveal with one PII_VIEW row",
    async (p) => {
      const list = await read(p, '{ complaints(first: 100) { edges { node { reporterContact } } } }');
      const one = await read(p, 'query($id: ID!) { complaint(id: $id) { reporterContact } }', { id: complaintId });
      const revealed = await read(p, 'query($id: ID!) { complaint(id: $id, reveal: true) { reporterContact } }', {
        id: complaintId,
      });
      if (!STAFF.includes(p)) return expect([list.refused, one.refused, revealed.refused]).toEqual([true, true, true]);
      expect(list.data.complaints.edges.map((e: any) => e.node.reporterContact)).toEqual([
        maskContact(reporterContact),
      ]);
      expect(one.data.complaint.reporterContact).toBe(maskContact(reporterContact));
      expect(revealed.data.complaint.reporterContact).toBe(reporterContact);
      expect([list.views, one.views, revealed.views]).toEqual([0, 0, 1]);
    },
  );

  it.each(PII_PRINCIPALS)('outboxMessages as %s: recipients are masked unless typed in the filter', async (p) => {
    const all = await read(p, '{ outboxMessages(first: 100) { edges { node { recipient } } } }');
    const typed = await read(
      p,
      'query($r: String) { outboxMessages(filter: { recipient: $r }) { edges { node { recipient } } } }',
      {
        r: email,
      },
    );
    if (!STAFF.includes(p)) return expect([all.refused, typed.refused]).toEqual([true, true]);
    const recipients = all.data.outboxMessages.edges.map((e: any) => e.node.recipient);
    expect(recipients).toContain(maskEmail(email));
    expect(recipients).not.toContain(email);
    expect(typed.data.outboxMessages.edges.map((e: any) => e.node.recipient)).toEqual([email]);
    expect(all.views + typed.views).toBe(0);
  });

  it.each(PII_PRINCIPALS)('audit details as %s: masked, without a hash of the NIK', async (p) => {
    const log = await read(p, '{ auditEvents(first: 100) { edges { node { action details } } } }');
    const trail = await read(p, 'query($id: ID!) { account(id: $id, reveal: false) { auditTrail { details } } }', {
      id: individual.id,
    });
    const seen = JSON.stringify([log.data ?? null, trail.data ?? null]);
    expect(seen).not.toContain(nik);
    expect(seen).not.toContain(email);
    expect(seen).not.toMatch(/[0-9a-f]{64}/);
    expect(seen).not.toMatch(/Hash/);
    if (['SUPERVISOR', 'ADMIN'].includes(p)) {
      const lookup = log.data.auditEvents.edges.find((e: any) => e.node.action === 'LOST_ACCOUNT_LOOKUP');
      expect(lookup.node.details).toMatchObject({ nik: maskNik(nik) });
    } else expect(log.refused).toBe(true);
    if (!STAFF.includes(p)) expect(trail.data?.account?.auditTrail ?? null).toBeNull();
  });

  it('stores no plain hash of the NIK in audit rows (what readers see is masked again on the way out)', async () => {
    const { createHash } = await import('node:crypto');
    const rows = await stack.sql(`select details::text as d from audit_event where action = 'LOST_ACCOUNT_LOOKUP'`);
    expect(rows.length).toBeGreaterThan(0);
    const stored = rows.map((r: any) => r.d).join('\n');
    expect(stored).toContain(maskNik(nik));
    expect(stored).not.toContain(nik);
    expect(stored).not.toContain(createHash('sha256').update(nik).digest('hex'));
    expect(stored).not.toMatch(/hash"/i);
  });
});

/**
 * The service-unit column of the matrix (docs/domain.md, "Service units"): a
 * regional HELPDESK and SUPERVISOR against another unit's complaint, for
 * every operation that names a complaint, and every metric or SKM operation
 * given another unit's id. A complaint of another unit does not exist for
 * them (NOT_FOUND, and nothing changes); naming another unit where a unit is
 * an argument is FORBIDDEN; the figures without a unit argument hold their
 * own unit only. Each row is checked against a complaint of their own unit
 * too, so the refusal is the unit's and not the call's.
 */
describe('authorization matrix, service-unit column: a regional officer and another unit', () => {
  const stack = useStack();
  const NATIONAL_UNIT = '00000000-0000-4000-8000-000000000001';
  let national: { id: string; token: string };
  const unit: Record<'own' | 'other', string> = { own: '', other: '' };
  const officers: Partial<Record<'HELPDESK' | 'SUPERVISOR', { id: string; token: string }>> = {};
  const ROLES = ['HELPDESK', 'SUPERVISOR'] as const;

  beforeAll(async () => {
    const { app } = stack;
    const admin = await staffSession(app, 'ADMIN');
    const CREATE_UNIT = `mutation($n: String!, $r: String!) { createServiceUnit(name: $n, regionCode: $r) { id } }`;
    unit.own = (
      await gqlOk(app.url, CREATE_UNIT, { n: 'DPMPTSP Kabupaten Mojokerto', r: '3516' }, admin.token)
    ).createServiceUnit.id;
    unit.other = (
      await gqlOk(app.url, CREATE_UNIT, { n: 'DPMPTSP Kabupaten Kampar', r: '1406' }, admin.token)
    ).createServiceUnit.id;
    national = await staffSession(app);
    for (const role of ROLES) {
      const s = await staffSession(app, role);
      await gqlOk(
        app.url,
        'mutation($s: ID!, $u: ID!) { setStaffUnit(staffId: $s, unitId: $u) { id } }',
        { s: s.id, u: unit.own },
        admin.token,
      );
      officers[role] = s;
    }
  });

  /** A complaint of a unit, logged by the national helpdesk, with a contact so a reply could go out. */
  const complaintOf = async (unitId: string) =>
    (
      await gqlOk(
        stack.app.url,
        `mutation($i: ComplaintInput!) { createComplaint(input: $i) { id } }`,
        {
          i: {
            channel: 'EMAIL',
            category: 'OTHER',
            description: 'Kode verifikasi tidak masuk',
            reporterName: 'Sari',
            reporterContact: makeEmail('unit'),
            unitId,
          },
        },
        national.token,
      )
    ).createComplaint.id as string;

  /** A resolved complaint (reopen, close and the survey template need one). */
  const resolvedOf = async (unitId: string) => {
    const id = await complaintOf(unitId);
    await gqlOk(
      stack.app.url,
      'mutation($id: ID!) { resolveComplaint(id: $id, resolution: "Kode dikirim ulang") { id } }',
      { id },
      national.token,
    );
    return id;
  };

  /** What can be seen changing on a complaint: status, unit, assignee, events, followers and messages. */
  const stateOf = async (id: string) =>
    (
      await stack.sql(
        `select c.status, c.unit_id, c.assignee_id, c.merged_into_id,
                (select count(*)::int from complaint_event e where e.complaint_id = c.id) as events,
                (select count(*)::int from complaint_follower f where f.complaint_id = c.id) as followers,
                (select count(*)::int from complaint_message m where m.complaint_id = c.id) as messages
           from complaint c where c.id = ?`,
        [id],
      )
    )[0];

  interface Row {
    name: string;
    /** Creates the complaint the operation acts on, in the given unit. */
    target: (unitId: string) => Promise<string>;
    run: (id: string, token: string, me: string) => Promise<any>;
  }
  const op =
    (document: string, vars: (id: string, me: string) => Record<string, unknown> = (id) => ({ id })) =>
    (id: string, token: string, me: string) =>
      gql(stack.app.url, document, vars(id, me), token);
  const ROWS: Row[] = [
    { name: 'complaint (read)', target: complaintOf, run: op('query($id: ID!) { complaint(id: $id) { id } }') },
    {
      name: 'complaint (reveal)',
      target: complaintOf,
      run: op('query($id: ID!) { complaint(id: $id, reveal: true) { reporterContact } }'),
    },
    {
      name: 'addComplaintNote',
      target: complaintOf,
      run: op('mutation($id: ID!) { addComplaintNote(id: $id, note: "Sudah ditelepon") { id } }'),
    },
    {
      name: 'assignComplaint',
      target: complaintOf,
      run: op('mutation($id: ID!, $s: ID!) { assignComplaint(id: $id, staffId: $s) { id } }', (id, me) => ({
        id,
        s: me,
      })),
    },
    {
      name: 'assignComplaintRoundRobin',
      target: complaintOf,
      run: op('mutation($id: ID!) { assignComplaintRoundRobin(id: $id) { id } }'),
    },
    {
      name: 'resolveComplaint',
      target: complaintOf,
      run: op('mutation($id: ID!) { resolveComplaint(id: $id, resolution: "Kode dikirim ulang") { id } }'),
    },
    {
      name: 'reopenComplaint',
      target: resolvedOf,
      run: op('mutation($id: ID!) { reopenComplaint(id: $id, reason: "Kode masih tidak masuk") { id } }'),
    },
    { name: 'closeComplaint', target: resolvedOf, run: op('mutation($id: ID!) { closeComplaint(id: $id) { id } }') },
    {
      name: 'replyToComplaint',
      target: complaintOf,
      run: op('mutation($id: ID!) { replyToComplaint(id: $id, body: "Mohon coba lagi sekarang") { id } }'),
    },
    {
      name: 'sendComplaintTemplate',
      target: complaintOf,
      run: op('mutation($id: ID!) { sendComplaintTemplate(id: $id) { id } }'),
    },
    { name: 'followComplaint', target: complaintOf, run: op('mutation($id: ID!) { followComplaint(id: $id) { id } }') },
    {
      name: 'unfollowComplaint',
      target: complaintOf,
      run: op('mutation($id: ID!) { unfollowComplaint(id: $id) { id } }'),
    },
    {
      name: 'mergeComplaints (source of another unit)',
      target: complaintOf,
      run: async (id, token) => {
        const into = await complaintOf(unit.own);
        return gql(
          stack.app.url,
          'mutation($s: ID!, $t: ID!) { mergeComplaints(sourceId: $s, targetId: $t, reason: "Pelapor sama") { id } }',
          { s: id, t: into },
          token,
        );
      },
    },
    {
      name: 'mergeComplaints (target of another unit)',
      target: complaintOf,
      run: async (id, token) => {
        const from = await complaintOf(unit.own);
        return gql(
          stack.app.url,
          'mutation($s: ID!, $t: ID!) { mergeComplaints(sourceId: $s, targetId: $t, reason: "Pelapor sama") { id } }',
          { s: from, t: id },
          token,
        );
      },
    },
  ];

  for (const role of ROLES) {
    it.each(ROWS.map((r) => [r.name, r] as const))(
      `${role} of a regional unit: %s on another unit's complaint is NOT_FOUND and changes nothing`,
      async (_name, row) => {
        const me = officers[role]!;
        const other = await row.target(unit.other);
        const before = await stateOf(other);
        expect(errorCode(await row.run(other, me.token, me.id))).toBe('NOT_FOUND');
        expect(await stateOf(other)).toEqual(before);
        // The same call on a complaint of their own unit is not refused for its unit.
        const own = await row.target(unit.own);
        const code = errorCode(await row.run(own, me.token, me.id));
        expect(['NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED']).not.toContain(code);
      },
    );
  }

  const from = new Date(Date.now() - 30 * 86400_000).toISOString();
  const to = new Date(Date.now() + 86400_000).toISOString();
  /** Metric and SKM operations given a unit id: another unit's (or the national one) is FORBIDDEN, their own not. */
  const UNIT_ARGUMENT: [string, (unitId: string, token: string) => Promise<any>][] = [
    [
      'complaints(filter: { unitId })',
      (u, token) =>
        gql(stack.app.url, 'query($u: ID) { complaints(filter: { unitId: $u }) { totalCount } }', { u }, token),
    ],
    [
      'createComplaint(input: { unitId })',
      (u, token) =>
        gql(
          stack.app.url,
          `mutation($u: ID) { createComplaint(input: { channel: PHONE, category: OTHER, description: "Tidak bisa masuk",
             reporterName: "Sari", unitId: $u }) { id } }`,
          { u },
          token,
        ),
    ],
    [
      'recordPaperSurvey(input: { unitId })',
      (u, token) =>
        gql(
          stack.app.url,
          `mutation($u: ID, $at: DateTime!) { recordPaperSurvey(input: { unitId: $u, servedAt: $at,
             scores: [4, 4, 3, 4, 4, 4, 3, 4, 4] }) { id } }`,
          { u, at: new Date(Date.now() - 3600_000).toISOString() },
          token,
        ),
    ],
    [
      'skmReport(unitId)',
      (u, token) =>
        gql(
          stack.app.url,
          'query($u: ID, $f: DateTime!, $t: DateTime!) { skmReport(unitId: $u, from: $f, to: $t) { respondents } }',
          { u, f: from, t: to },
          token,
        ),
    ],
    [
      'skmReportFile(unitId)',
      (u, token) =>
        gql(
          stack.app.url,
          `query($u: ID, $f: DateTime!, $t: DateTime!) { skmReportFile(unitId: $u, from: $f, to: $t, format: XLSX) {
             filename } }`,
          { u, f: from, t: to },
          token,
        ),
    ],
  ];

  it.each(UNIT_ARGUMENT)(
    "SUPERVISOR of a regional unit: %s with another unit's id is FORBIDDEN, with their own it is not",
    async (_name, call) => {
      const me = officers.SUPERVISOR!;
      expect(errorCode(await call(unit.other, me.token))).toBe('FORBIDDEN');
      expect(errorCode(await call(NATIONAL_UNIT, me.token))).toBe('FORBIDDEN');
      expect(errorCode(await call(unit.own, me.token))).toBeUndefined();
    },
  );

  it.each(UNIT_ARGUMENT)(
    "HELPDESK of a regional unit: %s with another unit's id is FORBIDDEN (the SKM report is SUPERVISOR+ anyway)",
    async (name, call) => {
      const me = officers.HELPDESK!;
      expect(errorCode(await call(unit.other, me.token))).toBe('FORBIDDEN');
      const own = errorCode(await call(unit.own, me.token));
      expect(own).toBe(name.startsWith('skmReport') ? 'FORBIDDEN' : undefined);
    },
  );

  it("SUPERVISOR of a regional unit: the figures without a unit argument hold their own unit only, never another's", async () => {
    const me = officers.SUPERVISOR!;
    await complaintOf(unit.other);
    await complaintOf(unit.own);
    const { complaintClock } = await gqlOk(
      stack.app.url,
      'query($f: DateTime!, $t: DateTime!) { complaintClock(from: $f, to: $t) { unit { id } } }',
      { f: from, t: to },
      me.token,
    );
    expect(complaintClock.map((c: any) => c.unit.id)).toEqual([unit.own]);
    const { skmTrend } = await gqlOk(
      stack.app.url,
      'query($f: DateTime!, $t: DateTime!) { skmTrend(from: $f, to: $t, interval: MONTH) { unit { id } } }',
      { f: from, t: to },
      me.token,
    );
    expect(skmTrend.map((c: any) => c.unit.id)).toEqual([unit.own]);
    const [counts] = await stack.sql(
      `select count(*) filter (where unit_id = ?)::int as own, count(*)::int as all from complaint
        where created_at >= ? and created_at < ?`,
      [unit.own, from, to],
    );
    expect(counts.all).toBeGreaterThan(counts.own);
    const { registrationMetrics } = await gqlOk(
      stack.app.url,
      `query($f: DateTime!, $t: DateTime!) { registrationMetrics(from: $f, to: $t, interval: DAY) {
         complaints { opened } } }`,
      { f: from, t: to },
      me.token,
    );
    expect(registrationMetrics.complaints.opened).toBe(counts.own);
    // The national supervisor sees them all.
    const nationalSupervisor = await staffSession(stack.app, 'SUPERVISOR');
    const all = await gqlOk(
      stack.app.url,
      `query($f: DateTime!, $t: DateTime!) { registrationMetrics(from: $f, to: $t, interval: DAY) {
         complaints { opened } } }`,
      { f: from, t: to },
      nationalSupervisor.token,
    );
    expect(all.registrationMetrics.complaints.opened).toBe(counts.all);
  });
});
