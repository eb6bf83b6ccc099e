import { errorCode, gql, gqlOk, GqlResult, waitFor } from '../support/graphql';
import {
  makeCompany,
  makeDirector,
  makeEmail,
  makeNik,
  makePassport,
  makePhone,
  makeProfile,
  STRONG_PASSWORD,
} from '../support/factories';
import { codeFromMail } from '../support/receivers';
import { SmtpReceiver, TestApp, useStack } from '../support/stack';
import {
  ACCOUNT_FIELDS,
  COMPLETE,
  individualInput,
  LOGIN,
  registerByEmail,
  SET_PASSWORD,
  START,
  VERIFY,
} from '../support/flows';

const ENTITY_TYPES = [
  'PT',
  'PT_PERORANGAN',
  'CV',
  'FIRMA',
  'PERSEKUTUAN_PERDATA',
  'PERUM',
  'PERUMDA',
  'BADAN_HUKUM_LAINNYA',
  'KOPERASI',
  'PERKUMPULAN',
  'YAYASAN',
  'BADAN_LAYANAN_UMUM',
  'BENTUK_USAHA_TETAP',
  'BUMDES',
];
const NON_UMK_KINDS = ['MENENGAH', 'BESAR', 'KANTOR_PERWAKILAN', 'BADAN_USAHA_LUAR_NEGERI'];
const FULL_ACCOUNT = `${ACCOUNT_FIELDS} nonUmkKind entityType companyName npwp nationality passportNumber passportCountry
  company { name npwp legalizationNumber cooperativeNumber establishmentLetterNumber phone }
  director { nik fullName position gender birthDate villageCode }
  passport { number issuingCountry nationality birthDate gender }`;
const COMPLETE_FULL = `mutation($id: ID!, $profile: ProfileInput!, $accept: Boolean!) { completeRegistration(id: $id, profile: $profile, acceptTerms: $accept) { ${FULL_ACCOUNT} } }`;
const LINK = 'mutation($id: ID!, $t: String!) { verifyRegistrationLink(id: $id, token: $t) { step } }';

