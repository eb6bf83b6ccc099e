import { errorCode, gql, gqlOk, waitFor } from '../support/graphql';
import { makeEmail, makeNik, makePhone, makeProfile, STRONG_PASSWORD, toE164 } from '../support/factories';
import { hashSecret } from '../../server/src/shared/crypto';
import { codeFromMail, codeFromWhatsApp } from '../support/receivers';
import { SmtpReceiver, TestApp, useStack, WhatsAppReceiver } from '../support/stack';
import {
  CHANGE,
  COMPLETE,
  individualInput,
  LOGIN,
  registerByEmail,
  RESEND,
  SET_PASSWORD,
  START,
  VERIFY,
} from '../support/flows';

describe('individual UMK registration over HTTP, with real SMTP and WhatsApp receivers', () => {
  const stack = useStack({ whatsapp: true });
  let app: TestApp, smtp: SmtpReceiver, wa: WhatsAppReceiver;
  beforeAll(() => ({ app, smtp, wa } = stack));
  const sql = stack.sql;

  it('registers by email: code by SMTP, password, profile, welcome mail with the username, login', async () => {
    const nik = makeNik({ birthDate: '1990-05-17' });
    const email = makeEmail('wildan');
    const { startRegistration: reg } = await gqlOk(app.url, START, {
      input: individualInput({ nik, email: email.toUpperCase() }),
    });
    expect(reg).toMatchObject({
      step: 'VERIFY_CODE',
      channel: 'EMAIL',
      maskedDestination: `${email.slice(0, 2)}****@example.co.id`,
    });
    expect(reg.id).toMatch(/^[0-9a-f]{32}$/);
    const resendIn = (Date.parse(reg.resendAvailableAt) - Date.now()) / 1000;
    expect(resendIn).toBeGreaterThan(170);
    expect(resendIn).toBeLessThanOrEqual(180);
    expect(Date.parse(reg.expiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600_000);

    const mail = await smtp.waitForMail(email);
    const code = codeFromMail(mail);
    // The code is stored as a keyed HMAC tagged with its key id, never in clear.
    const [row] = await sql('select code_hash from registration_flow where id = ?', [reg.id]);
    expect(row.code_hash).toMatch(/^hmac-sha256\$p[0-9a-f]{6}\$[\w-]{43}$/);
    expect(row.code_hash).not.toContain(code);
    // Nor in the delivered outbox message.
    const outbox = await waitFor(async () => {
      const [m] = await sql(
        `select status, body, params from outbox_message where registration_id = ? and status = 'SENT'`,
        [reg.id],
      );
      return m;
    }, 'SENT code message');
    expect(outbox.body).not.toContain(code);
    expect(outbox.body).toContain('Kode verifikasi pendaftaran Hak Akses OSS Anda: [disembunyikan]');
    expect(JSON.stringify(outbox.params)).not.toContain(code);

    const verified = await gqlOk(app.url, VERIFY, { id: reg.id, code });
    expect(verified.verifyRegistration.step).toBe('SET_PASSWORD');
    const pw = await gqlOk(app.url, SET_PASSWORD, { id: reg.id, p: STRONG_PASSWORD, c: STRONG_PASSWORD });
    expect(pw.setRegistrationPassword.step).toBe('COMPLETE_PROFILE');
    const { completeRegistration: account } = await gqlOk(app.url, COMPLETE, {
      id: reg.id,
      profile: makeProfile(),
      accept: true,
    });
    expect(account).toMatchObject({
      status: 'ACTIVE',
      scale: 'UMK',
      actorType: 'INDIVIDUAL',
      nik,
      email,
      fullName: 'WILDAN PRATAMA',
      provinceCode: '31',
      warnings: [],
    });
    expect(account.username).toMatch(/^wildan\d{4}[a-z]$/);
    expect(Date.parse(account.expiresAt) - Date.parse(account.activatedAt)).toBe(30 * 86400_000);
    expect(account.emailVerifiedAt).toBeTruthy();

    const welcome = await smtp.waitForMail(email, 2);
    expect(welcome.text).toContain(`Nama pengguna (username): ${account.username}`);

    const { registration } = await gqlOk(app.url, `query($id: ID!) { registration(id: $id) { step } }`, { id: reg.id });
    expect(registration.step).toBe('DONE');

    for (const identifier of [account.username, email, email.toUpperCase()]) {
      const { login } = await gqlOk(app.url, LOGIN, { identifier, password: STRONG_PASSWORD });
      expect(login.account.id).toBe(account.id);
      const { me } = await gqlOk(app.url, '{ me { id username nik email } }', {}, login.token);
      expect(me).toEqual({ id: account.id, username: account.username, nik, email });
    }
    const [hash] = await sql('select password_hash from account where id = ?', [account.id]);
    expect(hash.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('still accepts a code hashed with argon2id before the HMAC, and voids one made under a key it no longer has', async () => {
    const legacy = await gqlOk(app.url, START, { input: individualInput({ email: makeEmail('lama') }) });
    await sql('update registration_flow set code_hash = ? where id = ?', [
      await hashSecret('246810'),
      legacy.startRegistration.id,
    ]);
    expect(errorCode(await gql(app.url, VERIFY, { id: legacy.startRegistration.id, code: '246811' }))).toBe(
      'CODE_INVALID',
    );
    const ok = await gqlOk(app.url, VERIFY, { id: legacy.startRegistration.id, code: '246810' });
    expect(ok.verifyRegistration.step).toBe('SET_PASSWORD');

    const rotated = await gqlOk(app.url, START, { input: individualInput({ email: makeEmail('kunci') }) });
    const id = rotated.startRegistration.id;
    await sql(
      `update registration_flow set code_hash = regexp_replace(code_hash, '^hmac-sha256\\$[^$]+\\$', 'hmac-sha256$gone$')
        where id = ?`,
      [id],
    );
    const refused = await gql(app.url, VERIFY, { id, code: '123456' });
    expect(refused.errors![0].extensions).toMatchObject({ code: 'CODE_INVALID', attemptsLeft: 0 });
    const [after] = await sql('select code_hash, code_attempts from registration_flow where id = ?', [id]);
    expect(after).toEqual({ code_hash: null, code_attempts: 0 });
  });

  it('registers by WhatsApp through the Cloud API format and logs in by phone in any accepted form', async () => {
    const phone = makePhone();
    const e164 = toE164(phone);
    const { startRegistration: reg } = await gqlOk(app.url, START, {
      input: individualInput({ channel: 'WHATSAPP', email: undefined, phone }),
    });
    expect(reg.maskedDestination).toBe(`+62 ${e164.slice(3, 6)}****${e164.slice(-4)}`);
    const msg = await wa.waitForMessage(e164);
    expect(msg.path).toBe('/v21.0/1234567890/messages');
    expect(msg.authorization).toBe('Bearer test-token');
    expect(msg.body).toMatchObject({
      messaging_product: 'whatsapp',
      to: e164.slice(1),
      type: 'template',
      template: { name: 'oss_kode_verifikasi', language: { code: 'id' } },
    });
    await gqlOk(app.url, VERIFY, { id: reg.id, code: codeFromWhatsApp(msg) });
    await gqlOk(app.url, SET_PASSWORD, { id: reg.id, p: STRONG_PASSWORD, c: STRONG_PASSWORD });
    const { completeRegistration: account } = await gqlOk(app.url, COMPLETE, {
      id: reg.id,
      profile: makeProfile({ fullName: 'Siti Aminah' }),
      accept: true,
    });
    expect(account).toMatchObject({ phone: e164, email: null, status: 'ACTIVE' });
    expect(account.phoneVerifiedAt).toBeTruthy();

    const welcome = await wa.waitForMessage(e164, 2);
    expect(welcome.body.template.name).toBe('oss_selamat_datang');
    expect(welcome.body.template.components[0].parameters[0].text).toBe(account.username);
    const sent = await waitFor(async () => {
      const [row] = await sql(
        `select status, provider_id from outbox_message where recipient = ? and template = 'welcome'`,
        [e164],
      );
      return row?.status === 'SENT' ? row : undefined;
    }, 'welcome SENT');
    expect(sent.provider_id).toMatch(/^wamid\./);

    for (const identifier of [phone, e164, e164.slice(1), phone.slice(1)]) {
      const r = await gql(app.url, LOGIN, { identifier, password: STRONG_PASSWORD });
      expect(r.errors).toBeUndefined();
      expect(r.data.login.account.id).toBe(account.id);
    }
  });

  it('refuses a wrong code five times, counting down, then refuses even the right code', async () => {
    const input = individualInput();
    const { startRegistration: reg } = await gqlOk(app.url, START, { input });
    const code = codeFromMail(await smtp.waitForMail(input.email));
    const wrong = code === '000000' ? '111111' : '000000';
    for (let left = 4; left >= 0; left--) {
      const r = await gql(app.url, VERIFY, { id: reg.id, code: wrong });
      expect(errorCode(r)).toBe('CODE_INVALID');
      expect(r.errors![0].extensions!.attemptsLeft).toBe(left);
    }
    const r = await gql(app.url, VERIFY, { id: reg.id, code });
    expect(errorCode(r)).toBe('CODE_INVALID');
    expect(r.errors![0].extensions!.attemptsLeft).toBe(0);
    expect(r.errors![0].message).toMatch(/minta kode baru/);
  });

  it('refuses a code after its 10 minutes and a flow after its 24 hours', async () => {
    const input = individualInput();
    const { startRegistration: reg } = await gqlOk(app.url, START, { input });
    const code = codeFromMail(await smtp.waitForMail(input.email));
    await sql(`update registration_flow set code_expires_at = now() - interval '1 second' where id = ?`, [reg.id]);
    const r = await gql(app.url, VERIFY, { id: reg.id, code });
    expect(errorCode(r)).toBe('CODE_EXPIRED');

    await sql(`update registration_flow set expires_at = now() - interval '1 second' where id = ?`, [reg.id]);
    expect(errorCode(await gql(app.url, RESEND, { id: reg.id }))).toBe('CODE_EXPIRED');
    expect(errorCode(await gql(app.url, `query($id: ID!) { registration(id: $id) { step } }`, { id: reg.id }))).toBe(
      'CODE_EXPIRED',
    );
    const [row] = await sql('select step from registration_flow where id = ?', [reg.id]);
    expect(row.step).toBe('EXPIRED');
  });

  it('refuses a resend before the 3-minute countdown, then sends a new code that replaces the old one', async () => {
    const input = individualInput();
    const { startRegistration: reg } = await gqlOk(app.url, START, { input });
    const first = codeFromMail(await smtp.waitForMail(input.email));
    const early = await gql(app.url, RESEND, { id: reg.id });
    expect(errorCode(early)).toBe('RATE_LIMITED');
    const retry = early.errors![0].extensions!.retryAfterSeconds as number;
    expect(retry).toBeGreaterThan(170);
    expect(retry).toBeLessThanOrEqual(180);

    // Let the countdown pass (move the send time back) instead of sleeping 3 minutes.
    await sql(
      `update registration_flow set send_times = jsonb_build_array(to_jsonb((now() - interval '181 seconds')::timestamptz)) where id = ?`,
      [reg.id],
    );
    const { resendRegistrationCode } = await gqlOk(app.url, RESEND, { id: reg.id });
    expect(Date.parse(resendRegistrationCode.resendAvailableAt)).toBeGreaterThan(Date.now() + 170_000);
    const second = codeFromMail(await smtp.waitForMail(input.email, 2));
    if (second !== first)
      expect(errorCode(await gql(app.url, VERIFY, { id: reg.id, code: first }))).toBe('CODE_INVALID');
    expect((await gqlOk(app.url, VERIFY, { id: reg.id, code: second })).verifyRegistration.step).toBe('SET_PASSWORD');
  });

  it('allows at most 5 code sends per flow per hour', async () => {
    const input = individualInput();
    const { startRegistration: reg } = await gqlOk(app.url, START, { input });
    for (let i = 0; i < 4; i++) {
      await sql(
        `update registration_flow set send_times = (select jsonb_agg(to_jsonb((x #>> '{}')::timestamptz - interval '4 minutes')) from jsonb_array_elements(send_times) x) where id = ?`,
        [reg.id],
      );
      await gqlOk(app.url, RESEND, { id: reg.id });
    }
    await sql(
      `update registration_flow set send_times = (select jsonb_agg(to_jsonb((x #>> '{}')::timestamptz - interval '4 minutes')) from jsonb_array_elements(send_times) x) where id = ?`,
      [reg.id],
    );
    const sixth = await gql(app.url, RESEND, { id: reg.id });
    expect(errorCode(sixth)).toBe('RATE_LIMITED');
    expect(sixth.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(60);
    const changed = await gql(app.url, CHANGE, { id: reg.id, email: makeEmail() });
    expect(errorCode(changed)).toBe('RATE_LIMITED');
    await waitFor(
      () => (smtp.mails.filter((m) => m.to.includes(input.email)).length === 5 ? true : undefined),
      '5 mails',
    );
  });

  it('changes the destination: the new address gets a new code, the old code stops working', async () => {
    const input = individualInput();
    const { startRegistration: reg } = await gqlOk(app.url, START, { input });
    const oldCode = codeFromMail(await smtp.waitForMail(input.email));
    const newEmail = makeEmail('baru');
    const bad = await gql(app.url, CHANGE, { id: reg.id, email: 'bukan-email' });
    expect(errorCode(bad)).toBe('VALIDATION_FAILED');
    expect(bad.errors![0].extensions!.fields).toEqual({ email: 'Format email tidak valid.' });
    const { changeRegistrationDestination: changed } = await gqlOk(app.url, CHANGE, { id: reg.id, email: newEmail });
    expect(changed.maskedDestination).toBe(`ba****@example.co.id`);
    const newCode = codeFromMail(await smtp.waitForMail(newEmail));
    if (newCode !== oldCode)
      expect(errorCode(await gql(app.url, VERIFY, { id: reg.id, code: oldCode }))).toBe('CODE_INVALID');
    await gqlOk(app.url, VERIFY, { id: reg.id, code: newCode });
    await gqlOk(app.url, SET_PASSWORD, { id: reg.id, p: STRONG_PASSWORD, c: STRONG_PASSWORD });
    const { completeRegistration: account } = await gqlOk(app.url, COMPLETE, {
      id: reg.id,
      profile: makeProfile(),
      accept: true,
    });
    expect(account.email).toBe(newEmail);
  });

  it('refuses weak and mismatched passwords with field messages', async () => {
    const nik = makeNik({ birthDate: '1988-03-09' });
    const input = individualInput({ nik });
    const { startRegistration: reg } = await gqlOk(app.url, START, { input });
    await gqlOk(app.url, VERIFY, { id: reg.id, code: codeFromMail(await smtp.waitForMail(input.email)) });
    const cases: Array<[string, string, Record<string, string>]> = [
      ['pndk1!', 'pndk1!', { password: 'Kata sandi minimal 8 karakter.' }],
      ['tanpaangka!', 'tanpaangka!', { password: 'Kata sandi harus mengandung angka.' }],
      ['Password1!', 'Password1!', { password: 'Kata sandi terlalu umum dan mudah ditebak. Gunakan kombinasi lain.' }],
      [`Ab!${nik}`, `Ab!${nik}`, { password: 'Kata sandi tidak boleh mengandung NIK.' }],
      ['Lahir09031988!', 'Lahir09031988!', { password: 'Kata sandi tidak boleh mengandung tanggal lahir.' }],
      [STRONG_PASSWORD, 'Lain#2026Maju', { passwordConfirmation: 'Konfirmasi kata sandi tidak sama.' }],
    ];
    for (const [p, c, fields] of cases) {
      const r = await gql(app.url, SET_PASSWORD, { id: reg.id, p, c });
      expect(errorCode(r)).toBe('VALIDATION_FAILED');
      expect(r.errors![0].extensions!.fields).toEqual(fields);
    }
    const { registration } = await gqlOk(app.url, `query($id: ID!) { registration(id: $id) { step } }`, { id: reg.id });
    expect(registration.step).toBe('SET_PASSWORD');
  });

  it('validates input with field messages in Bahasa Indonesia and keeps steps in order', async () => {
    const r1 = await gql(app.url, START, { input: individualInput({ nik: '1234', email: 'x' }) });
    expect(errorCode(r1)).toBe('VALIDATION_FAILED');
    expect(r1.errors![0].extensions!.fields).toEqual({
      nik: 'NIK harus terdiri dari 16 digit.',
      email: 'Format email tidak valid.',
    });
    const r2 = await gql(app.url, START, {
      input: individualInput({ channel: 'WHATSAPP', phone: '021555', email: undefined }),
    });
    expect(r2.errors![0].extensions!.fields).toEqual({ phone: 'Nomor telepon harus diawali 08, 8, 62 atau +62.' });
    const r3 = await gql(app.url, START, { input: individualInput({ nik: '9971011705900001' }) });
    expect(r3.errors![0].extensions!.fields).toEqual({ nik: 'Kode provinsi 99 pada NIK tidak dikenal.' });

    const input = individualInput();
    const { startRegistration: reg } = await gqlOk(app.url, START, { input });
    const early = await gql(app.url, COMPLETE, { id: reg.id, profile: makeProfile(), accept: true });
    expect(errorCode(early)).toBe('VALIDATION_FAILED');
    expect(early.errors![0].extensions!.step).toBe('VERIFY_CODE');
    await gqlOk(app.url, VERIFY, { id: reg.id, code: codeFromMail(await smtp.waitForMail(input.email)) });
    await gqlOk(app.url, SET_PASSWORD, { id: reg.id, p: STRONG_PASSWORD, c: STRONG_PASSWORD });
    const badProfile = await gql(app.url, COMPLETE, {
      id: reg.id,
      profile: makeProfile({ address: 'Jl. Melati RT 03 RW 05', villageCode: '9999999999' }),
      accept: false,
    });
    expect(badProfile.errors![0].extensions!.fields).toEqual({
      address: 'Alamat tidak perlu mencantumkan RT/RW.',
      villageCode: 'Kode kelurahan/desa tidak dikenal.',
      acceptTerms: 'Anda harus menyetujui syarat dan ketentuan.',
    });
    expect(errorCode(await gql(app.url, VERIFY, { id: 'f'.repeat(32), code: '123456' }))).toBe('NOT_FOUND');
  });

  it('records a NIK/profile disagreement as a warning instead of rejecting', async () => {
    const nik = makeNik({ birthDate: '1990-05-17', gender: 'FEMALE' });
    const { account } = await registerByEmail(
      app,
      smtp,
      { nik },
      { birthDate: '1990-05-18', gender: 'MALE', fullName: 'Rina Wati' },
    );
    expect(account.status).toBe('ACTIVE');
    expect(account.warnings).toEqual([
      'Tanggal lahir profil (1990-05-18) berbeda dengan NIK (1990-05-17).',
      'Jenis kelamin profil (MALE) berbeda dengan NIK (FEMALE).',
    ]);
  });

  it('never reveals an existing account at start: same answer, the owner is told through the channel', async () => {
    const { input, account } = await registerByEmail(app, smtp);
    const again = await gql(app.url, START, { input: individualInput({ nik: input.nik, email: input.email }) });
    const fresh = await gql(app.url, START, { input: individualInput() });
    expect(again.errors).toBeUndefined();
    expect(Object.keys(again.data.startRegistration).sort()).toEqual(Object.keys(fresh.data.startRegistration).sort());
    const notice = await smtp.waitForMail(input.email, 3);
    expect(notice.text).toContain('sudah terdaftar pada akun yang aktif');
    expect(notice.text).not.toMatch(/\b\d{6}\b/);
    // A wrong guess on the taken flow answers exactly like one on a free flow:
    // otherwise the answer would tell whether the NIK has an account.
    for (let i = 0; i < 5; i++) {
      const taken = await gql(app.url, VERIFY, { id: again.data.startRegistration.id, code: '000000' });
      const free = await gql(app.url, VERIFY, { id: fresh.data.startRegistration.id, code: '000000' });
      expect(taken.errors).toEqual(free.errors);
      expect(taken.errors![0].extensions).toEqual({ code: 'CODE_INVALID', attemptsLeft: 4 - i });
    }
    // The same NIK with a new email gets no code: the new address is told an account exists.
    const other = individualInput({ nik: input.nik });
    expect((await gql(app.url, START, { input: other })).errors).toBeUndefined();
    const told = await smtp.waitForMail(other.email as string);
    expect(told.text).toContain('sudah terdaftar pada akun yang aktif');
    expect(told.text).not.toMatch(/\b\d{6}\b/);
    const holders = await sql(`select id from account where nik = ? and status <> 'CANCELLED'`, [input.nik]);
    expect(holders.map((h: any) => h.id)).toEqual([account.id]);
  });

  it('retries a failed WhatsApp delivery with backoff and records the provider id', async () => {
    wa.failNext.count = 1;
    const phone = makePhone();
    const e164 = toE164(phone);
    await gqlOk(app.url, START, { input: individualInput({ channel: 'WHATSAPP', email: undefined, phone }) });
    const msg = await wa.waitForMessage(e164, 1);
    expect(codeFromWhatsApp(msg)).toMatch(/^\d{6}$/);
    const row = await waitFor(async () => {
      const [r] = await sql(
        `select status, attempts, provider_id, last_error from outbox_message where recipient = ?`,
        [e164],
      );
      return r?.status === 'SENT' ? r : undefined;
    }, 'SENT after retry');
    expect(row.attempts).toBe(2);
    expect(row.provider_id).toMatch(/^wamid\.test\d+$/);
    expect(row.last_error).toBeNull();
  }, 30_000);
});

describe('input the schema itself refuses', () => {
  const stack = useStack();
  it('answers VALIDATION_FAILED in Bahasa Indonesia for bad enum values and over-long fields', async () => {
    const badEnum = await gql(stack.app.url, START, { input: individualInput({ scale: 'SEDANG' }) });
    expect(badEnum.status).toBe(400);
    expect(errorCode(badEnum)).toBe('VALIDATION_FAILED');
    expect(badEnum.errors![0].message).toMatch(/^Format permintaan tidak sesuai skema GraphQL: /);
    const long = await gql(stack.app.url, START, {
      input: individualInput({ email: `${'a'.repeat(250)}@example.co.id` }),
    });
    expect(errorCode(long)).toBe('VALIDATION_FAILED');
    expect(long.errors![0].extensions!.fields).toEqual({ email: 'Maksimal 254 karakter.' });
  });
});
