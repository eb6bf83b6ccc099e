import { useEffect, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { Title, useGetList, useTranslate } from 'react-admin';
import { ApiError } from '../api';
import { useConsoleAction } from '../components';
import { dayRange } from '../dashboard/range';
import { fmtLongDate, useFormat } from '../format';
import { lastSemester } from './period';

const PRINT_CSS = `
@media print {
  @page { size: A4; margin: 14mm; }
  header, .MuiDrawer-root, .RaSidebar-root, .skm-controls { display: none !important; }
  .RaLayout-content, .RaLayout-appFrame { padding: 0 !important; margin: 0 !important; }
  .skm-section { break-after: page; page-break-after: always; box-shadow: none !important; border: 0 !important; }
  .skm-section:last-of-type { break-after: auto; page-break-after: auto; }
}`;

/** [from, to) as its first and last WIB day, in the console's language. */
export const periodText = (p: { from: string; to: string }, locale = 'id') =>
  `${fmtLongDate(p.from, locale)} – ${fmtLongDate(Date.parse(p.to) - 1, locale)}`;

function download(file: { filename: string; contentType: string; contentBase64: string }) {
  const bytes = Uint8Array.from(atob(file.contentBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.contentType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The SKM report of a unit and period, printable (one section per page, the
 * unit and WIB period on each) and downloadable as PDF or XLSX from the server.
 */
export function SkmReportPage() {
  const t = useTranslate();
  const f = useFormat();
  const dec = f.decimal;
  const report = useConsoleAction('skmReport');
  const file = useConsoleAction('skmReportFile');
  const { data: units = [] } = useGetList('serviceUnits');
  const [range, setRange] = useState(lastSemester());
  const [unitId, setUnitId] = useState('');
  const [data, setData] = useState<any>();
  const [error, setError] = useState<string>();
  const vars = () => {
    const r = dayRange(range.first, range.last);
    return { unitId: unitId || null, from: r.from.toISOString(), to: r.to.toISOString() };
  };
  const load = async () => {
    setError(undefined);
    try {
      setData(await report(vars()));
    } catch (e) {
      setData(undefined);
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const get = async (format: 'PDF' | 'XLSX') => {
    setError(undefined);
    try {
      download(await file({ ...vars(), format }));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  useEffect(() => {
    void load();
  }, []);
  const unitName = data?.unit?.name ?? t('app.skm.all_units');
  const Section = ({ title, children, id }: { title: string; children: React.ReactNode; id: string }) => (
    <Card className="skm-section" sx={{ mb: 2 }} data-testid={`skm-${id}`}>
      <CardContent>
        <Typography variant="body2" color="text.secondary">
          {t('app.skm.report_title')} · {unitName} · {t('app.skm.period')} {periodText(data, f.locale)} (WIB)
        </Typography>
        <Typography variant="h6" sx={{ mt: 1, mb: 1 }}>
          {title}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
  const rows = (pairs: [string, React.ReactNode][]) => (
    <Table size="small">
      <TableBody>
        {pairs.map(([k, v]) => (
          <TableRow key={k}>
            <TableCell>{k}</TableCell>
            <TableCell align="right">{v}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
  return (
    <Box sx={{ p: { xs: 1, md: 2 } }}>
      <style>{PRINT_CSS}</style>
      <Title title={t('app.skm.menu_report')} />
      <Box className="skm-controls" sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'center', mb: 2 }}>
        <TextField
          select
          size="small"
          label={t('app.skm.unit')}
          value={unitId}
          onChange={(e) => setUnitId(e.target.value)}
          sx={{ minWidth: 260 }}
          slotProps={{ htmlInput: { 'data-testid': 'skm-unit' } }}
        >
          <MenuItem value="">{t('app.skm.own_unit')}</MenuItem>
          {units.map((u: any) => (
            <MenuItem key={u.id} value={u.id}>
              {u.name}
            </MenuItem>
          ))}
        </TextField>
        {(['first', 'last'] as const).map((k) => (
          <TextField
            key={k}
            type="date"
            size="small"
            label={t(`app.skm.${k}_day`)}
            value={range[k]}
            onChange={(e) => setRange((r) => ({ ...r, [k]: e.target.value }))}
            slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': `skm-${k}` } }}
          />
        ))}
        <Button variant="contained" onClick={() => void load()} data-testid="skm-show">
          {t('app.skm.show')}
        </Button>
        <Button variant="outlined" onClick={() => window.print()} disabled={!data} data-testid="skm-print">
          {t('app.skm.print')}
        </Button>
        <Button variant="outlined" onClick={() => void get('PDF')} disabled={!data} data-testid="skm-pdf">
          {t('app.skm.download_pdf')}
        </Button>
        <Button variant="outlined" onClick={() => void get('XLSX')} disabled={!data} data-testid="skm-xlsx">
          {t('app.skm.download_xlsx')}
        </Button>
      </Box>
      {error && (
        <Alert severity="error" sx={{ mb: 2 }} data-testid="skm-error">
          {error}
        </Alert>
      )}
      {data && (
        <>
          <Typography variant="h5" sx={{ mb: 1 }} data-testid="skm-heading">
            {t('app.skm.report_title')} – {unitName}
          </Typography>
          <Section id="summary" title={t('app.skm.summary')}>
            {rows([
              [t('app.skm.respondents'), data.respondents],
              [t('app.skm.ikm'), dec(data.ikm)],
              [t('app.skm.grade'), data.grade ? `${data.grade} (${data.gradeLabel})` : '–'],
              [t('app.skm.weight'), `1/9 (${dec(data.weight, 4)})`],
            ])}
          </Section>
          <Section id="elements" title={t('app.skm.elements')}>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{t('app.skm.code')}</TableCell>
                  <TableCell>{t('app.skm.element')}</TableCell>
                  <TableCell align="right">{t('app.skm.nrr')}</TableCell>
                  <TableCell align="right">{t('app.skm.weighted')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.elements.map((e: any) => (
                  <TableRow key={e.code}>
                    <TableCell>{e.code}</TableCell>
                    <TableCell>{e.name}</TableCell>
                    <TableCell align="right">{data.respondents ? dec(e.nrr) : '–'}</TableCell>
                    <TableCell align="right">{data.respondents ? dec(e.weightedNrr, 3) : '–'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Typography sx={{ mt: 2, fontWeight: 'bold' }}>{t('app.skm.lowest')}</Typography>
            {data.lowestElements.length ? (
              <ol>
                {data.lowestElements.map((e: any) => (
                  <li key={e.code}>
                    {e.code} {e.name}: NRR {dec(e.nrr)}
                  </li>
                ))}
              </ol>
            ) : (
              <Typography>{t('app.skm.none')}</Typography>
            )}
          </Section>
          <Section id="profile" title={t('app.skm.profile')}>
            {data.profile.gender.length ? (
              <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
                {(['gender', 'ageBand', 'education', 'occupation'] as const).map((field) => (
                  <Box key={field} sx={{ flex: '1 1 260px' }}>
                    <Typography sx={{ fontWeight: 'bold' }}>{t(`app.skm.${field}`)}</Typography>
                    {rows(data.profile[field].map((c: any) => [c.label, c.count]))}
                  </Box>
                ))}
              </Box>
            ) : (
              <Typography>{t('app.skm.profile_hidden')}</Typography>
            )}
          </Section>
          <Section id="comparison" title={t('app.skm.comparison')}>
            <Typography variant="body2" sx={{ mb: 1 }}>
              {t('app.skm.previous_period')}: {periodText(data.previous, f.locale)} (WIB)
            </Typography>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell />
                  <TableCell align="right">{t('app.skm.this_period')}</TableCell>
                  <TableCell align="right">{t('app.skm.previous_period')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {[
                  [t('app.skm.respondents'), data.respondents, data.previous.respondents],
                  [t('app.skm.ikm'), dec(data.ikm), dec(data.previous.ikm)],
                  [t('app.skm.grade'), data.grade ?? '–', data.previous.grade ?? '–'],
                  ...data.elements.map((e: any, i: number) => [
                    `${e.code} ${e.name}`,
                    data.respondents ? dec(e.nrr) : '–',
                    data.previous.respondents ? dec(data.previous.elements[i].nrr) : '–',
                  ]),
                ].map(([k, a, b]) => (
                  <TableRow key={k}>
                    <TableCell>{k}</TableCell>
                    <TableCell align="right">{a}</TableCell>
                    <TableCell align="right">{b}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Section>
          <Section id="sample" title={t('app.skm.sample')}>
            {rows([
              [t('app.skm.served'), data.served],
              [t('app.skm.sample_target'), data.sampleTarget],
              [t('app.skm.respondents'), data.respondents],
              [t('app.skm.sample_reached'), data.sampleReached ? t('app.yes') : t('app.no')],
            ])}
          </Section>
        </>
      )}
    </Box>
  );
}

export default SkmReportPage;