describe('every kind of applicant', () => {
  // Many flows here share one address on purpose (the per-destination send limit has its own test).
  const stack = useStack({
    env: { REGISTRATION_SENDS_PER_DESTINATION_PER_HOUR: '1000', REGISTRATION_SENDS_PER_DESTINATION_PER_DAY: '1000' },
  });
  let app: TestApp, smtp: SmtpReceiver;
  beforeAll(() => ({ app, smtp } = stack));
  const sql = stack.sql;

  /** start → code from the delivered email → password → profile; returns the completion result. */
  async function register(
    input: Record<string, unknown>,
    profile: Record<string, unknown>,
    mailNumber = 1,
  ): Promise<GqlResult> {
    const { startRegistration: reg } = await gqlOk(app.url, START, { input });
    await gqlOk(app.url, VERIFY, {
      id: reg.id,
      code: codeFromMail(await smtp.waitForMail(input.email as string, mailNumber)),
    });
    await gqlOk(app.url, SET_PASSWORD, { id: reg.id, p: STRONG_PASSWORD, c: STRONG_PASSWORD });
    return gql(app.url, COMPLETE_FULL, { id: reg.id, profile, accept: true });
  }

  async function loginAs(identifier: string) {
    return (await gqlOk(app.url, LOGIN, { identifier, password: STRONG_PASSWORD })).login;
  }

  it.each(ENTITY_TYPES)('registers a %s business entity through to login', async (entityType) => {
    const email = makeEmail('kantor');
    const scale = entityType === 'BENTUK_USAHA_TETAP' ? 'NON_UMK' : 'UMK';
    const company = makeCompany(entityType, { name: `Sinar ${entityType.toLowerCase().replace(/_/g, ' ')}` });
    const director = makeDirector();
    const r = await register(
      {
        scale,
        nonUmkKind: scale === 'NON_UMK' ? 'BESAR' : undefined,
        actorType: 'BUSINESS_ENTITY',
        entityType,
        channel: 'EMAIL',
        email,
      },
      { company, director },
    );
    expect(r.errors).toBeUndefined();
    const account = r.data.completeRegistration;
    expect(account).toMatchObject({
      status: 'ACTIVE',
      actorType: 'BUSINESS_ENTITY',
      entityType,
      scale,
      email,
      nik: null,
      companyName: company.name.toUpperCase(),
      npwp: company.npwp,
      fullName: 'BUDI SANTOSO',
      nationality: 'ID',
      provinceCode: '31',
      company: {
        name: company.name.toUpperCase(),
        npwp: company.npwp,
        phone: '+62213456789',
        legalizationNumber: (company as Record<string, string>).legalizationNumber ?? null,
        cooperativeNumber: (company as Record<string, string>).cooperativeNumber ?? null,
        establishmentLetterNumber: (company as Record<string, string>).establishmentLetterNumber ?? null,
      },
      director: {
        nik: director.nik,
        fullName: 'BUDI SANTOSO',
        position: 'Direktur Utama',
        gender: 'MALE',
        birthDate: '1980-02-11',
      },
      warnings: [],
    });
    expect(account.username).toMatch(/^sinar\d{4}[a-z]$/);
    const welcome = await smtp.waitForMail(email, 2);
    expect(welcome.text).toContain(account.username);
    expect((await loginAs(account.username)).account.id).toBe(account.id);
    expect((await loginAs(email)).account.id).toBe(account.id);
  });

  it.each(NON_UMK_KINDS)('registers a NON_UMK %s individual through to login', async (kind) => {
    const input = individualInput({ scale: 'NON_UMK', nonUmkKind: kind });
    const r = await register(input, makeProfile());
    expect(r.errors).toBeUndefined();
    expect(r.data.completeRegistration).toMatchObject({
      scale: 'NON_UMK',
      nonUmkKind: kind,
      nik: input.nik,
      status: 'ACTIVE',
    });
    expect((await loginAs(input.email as string)).account.id).toBe(r.data.completeRegistration.id);
  });

  it('registers a foreigner by passport (NON_UMK), birth date and gender from the passport', async () => {
    const passport = makePassport();
    const email = makeEmail('wna');
    const r = await register(
      { scale: 'NON_UMK', nonUmkKind: 'BESAR', actorType: 'INDIVIDUAL', passport, channel: 'EMAIL', email },
      { fullName: 'Tan Mei Ling', address: 'Jl. Sudirman No. 1', villageCode: '3171011001' },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.completeRegistration).toMatchObject({
      nik: null,
      nationality: 'SG',
      passportNumber: passport.number,
      passportCountry: 'SG',
      fullName: 'TAN MEI LING',
      passport: {
        number: passport.number,
        issuingCountry: 'SG',
        nationality: 'SG',
        birthDate: '1985-07-09',
        gender: 'FEMALE',
      },
      warnings: [],
    });
    expect((await loginAs(email)).account.id).toBe(r.data.completeRegistration.id);
  });

  it('refuses UMK for a passport applicant, an expired passport, and entity fields on the wrong form', async () => {
    const umk = await gql(app.url, START, {
      input: { scale: 'UMK', actorType: 'INDIVIDUAL', passport: makePassport(), channel: 'EMAIL', email: makeEmail() },
    });
    expect(errorCode(umk)).toBe('VALIDATION_FAILED');
    expect(umk.errors![0].extensions!.fields).toEqual({
      scale: 'Skala UMK hanya untuk Warga Negara Indonesia. Pemohon dengan paspor (WNA) memilih skala NON_UMK.',
    });
    const old = await gql(app.url, START, {
      input: {
        scale: 'NON_UMK',
        nonUmkKind: 'BESAR',
        actorType: 'INDIVIDUAL',
        passport: makePassport({ expiryDate: '2025-01-01' }),
        channel: 'EMAIL',
        email: makeEmail(),
      },
    });
    expect(old.errors![0].extensions!.fields).toEqual({ 'passport.expiryDate': 'Paspor sudah habis masa berlakunya.' });
    const wa = await gql(app.url, START, {
      input: { scale: 'UMK', actorType: 'BUSINESS_ENTITY', entityType: 'PT', channel: 'WHATSAPP', phone: makePhone() },
    });
    expect(wa.errors![0].extensions!.fields).toEqual({
      channel: 'Badan usaha diverifikasi melalui email perusahaan: pilih EMAIL.',
    });
    const r = await register(
      { scale: 'UMK', actorType: 'BUSINESS_ENTITY', entityType: 'YAYASAN', channel: 'EMAIL', email: makeEmail() },
      {
        company: makeCompany('YAYASAN', { name: 'Yayasan Peduli', legalizationNumber: 'AHU-1' }),
        director: makeDirector({ address: 'Jl. Mawar RT 01/RW 02' }),
      },
    );
    expect(r.errors![0].extensions!.fields).toEqual({
      'company.name': 'Tulis nama tanpa bentuk badan usaha di depannya: "PEDULI", bukan "YAYASAN PEDULI".',
      'company.legalizationNumber': 'Nomor SK pengesahan tidak digunakan untuk YAYASAN.',
      'director.address': 'Alamat tidak perlu mencantumkan RT/RW.',
    });
  });

  it('shows a director NIK/profile disagreement as a warning on the account', async () => {
    const director = makeDirector({ birthDate: '1980-02-12', gender: 'FEMALE', fullName: 'Sri Rahayu' });
    const email = makeEmail();
    const r = await register(
      { scale: 'UMK', actorType: 'BUSINESS_ENTITY', entityType: 'CV', channel: 'EMAIL', email },
      { company: makeCompany('CV'), director },
    );
    expect(r.errors).toBeUndefined();
    const { token } = await loginAs(email);
    const { me } = await gqlOk(app.url, '{ me { warnings } }', {}, token);
    expect(me.warnings).toEqual([
      'Direktur: Tanggal lahir profil (1980-02-12) berbeda dengan NIK (1980-02-11).',
      'Direktur: Jenis kelamin profil (FEMALE) berbeda dengan NIK (MALE).',
    ]);
  });

  it('keeps one live account per NIK and scale, per NPWP and entity type, per email and phone', async () => {
    const { input } = await registerByEmail(app, smtp);
    // The same NIK may hold a NON_UMK account beside its UMK one.
    const nonUmk = await register(
      individualInput({ nik: input.nik, scale: 'NON_UMK', nonUmkKind: 'MENENGAH' }),
      makeProfile(),
    );
    expect(nonUmk.errors).toBeUndefined();

    const company = makeCompany('PT');
    const first = await register(
      { scale: 'UMK', actorType: 'BUSINESS_ENTITY', entityType: 'PT', channel: 'EMAIL', email: makeEmail() },
      { company, director: makeDirector() },
    );
    expect(first.errors).toBeUndefined();
    const again = await register(
      { scale: 'UMK', actorType: 'BUSINESS_ENTITY', entityType: 'PT', channel: 'EMAIL', email: makeEmail() },
      { company, director: makeDirector() },
    );
    expect(errorCode(again)).toBe('VALIDATION_FAILED');
    expect(again.errors![0].extensions!.fields).toEqual({
      'company.npwp': expect.stringContaining('NPWP ini sudah terdaftar'),
    });
    // The same NPWP in its 16-digit form ("0" + the 15) is the same company.
    const sixteen = await register(
      { scale: 'UMK', actorType: 'BUSINESS_ENTITY', entityType: 'PT', channel: 'EMAIL', email: makeEmail() },
      { company: { ...company, npwp: `0${company.npwp.replace(/\D/g, '')}` }, director: makeDirector() },
    );
    expect(sixteen.errors?.[0]?.extensions?.fields).toEqual({
      'company.npwp': expect.stringContaining('NPWP ini sudah terdaftar'),
    });
    const otherType = await register(
      { scale: 'UMK', actorType: 'BUSINESS_ENTITY', entityType: 'CV', channel: 'EMAIL', email: makeEmail() },
      { company: makeCompany('CV', { npwp: company.npwp }), director: makeDirector() },
    );
    expect(otherType.errors).toBeUndefined();
  });

  it('never lets an abandoned or expired flow block the real owner', async () => {
    const nik = makeNik();
    const email = makeEmail();
    // Someone starts with the NIK and the owner's email and walks away; another flow expires.
    const { startRegistration: abandoned } = await gqlOk(app.url, START, { input: individualInput({ nik, email }) });
    const { startRegistration: stale } = await gqlOk(app.url, START, { input: individualInput({ nik }) });
    await sql(`update registration_flow set expires_at = now() - interval '1 minute' where id = ?`, [stale.id]);
    const r = await register(individualInput({ nik, email }), makeProfile(), 2);
    expect(r.errors).toBeUndefined();
    expect(r.data.completeRegistration).toMatchObject({ nik, email, status: 'ACTIVE' });
    // Neither the abandoned nor the expired flow became (or holds) an account.
    const flows = await sql(`select id, step, account_id from registration_flow where id in (?, ?) order by id`, [
      abandoned.id,
      stale.id,
    ]);
    expect(flows.map((f: any) => f.account_id)).toEqual([null, null]);
    expect(flows.find((f: any) => f.id === abandoned.id).step).toBe('VERIFY_CODE');
  });

  it('verifies by the one-click link in the email, once', async () => {
    const input = individualInput();
    const { startRegistration: reg } = await gqlOk(app.url, START, { input });
    const mail = await smtp.waitForMail(input.email as string);
    const m = /http:\/\/oss\.test\/verify-registration\?id=([0-9a-f]{32})&token=([A-Za-z0-9_-]+)/.exec(mail.text);
    expect(m).not.toBeNull();
    expect(m![1]).toBe(reg.id);
    expect(errorCode(await gql(app.url, LINK, { id: reg.id, t: 'salah' }))).toBe('CODE_INVALID');
    expect((await gqlOk(app.url, LINK, { id: reg.id, t: m![2] })).verifyRegistrationLink.step).toBe('SET_PASSWORD');
    expect(errorCode(await gql(app.url, LINK, { id: reg.id, t: m![2] }))).toBe('VALIDATION_FAILED');
    await gqlOk(app.url, SET_PASSWORD, { id: reg.id, p: STRONG_PASSWORD, c: STRONG_PASSWORD });
    expect(
      (await gqlOk(app.url, COMPLETE, { id: reg.id, profile: makeProfile(), accept: true })).completeRegistration
        .status,
    ).toBe('ACTIVE');
  });

  it('marks flows older than 24 hours EXPIRED from the scheduled job, and the API says CODE_EXPIRED', async () => {
    const { startRegistration: reg } = await gqlOk(app.url, START, { input: individualInput() });
    await sql(`update registration_flow set expires_at = now() - interval '1 second' where id = ?`, [reg.id]);
    await sql(`select graphile_worker.add_job('expire_stale')`);
    await waitFor(
      async () =>
        (await sql('select step from registration_flow where id = ?', [reg.id]))[0].step === 'EXPIRED'
          ? true
          : undefined,
      'EXPIRED',
    );
    expect(errorCode(await gql(app.url, VERIFY, { id: reg.id, code: '123456' }))).toBe('CODE_EXPIRED');
  });

  it('100 parallel registrations of one NIK and email end with exactly one account and clear errors for the rest', async () => {
    const nik = makeNik();
    const email = makeEmail('rebutan');
    const starts = await Promise.all(
      Array.from({ length: 100 }, () => gql(app.url, START, { input: individualInput({ nik, email }) })),
    );
    expect(starts.every((s) => s.status === 200 && !s.errors)).toBe(true);
    const ids: string[] = starts.map((s) => s.data.startRegistration.id);
    // Each flow's code, from the 100 delivered mails (each names its flow in the one-click link).
    await smtp.waitForMail(email, 100);
    const codeOf = new Map<string, string>(
      smtp.mails
        .filter((m) => m.to.includes(email))
        .map((m) => [/verify-registration\?id=([0-9a-f]{32})/.exec(m.text)![1], codeFromMail(m)]),
    );
    expect(new Set(ids)).toEqual(new Set(codeOf.keys()));

    const results = await Promise.all(
      ids.map(async (id) => {
        const steps = [
          await gql(app.url, VERIFY, { id, code: codeOf.get(id) }),
          await gql(app.url, SET_PASSWORD, { id, p: STRONG_PASSWORD, c: STRONG_PASSWORD }),
          await gql(app.url, COMPLETE, { id, profile: makeProfile(), accept: true }),
        ];
        return steps;
      }),
    );
    const all = results.flat();
    expect(all.every((r) => r.status === 200)).toBe(true);
    expect(all.filter((r) => errorCode(r) === 'INTERNAL_SERVER_ERROR')).toEqual([]);
    const completions = results.map((steps) => steps[2]);
    const winners = completions.filter((r) => !r.errors);
    const losers = completions.filter((r) => r.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(99);
    for (const l of losers) {
      expect(errorCode(l)).toBe('VALIDATION_FAILED');
      expect(l.errors![0].message).toMatch(/sudah (memiliki|digunakan)/);
    }
    const accounts = await sql(`select id from account where nik = ? or email = ?`, [nik, email]);
    expect(accounts).toHaveLength(1);
  }, 120_000);
});

describe('unverified contacts', () => {
  const stack = useStack({ whatsapp: true });

  it('a phone typed but never verified does not block its real owner, and does not log anyone in', async () => {
    const { app, smtp, wa } = stack;
    const phone = makePhone();
    const e164 = `+62${phone.slice(1)}`;
    // A registers by email and gives P as a secondary, unverified number.
    const a = await registerByEmail(app, smtp, { phone });
    expect(a.account).toMatchObject({ phone: e164, phoneVerifiedAt: null });
    expect(errorCode(await gql(app.url, LOGIN, { identifier: phone, password: STRONG_PASSWORD }))).toBe(
      'UNAUTHENTICATED',
    );
    // B, the owner of P, registers by WhatsApp with it.
    const { startRegistration: reg } = await gqlOk(app.url, START, {
      input: individualInput({ channel: 'WHATSAPP', email: undefined, phone }),
    });
    const msg = await wa.waitForMessage(e164);
    expect(msg.body.template.name).toBe('oss_kode_verifikasi');
    await gqlOk(app.url, VERIFY, { id: reg.id, code: msg.body.template.components[0].parameters[0].text });
    await gqlOk(app.url, SET_PASSWORD, { id: reg.id, p: STRONG_PASSWORD, c: STRONG_PASSWORD });
    const b = (
      await gqlOk(app.url, COMPLETE, { id: reg.id, profile: makeProfile({ fullName: 'Bagus Wibowo' }), accept: true })
    ).completeRegistration;
    expect((await loginAs(app, phone)).account.id).toBe(b.id);
    // Once P is verified for B, nobody else can verify it.
    const { startRegistration: third } = await gqlOk(app.url, START, {
      input: individualInput({ channel: 'WHATSAPP', email: undefined, phone }),
    });
    const notice = await wa.waitForMessage(e164, 3);
    expect(notice.body.template.name).toBe('oss_akun_sudah_ada');
    expect(third.id).toMatch(/^[0-9a-f]{32}$/);
  });

  async function loginAs(app: TestApp, identifier: string) {
    return (await gqlOk(app.url, LOGIN, { identifier, password: STRONG_PASSWORD })).login;
  }
});
