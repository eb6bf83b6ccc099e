import { Theme, useMediaQuery } from '@mui/material';
import {
  SimpleList,
  Datagrid,
  DateInput,
  List,
  NumberInput,
  SearchInput,
  SelectInput,
  TextField,
  useTranslate,
} from 'react-admin';
import { DaysLeft, enumChoices, StatusChip, WibDate } from '../../components';
import { useProvinceNames } from '../../regions';

const filters = (t: (k: string) => string, provinces: Record<string, string>) => [
  <SearchInput source="q" alwaysOn key="q" placeholder={t('resources.accounts.fields.q')} sx={{ minWidth: 320 }} />,
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
  <NumberInput source="expiringWithinDays" key="expiringWithinDays" />,
];

/** One search box (the API's q) plus the filters; status chips follow live events. */
export function AccountList() {
  const t = useTranslate();
  const provinces = useProvinceNames();
  const small = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'));
  return (
    <List filters={filters(t, provinces)} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25}>
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
