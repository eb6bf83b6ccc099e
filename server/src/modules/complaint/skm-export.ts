import path from 'node:path';
import ExcelJS from 'exceljs';
import pdfmake from 'pdfmake';
import { SKM_PROFILE_FIELDS, SkmProfileField } from '../../domain/ikm';
import type { SkmReport } from './skm.model';

/**
 * The SKM report as files: a PDF (pdfmake, one section per page) and an XLSX
 * workbook (exceljs, one sheet per section), both from the same SkmReport the
 * console shows, so the three never disagree. Dates are WIB calendar days;
 * the period [from, to) is printed as its first and last day.
 */
export type SkmFileFormat = 'PDF' | 'XLSX';

export interface SkmFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

export const PROFILE_TITLES: Record<SkmProfileField, string> = {
  gender: 'Jenis kelamin',
  ageBand: 'Usia',
  education: 'Pendidikan terakhir',
  occupation: 'Pekerjaan',
};

const TZ = 'Asia/Jakarta';
const dayFormat = new Intl.DateTimeFormat('id-ID', { timeZone: TZ, dateStyle: 'long' });
const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });
const num = (v: number | null | undefined, digits = 2) =>
  v == null ? '–' : v.toLocaleString('id-ID', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** "1 Januari 2026 – 30 Juni 2026": the first and the last WIB day of [from, to). */
export function periodLabel(p: { from: Date; to: Date }): string {
  return `${dayFormat.format(p.from)} – ${dayFormat.format(new Date(p.to.getTime() - 1))}`;
}

export function unitName(r: SkmReport): string {
  return r.unit?.name ?? 'Semua unit layanan';
}

export async function skmFile(report: SkmReport, format: SkmFileFormat): Promise<SkmFile> {
  const slug = (report.unit?.regionCode ?? (report.unit ? 'nasional' : 'semua')).toLowerCase();
  const base = `laporan-skm-${slug}-${isoDay.format(report.from)}-${isoDay.format(new Date(report.to.getTime() - 1))}`;
  return format === 'PDF'
    ? { filename: `${base}.pdf`, contentType: 'application/pdf', content: await skmPdf(report) }
    : {
        filename: `${base}.xlsx`,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        content: await skmXlsx(report),
      };
}

const FONT_DIR = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
pdfmake.setFonts({
  Roboto: {
    normal: path.join(FONT_DIR, 'Roboto-Regular.ttf'),
    bold: path.join(FONT_DIR, 'Roboto-Medium.ttf'),
    italics: path.join(FONT_DIR, 'Roboto-Italic.ttf'),
    bolditalics: path.join(FONT_DIR, 'Roboto-MediumItalic.ttf'),
  },
});
// The report holds no images or links to fetch: nothing from the network, nothing from disk but the fonts.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((p) => path.resolve(p).startsWith(FONT_DIR + path.sep));

const table = (header: string[], rows: (string | number)[][], widths?: (string | number)[]) => ({
  table: {
    headerRows: 1,
    widths: widths ?? header.map(() => '*'),
    body: [header.map((text) => ({ text, bold: true })), ...rows.map((r) => r.map((c) => String(c)))],
  },
  layout: 'lightHorizontalLines',
  margin: [0, 4, 0, 12],
});

export async function skmPdf(r: SkmReport): Promise<Buffer> {
  const unit = unitName(r);
  const period = periodLabel(r);
  const title = (text: string, first = false) => ({
    text,
    style: 'h2',
    ...(first ? {} : { pageBreak: 'before' }),
  });
  const content: unknown[] = [
    { text: 'Laporan Survei Kepuasan Masyarakat', style: 'h1' },
    { text: unit, style: 'h2' },
    { text: `Periode ${period} (WIB)`, margin: [0, 0, 0, 12] },
    title('1. Ringkasan', true),
    table(
      ['Keterangan', 'Nilai'],
      [
        ['Jumlah responden', r.respondents],
        ['Indeks Kepuasan Masyarakat (IKM)', num(r.ikm)],
        ['Mutu pelayanan', r.grade ? `${r.grade} (${r.gradeLabel})` : '–'],
        ['Bobot per unsur', `1/9 (${num(r.weight, 4)})`],
      ],
    ),
    title('2. Nilai per unsur'),
    table(
      ['Kode', 'Unsur pelayanan', 'NRR', 'NRR tertimbang'],
      r.elements.map((e) => [
        e.code,
        e.name,
        num(r.respondents ? e.nrr : null),
        num(r.respondents ? e.weightedNrr : null, 3),
      ]),
      [30, '*', 50, 80],
    ),
    {
      text: `IKM = Σ NRR tertimbang × 25 = ${num(r.ikm)}`,
      margin: [0, 0, 0, 8],
    },
    { text: 'Unsur dengan nilai terendah', bold: true },
    r.lowestElements.length
      ? { ol: r.lowestElements.map((e) => `${e.code} ${e.name}: NRR ${num(e.nrr)}`), margin: [0, 4, 0, 0] }
      : { text: 'Belum ada responden.' },
    title('3. Profil responden'),
    ...(r.profile.gender.length
      ? SKM_PROFILE_FIELDS.map((field) => [
          { text: PROFILE_TITLES[field], bold: true },
          table(
            ['Jawaban', 'Responden'],
            r.profile[field].map((c) => [c.label, c.count]),
            ['*', 80],
          ),
        ]).flat()
      : [{ text: 'Profil tidak ditampilkan: kurang dari 5 responden pada periode ini.' }]),
    title('4. Perbandingan dengan periode sebelumnya'),
    { text: `Periode sebelumnya: ${periodLabel(r.previous)} (WIB)`, margin: [0, 0, 0, 4] },
    table(
      ['', 'Periode ini', 'Periode sebelumnya'],
      [
        ['Responden', r.respondents, r.previous.respondents],
        ['IKM', num(r.ikm), num(r.previous.ikm)],
        ['Mutu', r.grade ?? '–', r.previous.grade ?? '–'],
        ...r.elements.map((e, i) => [
          `${e.code} ${e.name}`,
          num(r.respondents ? e.nrr : null),
          num(r.previous.respondents ? r.previous.elements[i].nrr : null),
        ]),
      ],
      ['*', 90, 110],
    ),
    title('5. Kecukupan sampel (Krejcie–Morgan)'),
    table(
      ['Keterangan', 'Nilai'],
      [
        ['Populasi dilayani pada periode', r.served],
        ['Sampel minimum (Krejcie–Morgan)', r.sampleTarget],
        ['Jumlah responden', r.respondents],
        ['Sampel terpenuhi', r.sampleReached ? 'Ya' : 'Tidak'],
      ],
    ),
  ];
  const doc = {
    info: { title: `Laporan SKM ${unit} ${period}` },
    pageSize: 'A4',
    pageMargins: [40, 50, 40, 50],
    defaultStyle: { font: 'Roboto', fontSize: 10 },
    styles: {
      h1: { fontSize: 16, bold: true, margin: [0, 0, 0, 4] },
      h2: { fontSize: 13, bold: true, margin: [0, 8, 0, 6] },
    },
    footer: (page: number, pages: number) => ({
      text: `${unit} · ${period} · halaman ${page} dari ${pages}`,
      alignment: 'center',
      fontSize: 8,
    }),
    content,
  };
  return pdfmake.createPdf(doc).getBuffer();
}

export async function skmXlsx(r: SkmReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Hak Akses';
  const bold = (row: ExcelJS.Row) => (row.font = { bold: true });
  const summary = wb.addWorksheet('Ringkasan');
  summary.columns = [{ width: 40 }, { width: 40 }];
  bold(summary.addRow(['Laporan Survei Kepuasan Masyarakat']));
  summary.addRows([
    ['Unit layanan', unitName(r)],
    ['Periode (WIB)', periodLabel(r)],
    ['Jumlah responden', r.respondents],
    ['IKM', r.ikm],
    ['Mutu pelayanan', r.grade],
    ['Kinerja unit pelayanan', r.gradeLabel],
    ['Bobot per unsur', r.weight],
    ['Populasi dilayani', r.served],
    ['Sampel minimum (Krejcie–Morgan)', r.sampleTarget],
    ['Sampel terpenuhi', r.sampleReached ? 'Ya' : 'Tidak'],
  ]);
  const elements = wb.addWorksheet('Unsur');
  elements.columns = [
    { header: 'Kode', width: 8 },
    { header: 'Unsur pelayanan', width: 45 },
    { header: 'Jumlah nilai', width: 14 },
    { header: 'NRR', width: 10, style: { numFmt: '0.00' } },
    { header: 'NRR tertimbang', width: 16, style: { numFmt: '0.000' } },
    { header: 'Terendah', width: 10 },
  ];
  bold(elements.getRow(1));
  const lowest = r.lowestElements.map((e) => e.code);
  for (const e of r.elements) {
    elements.addRow([
      e.code,
      e.name,
      e.sum,
      r.respondents ? e.nrr : null,
      r.respondents ? e.weightedNrr : null,
      lowest.includes(e.code) ? lowest.indexOf(e.code) + 1 : null,
    ]);
  }
  elements.addRow(['IKM', 'Σ NRR tertimbang × 25', null, null, r.ikm]);
  const profile = wb.addWorksheet('Profil');
  profile.columns = [
    { header: 'Pertanyaan', width: 22 },
    { header: 'Jawaban', width: 28 },
    { header: 'Responden', width: 12 },
  ];
  bold(profile.getRow(1));
  for (const field of SKM_PROFILE_FIELDS)
    for (const c of r.profile[field]) profile.addRow([PROFILE_TITLES[field], c.label, c.count]);
  const previous = wb.addWorksheet('Pembanding');
  previous.columns = [
    { header: 'Keterangan', width: 45 },
    { header: 'Periode ini', width: 14 },
    { header: 'Periode sebelumnya', width: 20 },
  ];
  bold(previous.getRow(1));
  previous.addRows([
    ['Periode (WIB)', periodLabel(r), periodLabel(r.previous)],
    ['Responden', r.respondents, r.previous.respondents],
    ['IKM', r.ikm, r.previous.ikm],
    ['Mutu', r.grade, r.previous.grade],
    ...r.elements.map((e, i) => [
      `${e.code} ${e.name}`,
      r.respondents ? e.nrr : null,
      r.previous.respondents ? r.previous.elements[i].nrr : null,
    ]),
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
