import { spawn } from 'node:child_process';
import { createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { systemContext } from '../../server/src/shared/request-context';
import { TestClock } from '../support/app';
import { makeCompany, makeDirector, makeEmail, makeNik, makeNpwp, makePhone, makeProfile } from '../support/factories';
import { ACCOUNT_FIELDS, LOGIN, seedAccount, staffToken } from '../support/flows';
import { errorCode, gql, gqlOk } from '../support/graphql';
import { useStack } from '../support/stack';

const TEMPLATE = '{SALT}{PASSWORD}';
const OLD = 'LamaSekali2014';
const NEW = 'Usaha#2027Baru';
const DAY = 86400_000;

/** Hashes as OSS 1.1 would have stored them, made with the real algorithms. */
const hashes = {
  bcrypt2a: (pw: string) => bcrypt.hashSync(pw, 4).replace(/^\$2b\$/, '$2a$'),
  bcrypt2b: (pw: string) => bcrypt.hashSync(pw, 4),
  bcrypt2y: (pw: string) => bcrypt.hashSync(pw, 4).replace(/^\$2b\$/, '$2y$'),
  pbkdf2: (pw: string) => {
    const salt = randomBytes(12);
    return `pbkdf2$sha256$1000$${salt.toString('base64')}$${pbkdf2Sync(pw, salt, 1000, 32, 'sha256').toString('base64')}`;
  },
  md5: (pw: string) => `md5$s4lt$${createHash('md5').update(`s4lt${pw}`).digest('hex')}`,
  sha1: (pw: string) => `sha1$g4r4m$${createHash('sha1').update(`g4r4m${pw}`).digest('hex')}`,
  sha256: (pw: string) => `sha256$xyz$${createHash('sha256').update(`xyz${pw}`).digest('base64')}`,
};

let seq = 0;
function person(over: Record<string, unknown> = {}) {
  seq++;
  return {
    username: `lama${Date.now().toString(36)}${seq}`,
    email: makeEmail('lama'),
    phone: null,
    nik: makeNik(),
    fullName: 'Siti Rahayu',
    actorType: 'INDIVIDUAL',
    entityType: null,
    npwp: null,
    passwordHash: hashes.md5(OLD),
    ...over,
  };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'legacy-import-'));
function jsonl(name: string, lines: (object | string)[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
}
const reportRows = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => ({ line: Number(l.split(',')[0]), reason: l.slice(l.indexOf(',') + 1) }));

const REPLACEMENT = 'id step actorType npwpRequired channel maskedDestination resendAvailableAt expiresAt';
const GET = `query($id: ID!) { replacement(id: $id) { ${REPLACEMENT} } }`;
const CONFIRM = `mutation($id: ID!, $input: ConfirmReplacementDataInput!) { confirmReplacementData(id: $id, input: $input) { ${REPLACEMENT} } }`;
const VERIFY = `mutation($id: ID!, $code: String!) { verifyReplacement(id: $id, code: $code) { ${REPLACEMENT} } }`;
const COMPLETE = `mutation($id: ID!, $p: String!, $c: String!, $profile: ProfileInput!, $accept: Boolean!) {
  completeReplacement(id: $id, password: $p, passwordConfirmation: $c, profile: $profile, acceptTerms: $accept) { ${ACCOUNT_FIELDS} companyName } }`;

const clock = new TestClock();
const deadline = new Date(Date.now() + 40 * DAY);
const stack = useStack({
  clock,
  env: { LEGACY_HASH_TEMPLATE: TEMPLATE, LEGACY_CLAIM_DEADLINE: deadline.toISOString() },
});
const importFile = (file: string, opts: Record<string, unknown> = {}) =>
  stack.app.services.legacyImport.run(systemContext(stack.app.orm.em.fork(), 'test'), { file, ...opts });
