import path from 'node:path';
import pdfmake from 'pdfmake';

/**
 * PDF documents in Bahasa Indonesia (pdfmake 0.3, server build): one place
 * that sets the fonts and what a document may load, and small builders for
 * the shapes every report uses (a title, a key–value table, a data table).
 *
 * The documents hold no images or links to fetch: nothing is read from the
 * network, and from disk only the bundled Roboto fonts.
 */
const FONT_DIR = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
let configured = false;

function configure(): void {
  if (configured) return;
  pdfmake.setFonts({
    Roboto: {
      normal: path.join(FONT_DIR, 'Roboto-Regular.ttf'),
      bold: path.join(FONT_DIR, 'Roboto-Medium.ttf'),
      italics: path.join(FONT_DIR, 'Roboto-Italic.ttf'),
      bolditalics: path.join(FONT_DIR, 'Roboto-MediumItalic.ttf'),
    },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((p) => path.resolve(p).startsWith(FONT_DIR + path.sep));
  configured = true;
}

/** A pdfmake content node (see the pdfmake documentation for the shapes). */
export type PdfNode = Record<string, unknown> | string | PdfNode[];

export interface PdfDocument {
  /** Document title (metadata, and the first heading when `heading` is not given). */
  title: string;
  /** Shown at the foot of every page with the page number. */
  footer: string;
  content: PdfNode[];
  landscape?: boolean;
  fontSize?: number;
}

/** Renders the document: A4, Roboto, numbered pages ("halaman 1 dari 3"). */
export function renderPdf(d: PdfDocument): Promise<Buffer> {
  configure();
  return pdfmake
    .createPdf({
      info: { title: d.title, creator: 'Hak Akses OSS', producer: 'Hak Akses OSS' },
      pageSize: 'A4',
      pageOrientation: d.landscape ? 'landscape' : 'portrait',
      pageMargins: [36, 44, 36, 44],
      defaultStyle: { font: 'Roboto', fontSize: d.fontSize ?? 10 },
      styles: {
        h1: { fontSize: 15, bold: true, margin: [0, 0, 0, 6] },
        h2: { fontSize: 12, bold: true, margin: [0, 10, 0, 4] },
        th: { bold: true, fillColor: '#eef2f7' },
        muted: { color: '#666666' },
      },
      footer: (page: number, pages: number) => ({
        text: `${d.footer} · halaman ${page} dari ${pages}`,
        alignment: 'center',
        fontSize: 8,
        margin: [0, 16, 0, 0],
      }),
      content: d.content,
    })
    .getBuffer();
}

export const heading = (text: string, level: 1 | 2 = 2): PdfNode => ({ text, style: level === 1 ? 'h1' : 'h2' });

export const paragraph = (text: string, extra: Record<string, unknown> = {}): PdfNode => ({
  text,
  margin: [0, 0, 0, 6],
  ...extra,
});

/** Label | value rows (the label column a third of the width). */
export function keyValueTable(rows: [string, string][]): PdfNode {
  return {
    table: {
      widths: ['32%', '*'],
      body: rows.map(([k, v]) => [{ text: k, style: 'th' }, v]),
    },
    margin: [0, 0, 0, 8],
  };
}

/** A table with a header row that repeats on every page; `empty` stands in for no rows. */
export function dataTable(headers: string[], rows: string[][], empty = 'Tidak ada data.', widths?: unknown[]): PdfNode {
  if (!rows.length) return { text: empty, style: 'muted', margin: [0, 0, 0, 8] };
  return {
    table: {
      headerRows: 1,
      widths: widths ?? headers.map(() => '*'),
      body: [headers.map((h) => ({ text: h, style: 'th' })), ...rows],
    },
    margin: [0, 0, 0, 8],
  };
}

/** Date-time as the reports show it: "4 Desember 2026 pukul 21.30 WIB". */
export function wib(d: Date | string): string {
  const at = new Date(d);
  if (Number.isNaN(at.getTime())) return String(d);
  return `${at.toLocaleString('id-ID', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Jakarta' })} WIB`;
}
