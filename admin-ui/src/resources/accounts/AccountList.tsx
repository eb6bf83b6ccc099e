import { Alert, AlertTitle, Box, Typography } from '@mui/material';
import {
  SimpleList,
  Datagrid,
  DateInput,
  List,
  NumberInput,
  Pagination,
  SearchInput,
  SelectInput,
  TextField,
  RecordContextProvider,
  useGetList,
  useListContext,
  useTranslate,
} from 'react-admin';
import { useEffect } from 'react';
import { DaysLeft, enumChoices, StatusChip, useEnumLabel, useSmallScreen, WibDate } from '../../components';
import { useFormat } from '../../format';
import { useProvinceNames } from '../../regions';
import { FlowActions } from '../registrations/FlowActions';
import { FlowMessages, flowActionsOf } from '../registrations';
import { exporterFor, ExportListActions } from '../../export';

const filters = (t: (k: string) => string, provinces: Record<string, string>, small: boolean) => [
  // On a phone the long hint would be cut off inside the box: a shorter one.
  <SearchInput
    source="q"
    alwaysOn
    key="q"
    placeholder={t(small ? 'resources.accounts.searchShort' : 'resources.accounts.fields.q')}
    sx={{ minWidth: { sm: 320 } }}
  />,
  <SelectInput source="status" choices={enumChoices('AccountStatus')} key="status" />,
  <SelectInput source="scale" choices={enumChoices('BusinessScale')} key="scale" />,
  <SelectInput source="actorType" choices={enumChoices('ActorType')} key="actorType" />,
  // Provinces by name; the filter still sends the code.
  <SelectInput
    source="provinceCode"
    key="provinceCode"
    choices={Object.entries(provinces).map(([id, name]) => ({ id, name }))}
    translateChoice={false}
  />,
  <DateInput source="createdFrom" key="createdFrom" />,
  <DateInput source="createdTo" key="createdTo" />,
  <DateInput source="cancelledFrom" key="cancelledFrom" />,
  <DateInput source="cancelledTo" key="cancelledTo" />,
  <NumberInput source="expiringWithinDays" key="expiringWithinDays" />,
];

const UNFINISHED = ['VERIFY_CODE', 'SET_PASSWORD', 'COMPLETE_PROFILE'];
/**
 * Terms the registration search understands: an email, a passport, a NIK, or 8+ digits of a phone number
 * (the server's least, counted without the country code or trunk 0).
 */
const identifies = (q: string) => {
  if (q.includes('@')) return true;
  const digits = q.replace(/[\s().+-]/g, '');
  if (/^\d+$/.test(digits)) return digits.length === 16 || digits.replace(/^62/, '').replace(/^0/, '').length >= 8;
  return /^[a-z0-9._-]+$/i.test(q) && digits.replace(/\D/g, '').length >= 6;
};

/**
 * "Pendaftaran belum selesai": an applicant who started but never finished has
 * no account, so a search by NIK, email or phone also shows their unfinished
 * registration with the fate of its code and what the officer can do.
 */
function UnfinishedRegistrations() {
  const { filterValues } = useListContext();
  const t = useTranslate();
  const word = useEnumLabel();
  const f = useFormat();
  const q = String(filterValues.q ?? '').trim();
  const { data } = useGetList(
    'registrations',
    { filter: { q }, pagination: { page: 1, perPage: 10 }, sort: { field: 'createdAt', order: 'DESC' } },
    { enabled: identifies(q) },
  );
  const open = (identifies(q) ? (data ?? []) : []).filter((f) => UNFINISHED.includes(f.step));
  if (!open.length) return null;
  return (
    <Box sx={{ px: 2, pt: 2 }} data-testid="unfinished-registrations">
      {open.map((flow) => (
        <Alert severity="warning" key={flow.id} sx={{ mb: 1 }}>
          <AlertTitle>{t('resources.registrations.unfinished')}</AlertTitle>
          <Typography variant="body2">
            {t('resources.registrations.fields.step')}: <strong>{word('FlowStep', flow.step)}</strong> ·{' '}
            {t('resources.registrations.fields.maskedDestination')}: {flow.maskedDestination} ·{' '}
            {t('resources.registrations.fields.createdAt')}: {f.dateTime(flow.createdAt)} ·{' '}
            {t('resources.registrations.fields.expiresAt')}: {f.dateTime(flow.expiresAt)}
          </Typography>
          <RecordContextProvider value={flow}>
            <Box sx={{ my: 1 }}>
              <FlowMessages />
            </Box>
          </RecordContextProvider>
          {flowActionsOf(flow).length > 0 && <FlowActions reference={String(flow.id)} actions={flowActionsOf(flow)} />}
        </Alert>
      ))}
    </Box>
  );
}

/**
 * "Expiring within N days" is read soonest first: turning that filter on sorts
 * by time left (the officer can still pick another order afterwards).
 */
function ExpiringSoonestFirst() {
  const { filterValues, sort, setSort } = useListContext();
  const expiring = filterValues.expiringWithinDays != null && filterValues.expiringWithinDays !== '';
  useEffect(() => {
    if (expiring && sort.field === 'createdAt') setSort({ field: 'expiresAt', order: 'ASC' });
  }, [expiring]);
  return null;
}

/** Above this many matches the server estimates the count (as the API says, `totalCountIsEstimate`). */
const EXACT_COUNT_LIMIT = 10_000;

/**
 * react-admin's pagination, saying "lebih dari 10.000 (perkiraan …)" when the
 * server only estimated the count: a common name matches millions, and counting
 * them exactly would cost more than the page.
 */
function AccountPagination() {
  const { meta } = useListContext();
  const t = useTranslate();
  const f = useFormat();
  const label = ({ from, to, count }: { from: number; to: number; count: number }) =>
    meta?.totalCountIsEstimate
      ? t('app.estimated_range', {
          from: f.number(from),
          to: f.number(to),
          limit: f.number(EXACT_COUNT_LIMIT),
          total: f.number(count),
        })
      : t('ra.navigation.page_range_info', {
          offsetBegin: f.number(from),
          offsetEnd: f.number(to),
          total: f.number(count),
        });
  // react-admin passes the rest of its props on to MUI's TablePagination, whose label this is.
  return <Pagination {...({ labelDisplayedRows: label } as object)} />;
}

/** One search box (the API's q) plus the filters; status chips follow live events. */
export function AccountList() {
  const t = useTranslate();
  const provinces = useProvinceNames();
  const small = useSmallScreen();
  return (
    <List
      filters={filters(t, provinces, small)}
      sort={{ field: 'createdAt', order: 'DESC' }}
      perPage={25}
      empty={false}
      exporter={exporterFor('accounts')}
      actions={<ExportListActions />}
      pagination={<AccountPagination />}
    >
      <UnfinishedRegistrations />
      <ExpiringSoonestFirst />
      {small ? (
        <SimpleList
          linkType="show"
          primaryText={(r) => r.fullName ?? r.companyName ?? r.username}
          secondaryText={(r) => `${r.username} · ${r.nik ?? r.email ?? ''}`}
          tertiaryText={<StatusChip live />}
        />
      ) : (
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <TextField source="username" />
          <TextField source="fullName" />
          <TextField source="companyName" />
          <TextField source="nik" sortable={false} />
          <TextField source="email" sortable={false} />
          <StatusChip source="status" live />
          <DaysLeft label={t('app.days_left')} sortBy="expiresAt" />
          <WibDate source="createdAt" />
        </Datagrid>
      )}
    </List>
  );
}
