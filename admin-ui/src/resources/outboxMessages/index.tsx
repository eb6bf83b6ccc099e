import OutboxIcon from '@mui/icons-material/Outbox';
import {
  Datagrid,
  FunctionField,
  List,
  SelectInput,
  TextField,
  TextInput,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { ActionDialog, mutate, StatusChip, WibDate } from '../../components';
import { exporterFor, ExportListActions } from '../../export';

function Redeliver() {
  const r = useRecordContext();
  const t = useTranslate();
  if (r?.status !== 'DEAD') return null;
  return (
    <ActionDialog
      label={t('app.actions.redeliver')}
      run={() => mutate('mutation($id: ID!) { redeliverMessage(id: $id) { id } }', { id: r.id })}
    />
  );
}
const MSG_STATUS = ['PENDING', 'SENT', 'FAILED', 'DEAD', 'HELD'].map((id) => ({ id, name: id }));
/** The text of a message (codes only for messages held on an install without transports). */
const MessageBody = () => {
  const r = useRecordContext();
  return (
    <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="message-body">
      {r?.body}
    </pre>
  );
};
export default {
  icon: OutboxIcon,
  list: () => (
    <List
      filters={[
        <SelectInput source="status" choices={MSG_STATUS} alwaysOn key="s" />,
        <TextInput source="recipient" key="r" />,
      ]}
      sort={{ field: 'createdAt', order: 'DESC' }}
      exporter={exporterFor('outboxMessages')}
      actions={<ExportListActions />}
    >
      <Datagrid bulkActionButtons={false} rowClick="expand" expand={<MessageBody />}>
        <WibDate source="createdAt" sortable />
        <StatusChip source="status" />
        <TextField source="channel" />
        <TextField source="recipient" sortable={false} />
        <TextField source="template" />
        <TextField source="subject" sortable={false} />
        <TextField source="attempts" />
        <TextField source="providerStatus" emptyText="–" sortable={false} />
        <FunctionField source="lastError" sortable={false} render={(r: any) => r.explanation ?? r.lastError ?? '–'} />
        <Redeliver />
      </Datagrid>
    </List>
  ),
};
