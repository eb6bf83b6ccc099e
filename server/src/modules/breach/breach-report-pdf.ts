import { dataTable, heading, keyValueTable, paragraph, renderPdf, wib } from '../../shared/pdf';
import type { BreachReport } from './breach.service';

/**
 * The report for the supervisory body as a PDF in Bahasa Indonesia: the same
 * facts as the JSON report and its page (breachReportHtml), no personal data
 * (counts by province only).
 */
export function breachReportPdf(r: BreachReport): Promise<Buffer> {
  return renderPdf({
    title: `Laporan kegagalan pelindungan data pribadi ${r.incident.number}`,
    footer: `Insiden ${r.incident.number} · disusun ${wib(r.generatedAt)}`,
    content: [
      heading('Laporan kegagalan pelindungan data pribadi', 1),
      paragraph(
        'Disampaikan sesuai Pasal 46 Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi ' +
          'kepada lembaga penyelenggara pelindungan data pribadi.',
      ),
      keyValueTable([
        ['Pengendali data', r.controller],
        ['Nomor insiden', r.incident.number],
        ['Waktu diketahui', wib(r.incident.foundAt)],
        ['Dicatat', wib(r.incident.recordedAt)],
        ['Batas pemberitahuan (3×24 jam)', wib(r.deadline) + (r.overdue ? ' (terlampaui)' : '')],
        ['Data pribadi yang terungkap', r.incident.dataCategoriesText.join(', ')],
        ['Bagaimana terjadi', r.incident.description],
        ['Upaya penanganan dan pemulihan', r.incident.measures],
        ['Subjek data terdampak', String(r.affected.total)],
        ['Sudah diberi tahu', `${r.affected.notified}${r.notifiedAt ? ` (terakhir ${wib(r.notifiedAt)})` : ''}`],
        ['Tidak dapat dihubungi (tanpa kontak terverifikasi)', String(r.affected.unreachable)],
        ['Dilaporkan ke lembaga pengawas', r.reportedAt ? wib(r.reportedAt) : 'belum'],
      ]),
      heading('Sebaran per provinsi'),
      dataTable(
        ['Kode provinsi', 'Jumlah akun'],
        r.affected.byProvince.map((p) => [p.provinceCode ?? '—', String(p.count)]),
        'Belum ada akun terdampak yang dipilih.',
        ['*', 100],
      ),
      paragraph(`Disusun ${wib(r.generatedAt)}.`, { style: 'muted' }),
    ],
  });
}
