import { Box, Typography } from '@mui/material';
import PrivacyIcon from '@mui/icons-material/PrivacyTip';
import {
  Datagrid,
  FunctionField,
  List,
  NullableBooleanInput,
  SelectInput,
  SimpleList,
  TextField,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import {
  ActionDialog,
  EnumField,
  enumChoices,
  StatusChip,
  useConsoleAction,
  useEnumLabel,
  useNow,
  useSmallScreen,
  WibDate,
} from '../../components';
import { exporterFor, ExportListActions } from '../../export';
import { useFormat } from '../../format';
import { enumLabel } from '../../i18n';

const KINDS = enumChoices('DataSubjectRequestKind', [
  'ACCESS',
  'CORRECTION',
  'DELETION',
  'RESTRICTION',
  'OBJECTION',
  'CONSENT_WITHDRAWAL',
]);
const STATUSES = enumChoices('DataSubjectRequestStatus', ['OPEN', 'IN_PROGRESS', 'FULFILLED', 'REFUSED']);

const filters = [
  <SelectInput source="status" choices={STATUSES} alwaysOn key="status" />,
  <SelectInput source="kind" choices={KINDS} key="kind" />,
  <NullableBooleanInput source="overdue" key="overdue" />,
];

/** The queue reloads this often, so a request filed meanwhile appears without a reload. */
const REFETCH_MS = 15_000;

/** When the console received each version of a row: its secondsLeft was true then. */
const receivedAt = new WeakMap<object, number>();

/**
 * Hours and minutes to the legal deadline, counting down every 30 s from what
 * the server said when the row arrived; overdue in red (the server's clock
 * decides, and the count-down once it passes zero).
 */
function TimeLeft(_: { label?: string }) {
  const r = useRecordContext();
  const t = useTranslate();
  const now = useNow();
  if (r?.secondsLeft == null) return <span>–</span>;
  if (!receivedAt.has(r)) receivedAt.set(r, Date.now());
  const left = r.secondsLeft - Math.max(0, Math.floor((now - receivedAt.get(r)!) / 1000));
  const overdue = r.overdue || left < 0;
  const s = Math.abs(left);
  const text = t('resources.dataSubjectRequests.hoursMinutes', {
    h: Math.floor(s / 3600),
    m: Math.floor((s % 3600) / 60),
  });
  return (
    <Typography
      component="span"
      variant="body2"
      data-testid="time-left"
      data-overdue={overdue ? 'true' : 'false'}
      sx={{ color: overdue ? '#c62828' : undefined, fontWeight: overdue ? 600 : undefined }}
    >
      {overdue ? t('resources.dataSubjectRequests.overdueBy', { time: text }) : text}
    </Typography>
  );
}

/** What fulfilling did: where an access export's one-time link stands, or when the account was anonymised. */
function Effect(_: { label?: string }) {
  const r = useRecordContext();
  const t = useTranslate();
  const { dateTime: when } = useFormat();
  if (r?.anonymisedAt && r.kind === 'DELETION' && r.status === 'FULFILLED')
    return (
      <span data-testid="effect">
        {t('resources.dataSubjectRequests.anonymisedOn', { date: when(r.anonymisedAt) })}
      </span>
    );
  if (!r?.export) return <span>–</span>;
  const status = enumLabel(t, 'DataExportStatus', r.export.status);
  return (
    <span data-testid="effect">
      {r.export.status === 'WAITING'
        ? t('resources.dataSubjectRequests.exportUntil', { status, date: when(r.export.expiresAt) })
        : r.export.downloadedAt
          ? `${status} ${when(r.export.downloadedAt)}`
          : status}
    </span>
  );
}

/** Take the request, then fulfil or refuse it with the reason the applicant will read. */
function DecideButtons(_: { label?: string }) {
  const r = useRecordContext();
  const t = useTranslate();
  const assign = useConsoleAction('assignDataSubjectRequestToMe');
  const decide = useConsoleAction('decideDataSubjectRequest');
  if (r?.status !== 'OPEN' && r?.status !== 'IN_PROGRESS') return null;
  const reason = [{ name: 'reason', label: t('resources.dataSubjectRequests.reasonForApplicant'), multiline: true }];
  return (
    <Box component="span" onClick={(e) => e.stopPropagation()} sx={{ display: 'flex', flexWrap: 'wrap' }}>
      {r.status === 'OPEN' && <ActionDialog label={t('app.actions.assign_me')} run={() => assign({ id: r.id })} />}
      <ActionDialog
        label={t('resources.dataSubjectRequests.fulfil')}
        color="success"
        fields={reason}
        run={(v) => decide({ id: r.id, outcome: 'FULFILLED', reason: v.reason })}
      />
      <ActionDialog
        label={t('resources.dataSubjectRequests.refuse')}
        color="error"
        fields={reason}
        run={(v) => decide({ id: r.id, outcome: 'REFUSED', reason: v.reason })}
      />
    </Box>
  );
}

/** On a phone: the request, its status, whose it is, the time left and the buttons. */
function PhoneRows() {
  const word = useEnumLabel();
  const t = useTranslate();
  return (
    <SimpleList
      rowClick={false}
      primaryText={(r) => `${r.number} · ${word('DataSubjectRequestKind', r.kind)}`}
      tertiaryText={<StatusChip source="status" vocabulary="DataSubjectRequestStatus" />}
      secondaryText={(r) => (
        <>
          {r.account?.username ?? '–'} · <TimeLeft /> · <Effect />
          {r.assignee ? ` · ${t('resources.dataSubjectRequests.fields.assignee')}: ${r.assignee.username}` : ''}
          {r.details ? ` · ${r.details}` : ''}
          <DecideButtons />
        </>
      )}
      rowSx={(r) => (r.overdue ? { backgroundColor: '#fdecea' } : {})}
    />
  );
}

/** The queue of UU PDP requests, soonest deadline first; overdue rows stand out in red. */
function DataRequestList() {
  const small = useSmallScreen();
  return (
    <List
      filters={filters}
      filterDefaultValues={{ status: 'OPEN' }}
      perPage={25}
      sort={{ field: 'dueAt', order: 'ASC' }}
      exporter={exporterFor('dataSubjectRequests')}
      actions={<ExportListActions />}
      queryOptions={{ refetchInterval: REFETCH_MS }}
    >
      {small ? (
        <PhoneRows />
      ) : (
        <Datagrid
          bulkActionButtons={false}
          rowClick={(_id, _r, rec: any) => (rec.accountId ? `/accounts/${rec.accountId}/show` : false)}
          rowSx={(r) => (r.overdue ? { backgroundColor: '#fdecea' } : {})}
        >
          <TextField source="number" sortable={false} />
          <StatusChip source="status" vocabulary="DataSubjectRequestStatus" sortable={false} />
          <EnumField source="kind" vocabulary="DataSubjectRequestKind" sortable={false} />
          <FunctionField source="account" sortable={false} render={(r: any) => r.account?.username ?? '–'} />
          <EnumField source="via" vocabulary="DataSubjectRequestVia" sortable={false} />
          <TextField source="details" sortable={false} emptyText="–" />
          <WibDate source="dueAt" sortable={false} />
          <TimeLeft label="resources.dataSubjectRequests.fields.secondsLeft" />
          <FunctionField source="assignee" sortable={false} render={(r: any) => r.assignee?.username ?? '–'} />
          <TextField source="reason" sortable={false} emptyText="–" />
          <Effect label="resources.dataSubjectRequests.fields.effect" />
          <DecideButtons label="app.actions.column" />
        </Datagrid>
      )}
    </List>
  );
}

export default { icon: PrivacyIcon, list: DataRequestList };
