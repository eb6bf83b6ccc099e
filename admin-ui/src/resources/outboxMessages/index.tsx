import OutboxIcon from '@mui/icons-material/Outbox';
import {
  Datagrid,
  FunctionField,
  List,
  NumberField,
  SelectInput,
  SimpleList,
  TextField,
  TextInput,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { EnumField, enumChoices, StatusChip, useEnumLabel, useSmallScreen, WibDate } from '../../components';
import { useFormat } from '../../format';
import { MessageActions } from '../../messages/MessageActions';
import { exporterFor, ExportListActions } from '../../export';

/** The actions the server says can work for this message. */
function RowActions(_: { label?: string }) {
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
/** On a phone: to whom, what and its fate, with the actions the server offers. */
function PhoneRows() {
  const t = useTranslate();
  const word = useEnumLabel();
  const f = useFormat();
  return (
    <SimpleList
      rowClick={false}
      primaryText={(r) => r.recipient}
      tertiaryText={<StatusChip source="status" vocabulary="OutboxStatus" />}
      secondaryText={(r) => (
        <>
          {word('MessageTemplate', r.template)} · {word('VerificationChannel', r.channel)} · {f.dateTime(r.createdAt)}
          {r.explanation || r.lastError ? ` · ${r.explanation ?? r.lastError}` : ''}
          <RowActions />
          <details>
            <summary>{t('resources.outboxMessages.fields.body')}</summary>
            <MessageBody />
          </details>
        </>
      )}
    />
  );
}

function OutboxList() {
  const small = useSmallScreen();
  return (
    <List
      filters={[
        <SelectInput source="status" choices={MSG_STATUS} alwaysOn key="s" />,
        <TextInput source="recipient" key="r" />,
      ]}
      sort={{ field: 'createdAt', order: 'DESC' }}
      exporter={exporterFor('outboxMessages')}
      actions={<ExportListActions />}
    >
      {small ? (
        <PhoneRows />
      ) : (
        <Datagrid bulkActionButtons={false} rowClick="expand" expand={<MessageBody />}>
          <WibDate source="createdAt" sortable />
          <StatusChip source="status" vocabulary="OutboxStatus" />
          <EnumField source="channel" vocabulary="VerificationChannel" />
          {/* a long address breaks where it must instead of widening the table */}
          <TextField source="recipient" sortable={false} sx={{ overflowWrap: 'anywhere' }} />
          <EnumField source="template" vocabulary="MessageTemplate" />
          <TextField source="subject" sortable={false} />
          <NumberField source="attempts" />
          <EnumField source="providerStatus" vocabulary="ProviderStatus" sortable={false} />
          <FunctionField source="lastError" sortable={false} render={(r: any) => r.explanation ?? r.lastError ?? '–'} />
          <RowActions label="app.actions.column" />
        </Datagrid>
      )}
    </List>
  );
}

export default { icon: OutboxIcon, list: OutboxList };
