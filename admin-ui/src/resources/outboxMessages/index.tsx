import OutboxIcon from '@mui/icons-material/Outbox';
import {
  Datagrid,
  FunctionField,
  List,
  NumberField,
  SelectInput,
  TextField,
  TextInput,
  useRecordContext,
} from 'react-admin';
import { EnumField, enumChoices, StatusChip, WibDate } from '../../components';
import { MessageActions } from '../../messages/MessageActions';
import { exporterFor, ExportListActions } from '../../export';

/** The actions the server says can work for this message. */
function RowActions() {
  const r = useRecordContext();
  return r ? <MessageActions message={r as any} /> : null;
}
const MSG_STATUS = enumChoices('OutboxStatus', ['PENDING', 'SENT', 'FAILED', 'DEAD', 'HELD']);
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
        <StatusChip source="status" vocabulary="OutboxStatus" />
        <EnumField source="channel" vocabulary="VerificationChannel" />
        <TextField source="recipient" sortable={false} />
        <EnumField source="template" vocabulary="MessageTemplate" />
        <TextField source="subject" sortable={false} />
        <NumberField source="attempts" />
        <EnumField source="providerStatus" vocabulary="ProviderStatus" sortable={false} />
        <FunctionField source="lastError" sortable={false} render={(r: any) => r.explanation ?? r.lastError ?? '–'} />
        <RowActions />
      </Datagrid>
    </List>
  ),
};
