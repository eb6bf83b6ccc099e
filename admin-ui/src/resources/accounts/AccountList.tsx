import { Alert, AlertTitle, Box, Theme, Typography, useMediaQuery } from '@mui/material';
import {
  SimpleList,
  Datagrid,
  DateInput,
  List,
  NumberInput,
  SearchInput,
  SelectInput,
  TextField,
  TextInput,
  RecordContextProvider,
  useGetList,
  useListContext,
  useTranslate,
} from 'react-admin';
import { DaysLeft, StatusChip, WibDate } from '../../components';
import { fmtDateTime } from '../../format';
import { FlowActions } from '../registrations/FlowActions';
import { LastMessage } from '../registrations';

const STATUS = ['ACTIVE', 'SUSPENDED', 'CANCELLED'].map((id) => ({ id, name: id }));
const SCALE = ['UMK', 'NON_UMK'].map((id) => ({ id, name: id }));
const ACTOR = [
  { id: 'INDIVIDUAL', name: 'Perorangan / Individual' },
  { id: 'BUSINESS_ENTITY', name: 'Badan usaha / Entity' },
];

const filters = [
  <SearchInput source="q" alwaysOn key="q" placeholder="NIK, username, email, telepon, nama" sx={{ minWidth: 320 }} />,
  <SelectInput source="status" choices={STATUS} key="status" />,
  <SelectInput source="scale" choices={SCALE} key="scale" />,
  <SelectInput source="actorType" choices={ACTOR} key="actorType" />,
  <TextInput source="provinceCode" key="provinceCode" />,
  <DateInput source="createdFrom" key="createdFrom" />,
  <DateInput source="createdTo" key="createdTo" />,
  <NumberInput source="expiringWithinDays" key="expiringWithinDays" />,
];

const UNFINISHED = ['VERIFY_CODE', 'SET_PASSWORD', 'COMPLETE_PROFILE'];
/** Terms the registration search understands: an email, a NIK, passport or phone (6+ digits). */
const identifies = (q: string) => q.includes('@') || q.replace(/\D/g, '').length >= 6;

/**
 * "Pendaftaran belum selesai": an applicant who started but never finished has
 * no account, so a search by NIK, email or phone also shows their unfinished
 * registration with the fate of its code and what the officer can do.
 */
function UnfinishedRegistrations() {
  const { filterValues } = useListContext();
  const t = useTranslate();
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
      {open.map((f) => (
        <Alert severity="warning" key={f.id} sx={{ mb: 1 }}>
          <AlertTitle>{t('resources.registrations.unfinished')}</AlertTitle>
          <Typography variant="body2">
            {t('resources.registrations.fields.step')}: <strong>{f.step}</strong> ·{' '}
            {t('resources.registrations.fields.maskedDestination')}: {f.maskedDestination} ·{' '}
            {t('resources.registrations.fields.createdAt')}: {fmtDateTime(f.createdAt)} ·{' '}
            {t('resources.registrations.fields.expiresAt')}: {fmtDateTime(f.expiresAt)}
          </Typography>
          <RecordContextProvider value={f}>
            <Box sx={{ my: 1 }}>
              <LastMessage />
            </Box>
          </RecordContextProvider>
          {f.step === 'VERIFY_CODE' && <FlowActions reference={String(f.id)} />}
        </Alert>
      ))}
    </Box>
  );
}

/** One search box (the API's q) plus the filters; status chips follow live events. */
export function AccountList() {
  const t = useTranslate();
  const small = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'));
  return (
    <List filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} empty={false}>
      <UnfinishedRegistrations />
      {small ? (
        <SimpleList
          linkType="show"
          primaryText={(r) => r.fullName ?? r.companyName ?? r.username}
          secondaryText={(r) => `${r.username} · ${r.nik ?? r.email ?? ''}`}
          tertiaryText={() => <StatusChip live />}
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
