import { Box, Checkbox, FormControlLabel, FormGroup, Typography } from '@mui/material';
import ReportIcon from '@mui/icons-material/ReportProblem';
import {
  Datagrid,
  FunctionField,
  List,
  SimpleList,
  TextField,
  TopToolbar,
  useDataProvider,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { ConsoleDataProvider } from '../../dataProvider';
import { enumsIndonesian } from '../../i18n/enums';
import { enumLabel } from '../../i18n';
import { ActionDialog, useConsoleAction, useSmallScreen, WibDate } from '../../components';
import { useFormat } from '../../format';

/** In the schema's order: identity first. */
const CATEGORIES: (keyof typeof enumsIndonesian.BreachDataCategory)[] = [
  'NIK',
  'NAME',
  'EMAIL',
  'PHONE',
  'BIRTH_DATE',
  'ADDRESS',
  'NPWP',
  'PASSPORT',
  'PASSWORD_HASH',
  'COMPANY',
  'OTHER',
];
const k = (key: string) => `resources.breachIncidents.${key}`;

function save(data: BlobPart, type: string, name: string) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "Catat insiden": when it was found, what data, how, and what is being done. */
function RecordButton() {
  const t = useTranslate();
  const record = useConsoleAction('recordBreachIncident');
  return (
    <ActionDialog
      label={t(k('record'))}
      color="error"
      variant="contained"
      fields={[
        { name: 'foundAt', label: t(k('fields.foundAt')), type: 'datetime-local' },
        { name: 'description', label: t(k('fields.description')), multiline: true },
        { name: 'measures', label: t(k('fields.measures')), multiline: true },
      ]}
      run={(v) =>
        record({
          input: {
            foundAt: new Date(v.foundAt).toISOString(),
            dataCategories: CATEGORIES.filter((c) => v[`cat_${c}`]),
            description: v.description,
            measures: v.measures,
          },
        })
      }
    >
      <Typography variant="body2" sx={{ mt: 1 }}>
        {t(k('fields.dataCategories'))}
      </Typography>
      <FormGroup row>
        {CATEGORIES.map((c) => (
          <FormControlLabel
            key={c}
            control={<Checkbox name={`cat_${c}`} size="small" />}
            label={enumLabel(t, 'BreachDataCategory', c)}
          />
        ))}
      </FormGroup>
    </ActionDialog>
  );
}

function Categories(_: { label?: string }) {
  const r = useRecordContext();
  const t = useTranslate();
  return <span>{(r?.dataCategories ?? []).map((c: string) => enumLabel(t, 'BreachDataCategory', c)).join(', ')}</span>;
}

/** Hours and minutes to the 72-hour deadline; overdue in red. */
function TimeLeft(_: { label?: string }) {
  const r = useRecordContext();
  const t = useTranslate();
  if (r?.secondsLeft == null) return <span>–</span>;
  const s = Math.abs(r.secondsLeft);
  const text = t('resources.dataSubjectRequests.hoursMinutes', {
    h: Math.floor(s / 3600),
    m: Math.floor((s % 3600) / 60),
  });
  return (
    <Typography
      component="span"
      variant="body2"
      data-testid="breach-time-left"
      sx={{ color: r.overdue ? '#c62828' : undefined, fontWeight: r.overdue ? 600 : undefined }}
    >
      {r.overdue ? t('resources.dataSubjectRequests.overdueBy', { time: text }) : text}
    </Typography>
  );
}

/** Select the affected accounts, notify them, record the report, download it. */
function Steps(_: { label?: string }) {
  const r = useRecordContext();
  const t = useTranslate();
  const select = useConsoleAction('selectBreachAffectedAccounts');
  const notify = useConsoleAction('notifyBreachAffected');
  const reported = useConsoleAction('markBreachReported');
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  if (!r) return null;
  const download = async (format: 'json' | 'html' | 'pdf') => {
    if (format === 'pdf') {
      const { reportPdf } = await dataProvider.breachReportPdf({ id: r.id });
      const bytes = Uint8Array.from(atob(reportPdf), (c) => c.charCodeAt(0));
      save(bytes, 'application/pdf', `laporan-insiden-${r.number}.pdf`);
      return;
    }
    const b = await dataProvider.breachReport({ id: r.id });
    if (format === 'json')
      save(JSON.stringify(b.report, null, 2), 'application/json', `laporan-insiden-${r.number}.json`);
    else save(b.reportHtml, 'text/html;charset=utf-8', `laporan-insiden-${r.number}.html`);
  };
  const optional = (name: string, type?: string) => ({ name, label: t(k(`query.${name}`)), type, required: false });
  return (
    <Box component="span" onClick={(e) => e.stopPropagation()} sx={{ display: 'flex', flexWrap: 'wrap' }}>
      <ActionDialog
        label={t(k('select'))}
        fields={[
          optional('provinceCode'),
          optional('createdFrom', 'date'),
          optional('createdTo', 'date'),
          { ...optional('accountIds'), multiline: true },
        ]}
        run={(v) =>
          select({
            id: r.id,
            query: {
              provinceCode: v.provinceCode || null,
              createdFrom: v.createdFrom ? new Date(`${v.createdFrom}T00:00:00+07:00`).toISOString() : null,
              createdTo: v.createdTo ? new Date(`${v.createdTo}T00:00:00+07:00`).toISOString() : null,
              accountIds: v.accountIds ? v.accountIds.split(/[\s,;]+/).filter(Boolean) : null,
            },
          })
        }
      />
      <ActionDialog label={t(k('notify'))} color="warning" run={() => notify({ id: r.id })}>
        <Typography variant="body2">{t(k('notifyConfirm'))}</Typography>
      </ActionDialog>
      {!r.reportedAt && (
        <ActionDialog
          label={t(k('reported'))}
          fields={[{ name: 'note', label: t(k('fields.reportNote')), multiline: true }]}
          run={(v) => reported({ id: r.id, note: v.note })}
        />
      )}
      <ActionDialog label={t(k('reportPdf'))} run={() => download('pdf')} done={t(k('downloaded'))}>
        <Typography variant="body2">{t(k('reportPdfHint'))}</Typography>
      </ActionDialog>
      <ActionDialog label={t(k('report'))} run={() => download('html')} done={t(k('downloaded'))}>
        <Typography variant="body2">{t(k('reportHint'))}</Typography>
      </ActionDialog>
      <ActionDialog label="JSON" run={() => download('json')} done={t(k('downloaded'))}>
        <Typography variant="body2">{t(k('reportHint'))}</Typography>
      </ActionDialog>
    </Box>
  );
}

/** On a phone: the incident, its clock, how many were affected / notified / unreachable, the steps. */
function PhoneRows() {
  const f = useFormat();
  const t = useTranslate();
  return (
    <SimpleList
      rowClick={false}
      primaryText={(r) => r.number}
      secondaryText={(r) => (
        <>
          <Categories /> · {f.dateTime(r.foundAt)} · <TimeLeft /> ·{' '}
          {`${t(k('fields.affected'))}: ${r.affected.affected} / ${r.affected.notified} / ${r.affected.unreachable}`}
          <br />
          {r.description}
          <Steps />
        </>
      )}
    />
  );
}

function BreachList() {
  const small = useSmallScreen();
  return (
    <List
      perPage={25}
      exporter={false}
      empty={false}
      actions={
        <TopToolbar>
          <RecordButton />
        </TopToolbar>
      }
    >
      {small ? (
        <PhoneRows />
      ) : (
        <Datagrid bulkActionButtons={false} rowClick={false}>
          <TextField source="number" sortable={false} />
          <WibDate source="foundAt" sortable={false} />
          <Categories label="resources.breachIncidents.fields.dataCategories" />
          <TextField source="description" sortable={false} />
          <WibDate source="dueAt" sortable={false} />
          <TimeLeft label="resources.breachIncidents.fields.secondsLeft" />
          <FunctionField
            source="affected"
            sortable={false}
            render={(r: any) => (
              <span data-testid="breach-affected">{`${r.affected.affected} / ${r.affected.notified} / ${r.affected.unreachable}`}</span>
            )}
          />
          <WibDate source="notifiedAt" sortable={false} />
          <WibDate source="reportedAt" sortable={false} />
          <Steps label="app.actions.column" />
        </Datagrid>
      )}
    </List>
  );
}

/** The breach register (UU PDP): newest first, each with its 72-hour clock. */
export default { icon: ReportIcon, list: BreachList };
