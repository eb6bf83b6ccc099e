import ExcelJS from 'exceljs';
import { TestClock } from '../support/app';
import { staffSession } from '../support/flows';
import { errorCode, gql, gqlOk } from '../support/graphql';
import { pdfPages } from '../support/pdf-text';
import { useStack } from '../support/stack';

const wib = (iso: string) => new Date(`${iso}+07:00`);
const FROM = wib('2026-01-01T00:00:00');
const TO = wib('2026-07-01T00:00:00');
const CREATE_UNIT = `mutation($n: String!, $r: String!) { createServiceUnit(name: $n, regionCode: $r) { id } }`;
const SET_UNIT = `mutation($s: ID!, $u: ID!) { setStaffUnit(staffId: $s, unitId: $u) { id } }`;
const RECORD = `mutation($i: PaperSurveyInput!) { recordPaperSurvey(input: $i) { id } }`;
const REPORT = `query($u: ID, $from: DateTime!, $to: DateTime!) { skmReport(unitId: $u, from: $from, to: $to) {
  respondents ikm grade gradeLabel served sampleTarget sampleReached elements { code name nrr weightedNrr }
  lowestElements { code } profile { gender { label count } ageBand { label count } education { label count }
  occupation { label count } } previous { respondents ikm grade elements { nrr } } } }`;
const FILE = `query($u: ID, $from: DateTime!, $to: DateTime!, $f: SkmReportFormat!) {
  skmReportFile(unitId: $u, from: $from, to: $to, format: $f) { filename contentType contentBase64 } }`;

// The fixture of server/src/domain/ikm.spec.ts: IKM 80.00 (B), lowest U8 2.4, U2 2.8, U3 2.8.
const FIXTURE = [
  [3, 3, 3, 4, 3, 3, 4, 2, 3],
  [4, 3, 3, 4, 3, 4, 4, 3, 3],
  [3, 2, 3, 4, 3, 3, 4, 2, 3],
  [3, 3, 2, 4, 3, 3, 3, 3, 4],
  [4, 3, 3, 4, 4, 3, 4, 2, 3],
];

