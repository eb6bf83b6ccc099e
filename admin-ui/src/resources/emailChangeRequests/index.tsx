import { Box } from '@mui/material';
import MailIcon from '@mui/icons-material/MarkEmailRead';
import { Datagrid, List, SelectInput, SimpleList, TextField, useRecordContext, useTranslate } from 'react-admin';
import {
  ActionDialog,
  EnumField,
  enumChoices,
  StatusChip,
  useConsoleAction,
  useEnumLabel,
  useSmallScreen,
  WibDate,
} from '../../components';
import { useFormat } from '../../format';
import { exporterFor, ExportListActions } from '../../export';

function DecideButtons(_: { label?: string }) {
  const r = useRecordContext();
  const t = useTranslate();
  const cancelRequest = useConsoleAction('cancelEmailChange');
  const approve = useConsoleAction('approveEmailChange');
  const reject = useConsoleAction('rejectEmailChange');
  if (r?.status !== 'OPEN' && r?.status !== 'APPROVED') return null;
  const cancel = (
    <ActionDialog
      label={t('app.actions.cancelRequest')}
      color="warning"
      fields={[{ name: 'reason', label: t('app.reason') }]}
      run={(v) => cancelRequest({ id: r.id, reason: v.reason })}
    />
  );
  // An approved request waits for the new address to confirm: until then staff can still stop it.
  if (r.status === 'APPROVED')
    return (
      <Box component="span" sx={{ display: 'block' }} onClick={(e) => e.stopPropagation()}>
        {cancel}
      </Box>
    );
  return (
    <Box component="span" sx={{ display: 'flex', flexWrap: 'wrap' }} onClick={(e) => e.stopPropagation()}>
      <ActionDialog
        label={t('app.actions.approve')}
        color="success"
        fields={[{ name: 'note', label: t('app.actions.note'), required: false }]}
        run={(v) => approve({ id: r.id, note: v.note || null })}
      />
      <ActionDialog
        label={t('app.actions.reject')}
        color="error"
        fields={[{ name: 'reason', label: t('app.reason') }]}
        run={(v) => reject({ id: r.id, reason: v.reason })}
      />
      {cancel}
    </Box>
  );
}

const ECR_STATUS = enumChoices('EmailChangeStatus', [
  'OPEN',
  'APPROVED',
  'REJECTED',
  'CONFIRMED',
  'EXPIRED',
  'CANCELLED',
]);
/** On a phone: the new address and its status, where it came from and why, the decision buttons. */
function PhoneRows() {
  const word = useEnumLabel();
  const f = useFormat();
  return (
    <SimpleList
      rowClick={false}
      primaryText={(r) => r.newEmail}
      tertiaryText={<StatusChip source="status" vocabulary="EmailChangeStatus" />}
      secondaryText={(r) => (
        <>
          {word('EmailChangeSource', r.source)} · {f.dateTime(r.createdAt)}
          {r.reason ? ` · ${r.reason}` : ''}
          <DecideButtons />
        </>
      )}
    />
  );
}

function EmailChangeList() {
  const small = useSmallScreen();
  return (
    <List
      filters={[<SelectInput source="status" choices={ECR_STATUS} alwaysOn key="s" />]}
      filterDefaultValues={{ status: 'OPEN' }}
      sort={{ field: 'createdAt', order: 'DESC' }}
      exporter={exporterFor('emailChangeRequests')}
      actions={<ExportListActions />}
    >
      {small ? (
        <PhoneRows />
      ) : (
        <Datagrid
          bulkActionButtons={false}
          rowClick={(_id, _r, rec: any) => (rec.accountId ? `/accounts/${rec.accountId}/show` : false)}
        >
          {/* The server lists requests in its own order: no header sorts. */}
          <StatusChip source="status" vocabulary="EmailChangeStatus" sortable={false} />
          <TextField source="newEmail" sortable={false} />
          <EnumField source="source" vocabulary="EmailChangeSource" sortable={false} />
          <TextField source="reason" sortable={false} />
          <WibDate source="createdAt" sortable={false} />
          <DecideButtons label="app.actions.column" />
        </Datagrid>
      )}
    </List>
  );
}

export default { icon: MailIcon, list: EmailChangeList };
