import PolicyIcon from '@mui/icons-material/Policy';
import { Datagrid, FunctionField, List, SelectInput, TextField, TextInput } from 'react-admin';
import { Actor, AuditDetails, EnumField, enumChoices, WibDate } from '../../components';
import { exporterFor, ExportListActions } from '../../export';

export default {
  icon: PolicyIcon,
  list: () => (
    <List
      filters={[
        <SelectInput source="action" key="a" alwaysOn choices={enumChoices('AuditAction')} />,
        <TextInput source="accountId" key="acc" />,
        <TextInput source="actorId" key="act" />,
      ]}
      exporter={exporterFor('auditEvents')}
      actions={<ExportListActions />}
    >
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <WibDate source="at" />
        <EnumField source="action" vocabulary="AuditAction" />
        <FunctionField source="actorType" render={(r: any) => <Actor r={r} />} />
        <TextField source="accountId" emptyText="–" />
        <TextField source="ip" emptyText="–" />
        <FunctionField
          source="details"
          render={(r: any) => <AuditDetails details={r.details} names={r.staffNames} />}
        />
      </Datagrid>
    </List>
  ),
};