describe('SKM report as PDF and XLSX', () => {
  const clock = new TestClock();
  const stack = useStack({ clock });
  let mojokerto: string;
  let kampar: string;
  let supervisor: { token: string };
  let report: any;

  beforeAll(async () => {
    clock.set(wib('2026-12-04T10:00:00'));
    const admin = await staffSession(stack.app, 'ADMIN');
    const unit = async (n: string, r: string) =>
      (await gqlOk(stack.app.url, CREATE_UNIT, { n, r }, admin.token)).createServiceUnit.id as string;
    mojokerto = await unit('DPMPTSP Kabupaten Mojokerto', '3516');
    kampar = await unit('DPMPTSP Kabupaten Kampar', '1406');
    const officer = await staffSession(stack.app);
    await gqlOk(stack.app.url, SET_UNIT, { s: officer.id, u: mojokerto }, admin.token);
    const profiles = [
      { gender: 'PEREMPUAN', ageBand: 'AGE_30_39', education: 'S1', occupation: 'WIRAUSAHA' },
      { gender: 'LAKI_LAKI', occupation: 'WIRAUSAHA' },
      {},
      { gender: 'PEREMPUAN', education: 'SMA' },
      { gender: 'LAKI_LAKI', ageBand: 'AGE_20_29', education: 'S1', occupation: 'SWASTA' },
    ];
    for (const [i, scores] of FIXTURE.entries()) {
      const servedAt = wib(`2026-0${i + 1}-10T09:00:00`).toISOString();
      await gqlOk(stack.app.url, RECORD, { i: { servedAt, scores, respondent: profiles[i] } }, officer.token);
    }
    // previous half year: two answers, 9 × 4 and 9 × 3 → 87.50 (B)
    for (const s of [4, 3]) {
      const i = { servedAt: wib('2025-09-01T09:00:00').toISOString(), scores: Array(9).fill(s) };
      await gqlOk(stack.app.url, RECORD, { i }, officer.token);
    }
    supervisor = await staffSession(stack.app, 'SUPERVISOR');
    await gqlOk(stack.app.url, SET_UNIT, { s: (supervisor as any).id, u: mojokerto }, admin.token);
    report = (await gqlOk(stack.app.url, REPORT, { from: FROM, to: TO }, supervisor.token)).skmReport;
    expect(report).toMatchObject({ respondents: 5, ikm: 80, grade: 'B' });
  });

  const file = async (f: 'PDF' | 'XLSX', vars: Record<string, unknown> = {}) =>
    (await gqlOk(stack.app.url, FILE, { from: FROM, to: TO, f, ...vars }, supervisor.token)).skmReportFile;

  it('writes a PDF whose pages hold the unit, the WIB period and the figures of skmReport, one section a page', async () => {
    const pdf = await file('PDF');
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.filename).toBe('laporan-skm-3516-2026-01-01-2026-06-30.pdf');
    const bytes = Buffer.from(pdf.contentBase64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = pdfPages(bytes);
    expect(pages).toHaveLength(5);
    const lines = pages.map((p) => p.split('\n'));
    // every page names the unit and the period (footer); the period's last day is 30 June in WIB
    for (const p of pages) expect(p).toContain('DPMPTSP Kabupaten Mojokerto · 1 Januari 2026 – 30 Juni 2026');
    expect(lines[0]).toEqual(
      expect.arrayContaining(['Periode 1 Januari 2026 – 30 Juni 2026 (WIB)', '1. Ringkasan', '80,00', 'B (Baik)']),
    );
    expect(lines[0][lines[0].indexOf('Jumlah responden') + 1]).toBe(String(report.respondents));
    // page 2: each element, its official name, NRR and weighted NRR as skmReport gives them
    expect(lines[1][0]).toBe('2. Nilai per unsur');
    for (const e of report.elements) {
      const at = lines[1].indexOf(e.code);
      expect(lines[1].slice(at, at + 4)).toEqual([
        e.code,
        e.name,
        e.nrr.toFixed(2).replace('.', ','),
        e.weightedNrr.toFixed(3).replace('.', ','),
      ]);
    }
    expect(pages[1]).toContain('U8 Penanganan pengaduan, saran dan masukan: NRR 2,40');
    expect(lines[2][0]).toBe('3. Profil responden');
    expect(lines[2].slice(lines[2].indexOf('Perempuan'), lines[2].indexOf('Perempuan') + 2)).toEqual([
      'Perempuan',
      '2',
    ]);
    expect(lines[3][0]).toBe('4. Perbandingan dengan periode sebelumnya');
    expect(lines[3]).toEqual(expect.arrayContaining(['IKM', '80,00', '87,50']));
    expect(lines[4][0]).toBe('5. Kecukupan sampel (Krejcie–Morgan)');
    const sample = lines[4];
    expect(sample[sample.indexOf('Populasi dilayani pada periode') + 1]).toBe(String(report.served));
    expect(sample[sample.indexOf('Sampel minimum (Krejcie–Morgan)') + 1]).toBe(String(report.sampleTarget));
    expect(sample[sample.indexOf('Sampel terpenuhi') + 1]).toBe(report.sampleReached ? 'Ya' : 'Tidak');
  });

  it('writes an XLSX whose sheets read back to the numbers of skmReport', async () => {
    const xlsx = await file('XLSX');
    expect(xlsx.filename).toBe('laporan-skm-3516-2026-01-01-2026-06-30.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.contentBase64, 'base64') as any);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Ringkasan', 'Unsur', 'Profil', 'Pembanding']);
    const pairs = (name: string) =>
      Object.fromEntries(
        wb
          .getWorksheet(name)!
          .getSheetValues()
          .filter(Boolean)
          .map((r: any) => [r[1], r[2]]),
      );
    const summary = pairs('Ringkasan');
    expect(summary).toMatchObject({
      'Unit layanan': 'DPMPTSP Kabupaten Mojokerto',
      'Periode (WIB)': '1 Januari 2026 – 30 Juni 2026',
      'Jumlah responden': report.respondents,
      IKM: report.ikm,
      'Mutu pelayanan': report.grade,
      'Kinerja unit pelayanan': report.gradeLabel,
      'Populasi dilayani': report.served,
      'Sampel minimum (Krejcie–Morgan)': report.sampleTarget,
    });
    const rows = wb.getWorksheet('Unsur')!.getSheetValues().slice(2) as any[];
    expect(rows.slice(0, 9).map((r) => [r[1], r[2], r[4], r[5]])).toEqual(
      report.elements.map((e: any) => [e.code, e.name, e.nrr, e.weightedNrr]),
    );
    expect(rows[9][5]).toBe(report.ikm);
    // ranks of the lowest elements, as skmReport lists them
    expect(
      rows
        .filter((r) => r[6])
        .sort((a, b) => a[6] - b[6])
        .map((r) => r[1]),
    ).toEqual(report.lowestElements.map((e: any) => e.code));
    const profile = wb.getWorksheet('Profil')!.getSheetValues().slice(2) as any[];
    const gender = profile.filter((r) => r[1] === 'Jenis kelamin').map((r) => ({ label: r[2], count: r[3] }));
    expect(gender).toEqual(report.profile.gender);
    expect(profile.filter((r) => r[1] === 'Pekerjaan').map((r) => r[3])).toEqual(
      report.profile.occupation.map((c: any) => c.count),
    );
    const prev = pairs('Pembanding');
    expect(prev.IKM).toBe(report.ikm);
    const prevRows = wb.getWorksheet('Pembanding')!.getSheetValues().filter(Boolean) as any[];
    expect(prevRows.find((r) => r[1] === 'IKM')[3]).toBe(report.previous.ikm);
    expect(prevRows.find((r) => r[1] === 'Responden').slice(2, 4)).toEqual([5, 2]);
  });

  it('refuses what skmReport refuses: ranges, another unit, a helpdesk officer', async () => {
    for (const [from, to] of [
      [TO, FROM],
      [FROM, new Date(wib('2028-01-01T00:00:00').getTime() + 1)],
    ]) {
      const res = await gql(stack.app.url, FILE, { from, to, f: 'PDF' }, supervisor.token);
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'VALIDATION_FAILED',
        fields: { to: expect.any(String) },
      });
    }
    expect(
      errorCode(await gql(stack.app.url, FILE, { u: kampar, from: FROM, to: TO, f: 'XLSX' }, supervisor.token)),
    ).toBe('FORBIDDEN');
    const own = await file('XLSX', { u: mojokerto });
    expect(own.filename).toContain('3516');
    const helpdesk = await staffSession(stack.app);
    expect(errorCode(await gql(stack.app.url, FILE, { from: FROM, to: TO, f: 'PDF' }, helpdesk.token))).toBe(
      'FORBIDDEN',
    );
  });

  it('says so in the PDF when the period has no answers', async () => {
    const pages = pdfPages(
      Buffer.from(
        (await file('PDF', { from: wib('2024-01-01T00:00:00'), to: wib('2024-07-01T00:00:00') })).contentBase64,
        'base64',
      ),
    );
    expect(pages[1]).toContain('Belum ada responden.');
    expect(pages[2]).toContain('Profil tidak ditampilkan: kurang dari 5 responden pada periode ini.');
  });
});
