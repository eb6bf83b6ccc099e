import PolicyIcon from '@mui/icons-material/Policy';
import { Datagrid, FunctionField, List, TextField, TextInput } from 'react-admin';
import { WibDate } from '../../components';
import { exporterFor, ExportListActions } from '../../export';

export default {
  icon: PolicyIcon,
  list: () => (
    <List
      filters={[
        <TextInput source="action" key="a" alwaysOn />,
        <TextInput source="accountId" key="acc" />,
        <TextInput source="actorId" key="act" />,
      ]}
      exporter={exporterFor('auditEvents')}
      actions={<ExportListActions />}
    >
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <WibDate source="at" />
        <TextField source="action" />
        <TextField source="actorType" />
        <TextField source="actorId" emptyText="–" />
        <TextField source="accountId" emptyText="–" />
        <TextField source="ip" emptyText="–" />
        <FunctionField
          source="details"
          render={(r: any) => <code style={{ fontSize: 12 }}>{JSON.stringify(r.details)}</code>}
        />
      </Datagrid>
    </List>
  ),
};
