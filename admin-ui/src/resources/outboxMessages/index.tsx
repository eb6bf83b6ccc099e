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
  useTranslate,
} from 'react-admin';
import { ActionDialog, EnumField, enumChoices, mutate, StatusChip, WibDate } from '../../components';

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
    >
      <Datagrid bulkActionButtons={false} rowClick="expand" expand={<MessageBody />}>
        <WibDate source="createdAt" />
        <StatusChip source="status" vocabulary="OutboxStatus" />
        <EnumField source="channel" vocabulary="VerificationChannel" />
        <TextField source="recipient" />
        <EnumField source="template" vocabulary="MessageTemplate" />
        <TextField source="subject" />
        <NumberField source="attempts" />
        <EnumField source="providerStatus" vocabulary="ProviderStatus" />
        <FunctionField source="lastError" render={(r: any) => r.explanation ?? r.lastError ?? '–'} />
        <Redeliver />
      </Datagrid>
    </List>
  ),
};
