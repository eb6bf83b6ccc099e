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
  useListContext,
  useTranslate,
} from 'react-admin';
import { useEffect, useState } from 'react';
import { gql } from '../../api';
import { DaysLeft, StatusChip, WibDate } from '../../components';
import { exporterFor, ExportListActions } from '../../export';

const STATUS = ['ACTIVE', 'SUSPENDED', 'CANCELLED'].map((id) => ({ id, name: id }));
const SCALE = ['UMK', 'NON_UMK'].map((id) => ({ id, name: id }));
const ACTOR = [
  { id: 'INDIVIDUAL', name: 'Perorangan / Individual' },
  { id: 'BUSINESS_ENTITY', name: 'Badan usaha / Entity' },
];

/** The province filter by name (the region data), sending the 2-digit code the API filters on. */
function ProvinceInput(props: { source: string }) {
  const [choices, setChoices] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    gql<{ provinces: { code: string; name: string }[] }>('{ provinces { code name } }')
      .then((d) => setChoices(d.provinces.map((p) => ({ id: p.code, name: p.name }))))
      .catch(() => setChoices([]));
  }, []);
  return <SelectInput {...props} choices={choices} />;
}

const filters = [
  <SearchInput source="q" alwaysOn key="q" placeholder="NIK, username, email, telepon, nama" sx={{ minWidth: 320 }} />,
  <SelectInput source="status" choices={STATUS} key="status" />,
  <SelectInput source="scale" choices={SCALE} key="scale" />,
  <SelectInput source="actorType" choices={ACTOR} key="actorType" />,
  <ProvinceInput source="provinceCode" key="provinceCode" />,
  <DateInput source="createdFrom" key="createdFrom" />,
  <DateInput source="createdTo" key="createdTo" />,
  <NumberInput source="expiringWithinDays" key="expiringWithinDays" />,
];

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

/** One search box (the API's q) plus the filters; status chips follow live events. */
export function AccountList() {
  const t = useTranslate();
  const small = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'));
  return (
    <List
      filters={filters}
      sort={{ field: 'createdAt', order: 'DESC' }}
      perPage={25}
      exporter={exporterFor('accounts')}
      actions={<ExportListActions />}
    >
      <ExpiringSoonestFirst />
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
