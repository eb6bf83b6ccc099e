import type { ExportLookups, ExportSpec, Translate } from './format';
import { cellText, columnValue, neutralise, noLookups, wibWallClock } from './format';

/**
 * The same table as the CSV, as an Excel workbook (exceljs, loaded only when
 * an officer asks for XLSX). Dates are real date cells holding the Jakarta
 * wall-clock time, formatted with "WIB"; numbers are numbers; text is
 * neutralised as in the CSV, so the sheet stays safe when saved as CSV again.
 */
export async function toXlsx<R>(
  spec: ExportSpec<R>,
  records: R[],
  t: Translate,
  lookups: ExportLookups = noLookups,
): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'Hak Akses';
  const sheet = book.addWorksheet(neutralise(t(`resources.${spec.resource}.name`, { smart_count: 2 })).slice(0, 31));
  sheet.columns = spec.columns.map((c) => ({
    header: neutralise(t(c.label)),
    width: c.kind === 'datetime' ? 22 : 20,
    style:
      c.kind === 'datetime' ? { numFmt: 'yyyy-mm-dd hh:mm "WIB"' } : c.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of records) {
    sheet.addRow(
      spec.columns.map((c) => {
        const raw = columnValue(c, r, lookups, t);
        if (raw == null || raw === '') return null;
        if (c.kind === 'datetime' || c.kind === 'date') return wibWallClock(raw);
        if (c.kind === 'number' && typeof raw === 'number') return raw;
        return cellText(c.kind ?? 'text', raw, t);
      }),
    );
  }
  const buf = await book.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