const legacyRows = async () => (await stack.sql(`select count(*)::int as n from account where status = 'LEGACY'`))[0].n;
/** One of the project's command-line tools, as an operator runs it, against the test database. */
function cli(script: string, args: string[]) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const p = spawn(process.execPath, [require.resolve('tsx/cli'), `server/src/cli/${script}.ts`, ...args], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, DATABASE_URL: stack.app.databaseUrl, LEGACY_HASH_TEMPLATE: TEMPLATE },
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => resolve({ code, out, err }));
  });
}
const codeOf = async (to: string) => {
  const mail = await stack.smtp.waitForMailMatching(to, /penggantian hak akses OSS 1\.1 Anda: \d{6}/);
  return /: (\d{6})/.exec(mail.text)![1];
};

describe('OSS 1.1 import', () => {
  it('imports every hash format, refuses bad rows with their line and reason, and a dry run changes nothing', async () => {
    const taken = await seedAccount(stack.app, { email: makeEmail('aktif') });
    const good = Object.values(hashes).map((h) => person({ passwordHash: h(OLD) }));
    const company = person({
      actorType: 'BUSINESS_ENTITY',
      entityType: 'CV',
      npwp: makeNpwp(),
      passwordHash: hashes.pbkdf2(OLD),
    });
    const lines: (object | string)[] = [
      ...good, // lines 1-7
      company, // 8
      person({ nik: '1234' }), // 9
      person({ passwordHash: '$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA' }), // 10: unknown hash
      person({ username: good[0].username }), // 11: duplicate in the file
      person({ email: taken.email }), // 12: held by a current account
      person({ actorType: 'BUSINESS_ENTITY', entityType: 'PT', npwp: '012345670901000' }), // 13: NPWP check digit
      person({ phone: '0812', email: null }), // 14: phone form
      '', // 15: blank, skipped silently
    ];
    const file = jsonl('mixed.jsonl', lines);

    const dry = await importFile(file, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, imported: 8, skipped: 0, refused: 6, lines: 15 });
    expect(await legacyRows()).toBe(0);
    expect(await stack.sql('select count(*)::int as n from legacy_account')).toEqual([{ n: 0 }]);

    const run = await importFile(file);
    expect(run).toMatchObject({ dryRun: false, imported: 8, skipped: 0, refused: 6 });
    expect(await legacyRows()).toBe(8);
    const report = reportRows(run.reportFile);
    expect(report.map((r) => r.line).sort((a, b) => a - b)).toEqual([9, 10, 11, 12, 13, 14]);
    const reasonOf = (line: number) => report.find((r) => r.line === line)!.reason;
    expect(reasonOf(9)).toContain('nik:');
    expect(reasonOf(10)).toContain('passwordHash: Hash kata sandi: format hash tidak dikenal');
    expect(reasonOf(11)).toContain('nama pengguna sama dengan baris 1');
    expect(reasonOf(12)).toContain('email sudah dipakai akun yang ada');
    expect(reasonOf(13)).toContain('npwp:');
    expect(reasonOf(14)).toContain('phone:');

    // Imported as LEGACY, with the old hash kept aside and no usable current password.
    const [row] = await stack.sql(
      'select status, legacy_password_hash, password_hash, email_verified_at, activated_at from account where username = ?',
      [good[6].username],
    );
    expect(row).toEqual({
      status: 'LEGACY',
      legacy_password_hash: good[6].passwordHash,
      password_hash: '!legacy',
      email_verified_at: null,
      activated_at: null,
    });
    // A second run of the same file is a no-op.
    expect(await importFile(file)).toMatchObject({ imported: 0, skipped: 8, refused: 6 });
    expect(await legacyRows()).toBe(8);
  });

  it.each([
    ['not JSON', '{"username": "rusak", ', 'baris bukan JSON yang sah'],
    ['not one object', '[1, 2]', 'baris JSON harus berupa satu objek'],
  ])(
    'stops at a malformed line (%s) with its number and reason: rows before it written, nothing of it or after',
    async (_what, bad, reason) => {
      const before = [person(), person({ nik: '1234' }), person()]; // lines 1-3 (line 2: a refused row)
      const after = [person(), person()]; // lines 5-6
      const file = jsonl(`broken-${reason.length}.jsonl`, [...before, bad, ...after]);
      const legacyBefore = await legacyRows();
      const stop = importFile(file, { batchSize: 2 });
      await expect(stop).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        fields: { file: `Baris 4: ${reason}.` },
      });
      await expect(stop).rejects.toThrow(/berhenti pada baris 4/);
      // The good rows before the line are written (a resume skips them), nothing from line 4 on.
      expect((await legacyRows()) - legacyBefore).toBe(2);
      const names = await stack.sql('select username from account where username = any(?::text[])', [
        `{${[...before, ...after].map((p) => p.username).join(',')}}`,
      ]);
      expect(names.map((n) => n.username).sort()).toEqual([before[0].username, before[2].username].sort());
      // The bad-data row before it is a refused row of the report, as always.
      expect(reportRows(`${file}.ditolak.csv`).map((r) => r.line)).toEqual([2]);
      const [audit] = await stack.sql(
        `select details from audit_event where action = 'LEGACY_IMPORTED' and details->>'file' = ?`,
        [path.basename(file)],
      );
      expect(audit.details).toMatchObject({ imported: 2, refused: 1, stoppedAtLine: 4, stopReason: reason });
      // A dry run stops the same way, and writes nothing.
      const dryFile = jsonl(`broken-dry-${reason.length}.jsonl`, [person(), bad]);
      await expect(importFile(dryFile, { dryRun: true })).rejects.toMatchObject({
        fields: { file: `Baris 2: ${reason}.` },
      });
      // Out of the way of the deadline test.
      await stack.sql(
        `with gone as (delete from account where username = any(?::text[]) returning id)
         delete from legacy_account l using gone where l.account_id = gone.id`,
        [`{${before.map((p) => p.username).join(',')}}`],
      );
    },
  );

  it('resumes after an interruption without importing a row twice', async () => {
    const file = jsonl(
      'big.jsonl',
      Array.from({ length: 450 }, () => person({ email: makeEmail('bulk') })),
    );
    let batches = 0;
    await expect(
      importFile(file, {
        batchSize: 100,
        afterBatch: () => {
          if (++batches === 2) throw new Error('terputus');
        },
      }),
    ).rejects.toThrow('terputus');
    const before = await legacyRows();
    const resumed = await importFile(file, { batchSize: 100 });
    expect(resumed).toMatchObject({ imported: 250, skipped: 200, refused: 0 });
    expect((await legacyRows()) - before).toBe(250);
    // Out of the way of the deadline test (it would warn all of them).
    await stack.sql(
      `with bulk as (delete from account where email like 'bulk.%' returning id)
       delete from legacy_account l using bulk where l.account_id = bulk.id`,
    );
  });

  it('reads CSV with a header and quoted fields, and stops on a header it does not know or a malformed row', async () => {
    const p = person({ fullName: 'Rahayu, Siti' });
    const q = person({ nik: '1234' });
    const header = 'username,email,phone,nik,fullName,actorType,entityType,npwp,passwordHash';
    const file = path.join(dir, 'export.csv');
    writeFileSync(
      file,
      `${header}\r\n${p.username},${p.email},,${p.nik},"${p.fullName}",INDIVIDUAL,,,${p.passwordHash}\r\n` +
        `${q.username},${q.email},,${q.nik},${q.fullName},INDIVIDUAL,,,${q.passwordHash}\r\n`,
    );
    expect(await importFile(file)).toMatchObject({ imported: 1, refused: 1 }); // line 3: a bad NIK, a refused row
    // A row with the wrong number of columns, or an unclosed quote, stops the import at its line.
    const r = person();
    const row = `${r.username},${r.email},,${r.nik},${r.fullName},INDIVIDUAL,,,${r.passwordHash}`;
    const columns = path.join(dir, 'columns.csv');
    writeFileSync(columns, `${header}\n${row}\n${row.replace(',INDIVIDUAL', '')}\n`);
    await expect(importFile(columns)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { file: 'Baris 3: jumlah kolom 8, seharusnya 9.' },
    });
    const quote = path.join(dir, 'quote.csv');
    writeFileSync(quote, `${header}\n"a,b\n`);
    await expect(importFile(quote)).rejects.toMatchObject({
      fields: { file: 'Baris 2: tanda kutip tidak ditutup.' },
    });
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'username,email\n');
    await expect(importFile(bad)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('OSS 1.1 command line', () => {
  it('imports with npm run legacy:import (dry run first) and counts with npm run legacy:report', async () => {
    const file = jsonl('cli.jsonl', [person(), person(), person({ nik: '1234' })]);
    const before = await stack.app.services.legacyClaims.report(stack.app.orm.em.fork());
    const dry = await cli('legacy-import', ['--file', file, '--dry-run']);
    expect(dry).toMatchObject({
      code: 0,
      out: expect.stringContaining('akan diimpor 2, dilewati (sudah diimpor) 0, ditolak 1'),
    });
    const run = await cli('legacy-import', ['--file', file]);
    expect(run).toMatchObject({
      code: 0,
      out: expect.stringContaining('Diimpor 2, dilewati (sudah diimpor) 0, ditolak 1'),
    });
    expect(run.out).toContain(`${file}.ditolak.csv`);
    const report = await cli('legacy-report', []);
    expect(report.code).toBe(0);
    expect(report.out).toContain(`imported\t${before.imported + 2}\n`);
    expect(report.out).toContain(`pending\t${before.pending + 2}\n`);
  });

  it('stops on a malformed line with exit code 1, printing the line and the reason', async () => {
    const file = jsonl('cli-broken.jsonl', [person(), '{']);
    const stop = await cli('legacy-import', ['--file', file, '--dry-run']);
    expect(stop.code).toBe(1);
    expect(stop.err).toContain('Baris 2: baris bukan JSON yang sah.');
    expect(stop.err).toContain('impor berhenti pada baris 2');
  });
});

describe('OSS 1.1 replacement at first login', () => {
  const legacyPerson = person({ passwordHash: hashes.bcrypt2y(OLD), email: makeEmail('ganti') });
  const lockable = person({ passwordHash: hashes.sha1(OLD) });
  const sender = person({ passwordHash: hashes.sha256(OLD) });
  const otherHolder = person({ passwordHash: hashes.sha256(OLD) });
  const director = makeDirector();
  const legacyCompany = person({
    actorType: 'BUSINESS_ENTITY',
    entityType: 'PT',
    nik: director.nik,
    fullName: director.fullName,
    npwp: makeNpwp(),
    passwordHash: hashes.pbkdf2(OLD),
  });
  const identity = (p: typeof legacyPerson) => ({ nik: p.nik as string, fullName: p.fullName as string });

  beforeAll(async () => {
    await importFile(jsonl('replace.jsonl', [legacyPerson, lockable, legacyCompany, sender, otherHolder]));
  });

  const startReplacement = async (identifier: string) => {
    const r = await gql(stack.app.url, LOGIN, { identifier, password: OLD });
    expect(errorCode(r)).toBe('REPLACEMENT_REQUIRED');
    expect(r.data).toBeNull();
    return r.errors![0].extensions!.replacementId as string;
  };

  it('is visible to staff, and no staff action works on it', async () => {
    const token = await staffToken(stack.app);
    const { accounts } = await gqlOk(
      stack.app.url,
      `query($q: String) { accounts(filter: { q: $q, status: LEGACY }) { totalCount edges { node { id status username } } } }`,
      { q: legacyPerson.username },
      token,
    );
    expect(accounts.edges.map((e: any) => e.node)).toEqual([
      expect.objectContaining({ status: 'LEGACY', username: legacyPerson.username }),
    ]);
    const id = accounts.edges[0].node.id;
    const { account } = await gqlOk(
      stack.app.url,
      `query($id: ID!) { account(id: $id) { status username nik email emailVerifiedAt activatedAt expiresAt } }`,
      { id },
      token,
    );
    expect(account).toEqual({
      status: 'LEGACY',
      username: legacyPerson.username,
      nik: legacyPerson.nik,
      email: legacyPerson.email,
      emailVerifiedAt: null,
      activatedAt: null,
      expiresAt: null,
    });
    const resend = await gql(stack.app.url, `mutation($id: ID!) { resendActivation(id: $id) }`, { id }, token);
    expect(errorCode(resend)).toBe('CONFLICT');
    const change = await gql(
      stack.app.url,
      `mutation($id: ID!) { changeAccountEmail(id: $id, newEmail: "baru@example.co.id", reason: "Email lama tidak aktif") { id } }`,
      { id },
      token,
    );
    expect(errorCode(change)).toBe('CONFLICT');
  });

  it('answers a wrong old password like any wrong password, and the right one with REPLACEMENT_REQUIRED', async () => {
    const wrong = await gql(stack.app.url, LOGIN, { identifier: legacyPerson.username, password: `${OLD}x` });
    const unknown = await gql(stack.app.url, LOGIN, { identifier: 'tidak.ada.siapa', password: OLD });
    expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
    expect(wrong.errors![0].message).toBe(unknown.errors![0].message);
    // by username and by the (unverified) email OSS 1.1 held
    const id = await startReplacement(legacyPerson.username);
    expect(await startReplacement(legacyPerson.email)).not.toBe(id);
    const { replacement } = await gqlOk(stack.app.url, GET, { id });
    expect(replacement).toMatchObject({ step: 'CONFIRM_DATA', actorType: 'INDIVIDUAL', npwpRequired: false });
  });

  it('replaces the credentials end to end: right data, code, new password, ACTIVE under today’s rules', async () => {
    const id = await startReplacement(legacyPerson.username);
    const email = makeEmail('baru');
    const wrongData = await gql(stack.app.url, CONFIRM, {
      id,
      input: { ...identity(legacyPerson), fullName: 'Siti Rahayuni', channel: 'EMAIL', email },
    });
    expect(errorCode(wrongData)).toBe('UNAUTHENTICATED');
    const wrongPassword = await gql(stack.app.url, LOGIN, { identifier: legacyPerson.username, password: 'x' });
    expect(wrongData.errors![0].message).toBe(wrongPassword.errors![0].message);

    const { confirmReplacementData: confirmed } = await gqlOk(stack.app.url, CONFIRM, {
      id,
      input: { nik: legacyPerson.nik, fullName: 'SITI  rahayu', channel: 'EMAIL', email },
    });
    expect(confirmed).toMatchObject({ step: 'VERIFY_CODE', channel: 'EMAIL' });
    const code = await codeOf(email);
    const badCode = await gql(stack.app.url, VERIFY, { id, code: code === '000000' ? '111111' : '000000' });
    expect(badCode.errors![0].extensions).toMatchObject({ code: 'CODE_INVALID', attemptsLeft: 4 });
    expect((await gqlOk(stack.app.url, VERIFY, { id, code })).verifyReplacement.step).toBe('SET_PASSWORD');

    const weak = await gql(stack.app.url, COMPLETE, {
      id,
      p: 'lemah',
      c: 'lemah',
      profile: makeProfile({ fullName: 'Siti Rahayu', gender: 'FEMALE' }),
      accept: true,
    });
    expect(errorCode(weak)).toBe('VALIDATION_FAILED');
    const otherName = await gql(stack.app.url, COMPLETE, {
      id,
      p: NEW,
      c: NEW,
      profile: makeProfile({ fullName: 'Budi Santoso' }),
      accept: true,
    });
    expect(otherName.errors![0].extensions!.fields).toHaveProperty('fullName');

    const { completeReplacement: account } = await gqlOk(stack.app.url, COMPLETE, {
      id,
      p: NEW,
      c: NEW,
      profile: makeProfile({ fullName: 'Siti Rahayu' }),
      accept: true,
    });
    expect(account).toMatchObject({ status: 'ACTIVE', username: legacyPerson.username, email });
    expect(account.emailVerifiedAt).not.toBeNull();
    const activated = Date.parse(account.activatedAt);
    expect(Date.parse(account.expiresAt) - activated).toBe(30 * DAY);
    await stack.smtp.waitForMailMatching(email, new RegExp(`Nama pengguna \\(username\\): ${legacyPerson.username}`));
    const [row] = await stack.sql(
      `select a.legacy_password_hash, a.consent_channel, l.claimed_at is not null as claimed
         from account a join legacy_account l on l.account_id = a.id where a.id = ?`,
      [account.id],
    );
    expect(row).toEqual({ legacy_password_hash: null, consent_channel: 'LEGACY_REPLACEMENT', claimed: true });

    // The old password is gone; the new one opens a session; the finished flow takes nothing more.
    expect(errorCode(await gql(stack.app.url, LOGIN, { identifier: legacyPerson.username, password: OLD }))).toBe(
      'UNAUTHENTICATED',
    );
    const { login } = await gqlOk(stack.app.url, LOGIN, { identifier: email, password: NEW });
    expect(login.account.status).toBe('ACTIVE');
    expect(errorCode(await gql(stack.app.url, VERIFY, { id, code }))).toBe('VALIDATION_FAILED');
  });

  it('locks the account after 5 wrong confirmations, counted with wrong passwords', async () => {
    const id = await startReplacement(lockable.email);
    const input = { ...identity(lockable), nik: makeNik(), channel: 'WHATSAPP', phone: makePhone() };
    for (let i = 0; i < 4; i++)
      expect(errorCode(await gql(stack.app.url, CONFIRM, { id, input }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(stack.app.url, LOGIN, { identifier: lockable.username, password: 'salah' }))).toBe(
      'UNAUTHENTICATED',
    );
    const locked = await gql(stack.app.url, CONFIRM, { id, input: { ...input, nik: lockable.nik } });
    expect(errorCode(locked)).toBe('RATE_LIMITED');
    expect(locked.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
    expect(errorCode(await gql(stack.app.url, LOGIN, { identifier: lockable.username, password: OLD }))).toBe(
      'RATE_LIMITED',
    );
  });

  it('answers an email that a live account holds exactly like a free one: that address gets a notice, never a code', async () => {
    const holder = await seedAccount(stack.app, { email: makeEmail('pemilik') });
    const free = makeEmail('bebas');
    const input = (email: string) => ({ ...identity(otherHolder), channel: 'EMAIL', email });
    const takenAnswer = await gqlOk(stack.app.url, CONFIRM, {
      id: await startReplacement(otherHolder.username),
      input: input(holder.email!.toUpperCase()),
    });
    const freeAnswer = await gqlOk(stack.app.url, CONFIRM, {
      id: await startReplacement(otherHolder.username),
      input: input(free),
    });
    const shape = (v: any) => ({
      ...v.confirmReplacementData,
      id: undefined,
      maskedDestination: undefined,
      expiresAt: undefined,
      resendAvailableAt: undefined,
    });
    expect(shape(takenAnswer)).toEqual(shape(freeAnswer));
    expect(takenAnswer.confirmReplacementData.step).toBe('VERIFY_CODE');
    const sent = await stack.sql(
      `select recipient, template from outbox_message where recipient in (?, ?) and template <> 'welcome' order by template`,
      [holder.email, free],
    );
    expect(sent).toEqual([
      { recipient: free, template: 'legacy_replacement_code' },
      { recipient: holder.email, template: 'registration_exists' },
    ]);
  });

  it('limits codes like a registration’s: the countdown, and 5 an hour to one destination', async () => {
    const phone = makePhone();
    const input = { ...identity(sender), channel: 'WHATSAPP', phone };
    const first = await startReplacement(sender.username);
    const { confirmReplacementData: sent } = await gqlOk(stack.app.url, CONFIRM, { id: first, input });
    expect(sent).toMatchObject({
      step: 'VERIFY_CODE',
      channel: 'WHATSAPP',
      maskedDestination: expect.stringContaining('****'),
    });
    expect(Date.parse(sent.resendAvailableAt) - Date.now()).toBeGreaterThan(170_000);
    const resend = `mutation($id: ID!) { resendReplacementCode(id: $id) { step } }`;
    expect(errorCode(await gql(stack.app.url, resend, { id: first }))).toBe('RATE_LIMITED');
    for (let i = 0; i < 4; i++) {
      const id = await startReplacement(sender.username);
      await gqlOk(stack.app.url, CONFIRM, { id, input });
    }
    const sixth = await gql(stack.app.url, CONFIRM, { id: await startReplacement(sender.username), input });
    expect(errorCode(sixth)).toBe('RATE_LIMITED');
    const codes = await stack.sql(
      `select count(*)::int as n from outbox_message where recipient = ? and template = 'legacy_replacement_code'`,
      [`+62${phone.slice(1)}`],
    );
    expect(codes).toEqual([{ n: 5 }]);
  });

  it('moves a company account from its director’s NIK to the company and its own email', async () => {
    const id = await startReplacement(legacyCompany.username);
    expect((await gqlOk(stack.app.url, GET, { id })).replacement).toMatchObject({
      actorType: 'BUSINESS_ENTITY',
      npwpRequired: true,
    });
    const email = makeEmail('perusahaan');
    const input = { ...identity(legacyCompany), channel: 'EMAIL', email };
    expect(errorCode(await gql(stack.app.url, CONFIRM, { id, input }))).toBe('UNAUTHENTICATED'); // NPWP missing
    await gqlOk(stack.app.url, CONFIRM, { id, input: { ...input, npwp: legacyCompany.npwp } });
    await gqlOk(stack.app.url, VERIFY, { id, code: await codeOf(email) });
    const profile = {
      company: makeCompany('PT', { npwp: legacyCompany.npwp }),
      director: { ...director },
    };
    const otherDirector = await gql(stack.app.url, COMPLETE, {
      id,
      p: NEW,
      c: NEW,
      profile: { ...profile, director: makeDirector() },
      accept: true,
    });
    expect(otherDirector.errors![0].extensions!.fields).toHaveProperty(['director.nik']);
    const { completeReplacement: account } = await gqlOk(stack.app.url, COMPLETE, {
      id,
      p: NEW,
      c: NEW,
      profile,
      accept: true,
    });
    expect(account).toMatchObject({ status: 'ACTIVE', nik: null, email, companyName: 'FURNITUR JAYA' });
    const [row] = await stack.sql(`select profile #>> '{director,nik}' as director from account where id = ?`, [
      account.id,
    ]);
    expect(row.director).toBe(director.nik);
  });
});

describe('OSS 1.1 claim deadline', () => {
  const pending = [person({ passwordHash: hashes.bcrypt2b(OLD) }), person({ email: null, phone: makePhone() })];

  it('warns once per window before the deadline, then removes unclaimed accounts, audited and counted', async () => {
    await importFile(jsonl('deadline.jsonl', pending));
    const claims = stack.app.services.legacyClaims;
    const before = await claims.report(stack.app.orm.em.fork());
    expect(before.pending).toBeGreaterThanOrEqual(2);

    clock.set(new Date(deadline.getTime() - 20 * DAY));
    const first = await claims.sweep(stack.app.orm.em.fork());
    expect(first.warned).toEqual({ LEGACY_30D: before.pending, LEGACY_7D: 0, LEGACY_1D: 0 });
    expect((await claims.sweep(stack.app.orm.em.fork())).warned.LEGACY_30D).toBe(0);
    await stack.smtp.waitForMailMatching(pending[0].email as string, /Ganti hak akses OSS 1\.1 Anda sebelum/);
    const whatsapp = await stack.sql(
      `select template from outbox_message where recipient = ? and channel = 'WHATSAPP'`,
      [String(pending[1].phone).replace(/^0/, '+62')],
    );
    expect(whatsapp).toEqual([{ template: 'legacy_claim_warning' }]);

    // Seven days before: the 7-day warning, once, in batches of one account (more than one transaction).
    clock.set(new Date(deadline.getTime() - 5 * DAY));
    expect((await claims.sweep(stack.app.orm.em.fork(), undefined, 1)).warned).toEqual({
      LEGACY_30D: 0,
      LEGACY_7D: before.pending,
      LEGACY_1D: 0,
    });
    expect((await claims.sweep(stack.app.orm.em.fork())).warned).toEqual({ LEGACY_30D: 0, LEGACY_7D: 0, LEGACY_1D: 0 });
    const warnings = async (kind: string) =>
      (
        await stack.sql(
          `select count(*)::int as n from audit_event where action = 'LEGACY_CLAIM_WARNED' and details->>'kind' = ?`,
          [kind],
        )
      )[0].n;
    expect(await warnings('LEGACY_7D')).toBe(before.pending);
    const sevenDay = await stack.sql(
      `select count(*)::int as n from outbox_message where recipient = ? and template = 'legacy_claim_warning'`,
      [String(pending[1].phone).replace(/^0/, '+62')],
    );
    expect(sevenDay).toEqual([{ n: 2 }]); // the 30-day and the 7-day warning

    // One day before: the 1-day warning, and a second sweep sends nothing more.
    clock.set(new Date(deadline.getTime() - 12 * 3600_000));
    expect((await claims.sweep(stack.app.orm.em.fork())).warned).toEqual({
      LEGACY_30D: 0,
      LEGACY_7D: 0,
      LEGACY_1D: before.pending,
    });
    expect((await claims.sweep(stack.app.orm.em.fork())).warned).toEqual({ LEGACY_30D: 0, LEGACY_7D: 0, LEGACY_1D: 0 });
    expect(await warnings('LEGACY_1D')).toBe(before.pending);
    expect(
      await stack.sql(
        `select count(*)::int as n from legacy_claim_warning where kind = 'LEGACY_1D' and deadline = ?::timestamptz`,
        [deadline.toISOString()],
      ),
    ).toEqual([{ n: before.pending }]);

    const open = await gql(stack.app.url, LOGIN, { identifier: pending[0].username, password: OLD });
    const openId = open.errors![0].extensions!.replacementId as string;
    expect((await gqlOk(stack.app.url, GET, { id: openId })).replacement.expiresAt).toBe(deadline.toISOString());

    clock.set(new Date(deadline.getTime() + 60_000));
    expect(errorCode(await gql(stack.app.url, GET, { id: openId }))).toBe('CODE_EXPIRED');
    const input = { nik: pending[0].nik, fullName: pending[0].fullName, channel: 'EMAIL', email: makeEmail() };
    expect(errorCode(await gql(stack.app.url, CONFIRM, { id: openId, input }))).toBe('CODE_EXPIRED');
    const late = await gql(stack.app.url, LOGIN, { identifier: pending[0].username, password: OLD });
    expect(errorCode(late)).toBe('UNAUTHENTICATED');
    // Removal in batches of one account: each its own transaction, all of them removed in one sweep.
    expect(before.pending).toBeGreaterThanOrEqual(2);
    const removed = await claims.sweep(stack.app.orm.em.fork(), undefined, 1);
    expect(removed.removed).toBe(before.pending);
    expect((await claims.sweep(stack.app.orm.em.fork(), undefined, 1)).removed).toBe(0);
    expect(await legacyRows()).toBe(0);
    expect(
      await stack.sql(`select count(*)::int as n from outbox_message where template = 'legacy_claim_warning'`),
    ).toEqual([{ n: 0 }]);
    const audited = await stack.sql(`select count(*)::int as n from audit_event where action = 'LEGACY_REMOVED'`);
    expect(audited).toEqual([{ n: before.pending }]);
    expect(await claims.report(stack.app.orm.em.fork())).toEqual({
      imported: before.imported,
      claimed: before.claimed,
      pending: 0,
      removed: before.pending,
    });
    const { key } = await stack.app.services.apiKeys.create(stack.app.orm.em.fork(), 'dasbor-lama', ['metrics:read']);
    const scraped = await (
      await fetch(`${stack.app.url}/metrics`, { headers: { authorization: `Bearer ${key}` } })
    ).text();
    expect(scraped).toContain(`hak_akses_legacy_accounts{state="removed"} ${before.pending}`);
    expect(scraped).toContain('hak_akses_legacy_accounts{state="pending"} 0');
    // Claimed accounts stay.
    expect(before.claimed).toBeGreaterThanOrEqual(2);
    expect(
      await stack.sql(`select count(*)::int as n from account a join legacy_account l on l.account_id = a.id`),
    ).toEqual([{ n: before.claimed }]);
  });
});
