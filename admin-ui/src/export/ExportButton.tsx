import { useRef, useState } from 'react';
import DownloadIcon from '@mui/icons-material/GetApp';
import {
  Button as MuiButton,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  LinearProgress,
  Menu,
  MenuItem,
  Typography,
} from '@mui/material';
import {
  Button,
  CreateButton,
  Exporter,
  FilterButton,
  SelectColumnsButton,
  TopToolbar,
  useDataProvider,
  useListContext,
  useNotify,
  useTranslate,
} from 'react-admin';
import { i18nProvider } from '../i18n';
import { EXPORTS } from './columns';
import { ExportLookups, ExportSpec, fileName, noLookups, toCsv, Translate } from './format';

function download(data: BlobPart, type: string, name: string) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The names an export's rows need, looked up once for the whole file. */
async function lookupsFor(spec: ExportSpec, records: any[], dataProvider: any): Promise<ExportLookups> {
  if (!spec.needs) return noLookups;
  const accountIds: string[] = [];
  let provinces = false;
  for (const r of records) {
    const n = spec.needs(r);
    for (const id of n.accountIds ?? []) if (id) accountIds.push(id);
    provinces ||= !!n.provinces;
  }
  return dataProvider.exportLookups({ accountIds, provinces });
}

/** Writes records to a file in the chosen format. */
export async function writeExport(
  spec: ExportSpec,
  records: any[],
  format: 'csv' | 'xlsx',
  t: Translate,
  lookups: ExportLookups,
) {
  if (format === 'xlsx') {
    const { toXlsx } = await import('./xlsx');
    const bytes = await toXlsx(spec, records, t, lookups);
    download(
      bytes as BlobPart,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileName(spec.file, 'xlsx'),
    );
  } else {
    download(toCsv(spec, records, t, lookups), 'text/csv;charset=utf-8', fileName(spec.file, 'csv'));
  }
}

/**
 * react-admin's `exporter` for a list: the records it is given, as the same
 * CSV the export button writes (headers in the console's current language).
 */
export function exporterFor(resource: string): Exporter {
  const spec = EXPORTS[resource];
  return async (records, _related, dataProvider) => {
    const t: Translate = (k, o) => i18nProvider.translate(k, o);
    await writeExport(spec, records, 'csv', t, await lookupsFor(spec, records, dataProvider));
  };
}

/**
 * "Ekspor": CSV (and XLSX where offered) of everything the list's current
 * filter and sort select, fetched page by page with a progress dialog that can
 * be cancelled.
 */
export function ExportMenuButton() {
  const { resource, filterValues, sort, total, data } = useListContext();
  const spec = EXPORTS[resource];
  const dataProvider = useDataProvider<any>();
  const t = useTranslate();
  const notify = useNotify();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number; names?: boolean } | null>(null);
  const abort = useRef<AbortController | null>(null);
  if (!spec) return null;

  const run = async (format: 'csv' | 'xlsx') => {
    setAnchor(null);
    abort.current = new AbortController();
    setProgress({ done: 0, total: total ?? 0 });
    try {
      const records = spec.loaded
        ? [...(data ?? [])]
        : await dataProvider.exportRows(
            resource,
            { filter: filterValues, sort },
            (done: number, all: number) => setProgress({ done, total: all }),
            abort.current.signal,
          );
      setProgress((p) => (p ? { ...p, names: true } : p));
      const lookups = await lookupsFor(spec, records, dataProvider);
      await writeExport(spec, records, format, t, lookups);
      notify(t('export.done', { n: records.length }), { type: 'success' });
    } catch (e: any) {
      if (!abort.current?.signal.aborted) notify(t('export.failed', { message: e.message }), { type: 'error' });
    } finally {
      setProgress(null);
      abort.current = null;
    }
  };

  return (
    <>
      <Button
        label={t('export.button')}
        onClick={(e) => (spec.xlsx ? setAnchor(e.currentTarget) : run('csv'))}
        disabled={total === 0 || !!progress}
        data-testid="export-button"
        aria-haspopup={spec.xlsx ? 'menu' : undefined}
      >
        <DownloadIcon />
      </Button>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        <MenuItem onClick={() => run('csv')} data-testid="export-csv">
          {t('export.csv')}
        </MenuItem>
        <MenuItem onClick={() => run('xlsx')} data-testid="export-xlsx">
          {t('export.xlsx')}
        </MenuItem>
      </Menu>
      <Dialog open={!!progress} fullWidth maxWidth="xs" aria-labelledby="export-progress-title">
        <DialogTitle id="export-progress-title">{t('export.button')}</DialogTitle>
        <DialogContent>
          <Typography variant="body2" data-testid="export-progress" sx={{ mb: 1 }}>
            {progress?.names
              ? t('export.names')
              : t('export.progress', { done: progress?.done ?? 0, total: progress?.total ?? 0 })}
          </Typography>
          <LinearProgress
            variant={progress?.total ? 'determinate' : 'indeterminate'}
            value={progress?.total ? Math.min(100, (100 * progress.done) / progress.total) : undefined}
          />
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={() => abort.current?.abort()}>{t('export.cancel')}</MuiButton>
        </DialogActions>
      </Dialog>
    </>
  );
}

/** A list's top toolbar: filters, "create" where the list has it, and the export. */
export function ExportListActions({ create = false, columns = false }: { create?: boolean; columns?: boolean }) {
  return (
    <TopToolbar>
      <FilterButton />
      {columns && <SelectColumnsButton />}
      {create && <CreateButton />}
      <ExportMenuButton />
    </TopToolbar>
  );
}
