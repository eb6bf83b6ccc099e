import { Box } from '@mui/material';
import MailIcon from '@mui/icons-material/MarkEmailRead';
import { Datagrid, List, SelectInput, TextField, useRecordContext, useTranslate } from 'react-admin';
import { ActionDialog, EnumField, enumChoices, StatusChip, useConsoleAction, WibDate } from '../../components';
import { exporterFor, ExportListActions } from '../../export';

function DecideButtons() {
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
  if (r.status === 'APPROVED') return <Box onClick={(e) => e.stopPropagation()}>{cancel}</Box>;
  return (
    <Box onClick={(e) => e.stopPropagation()}>
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
export default {
  icon: MailIcon,
  list: () => (
    <List
      filters={[<SelectInput source="status" choices={ECR_STATUS} alwaysOn key="s" />]}
      filterDefaultValues={{ status: 'OPEN' }}
      sort={{ field: 'createdAt', order: 'DESC' }}
      exporter={exporterFor('emailChangeRequests')}
      actions={<ExportListActions />}
    >
      <Datagrid
        bulkActionButtons={false}
        rowClick={(_id, _r, rec: any) => (rec.accountId ? `/accounts/${rec.accountId}/show` : false)}
      >
        <StatusChip source="status" vocabulary="EmailChangeStatus" />
        <TextField source="newEmail" />
        <EnumField source="source" vocabulary="EmailChangeSource" />
        <TextField source="reason" />
        <WibDate source="createdAt" />
        <DecideButtons />
      </Datagrid>
    </List>
  ),
};
