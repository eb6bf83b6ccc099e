/** One exporter for every list: columns per resource, CSV and XLSX writers, the toolbar button. */
export { ExportListActions, ExportMenuButton, exporterFor, writeExport } from './ExportButton';
export { EXPORTS } from './columns';
export { exportEnglish, exportIndonesian } from './messages';
