import { dataTable, heading, keyValueTable, paragraph, renderPdf, wib } from '../../shared/pdf';
import { accountLabel, cellText, EXPORT_SECTIONS, type ExportBundle } from './export-bundle';

/**
 * The access export's readable form as a PDF in Bahasa Indonesia: the same
 * sections, columns and words as the page (exportHtml), landscape so that the
 * wide tables (messages, processing record) stay legible.
 */
export function exportPdf(b: ExportBundle): Promise<Buffer> {
  return renderPdf({
    title: `Data pribadi Anda di Hak Akses OSS (${b.request.number})`,
    footer: `Permintaan ${b.request.number} · disusun ${wib(b.generatedAt)}`,
    landscape: true,
    fontSize: 8,
    content: [
      heading('Data pribadi Anda di Hak Akses OSS', 1),
      paragraph(
        `Jawaban atas permintaan akses data pribadi nomor ${b.request.number}, disusun ${wib(b.generatedAt)}, ` +
          'sesuai Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi. Dokumen ini memuat data ' +
          'pribadi Anda dalam bentuk jelas: simpan di tempat yang aman dan jangan teruskan kepada siapa pun.',
      ),
      heading('1. Akun'),
      keyValueTable(Object.entries(b.account).map(([k, v]) => [accountLabel(k), cellText(v)])),
      ...EXPORT_SECTIONS.flatMap((s, i) => [
        heading(`${i + 2}. ${s.title}`),
        ...(s.note ? [paragraph(s.note, { style: 'muted' })] : []),
        dataTable(
          s.columns.map(([, label]) => label),
          b[s.key].map((row) => s.columns.map(([k]) => cellText(row[k]))),
        ),
      ]),
    ],
  });
}
