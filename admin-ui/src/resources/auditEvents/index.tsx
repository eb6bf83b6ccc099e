import PolicyIcon from '@mui/icons-material/Policy';
import {
  Datagrid,
  FunctionField,
  List,
  ReferenceField,
  SelectInput,
  SimpleList,
  TextField,
  TextInput,
} from 'react-admin';
import { Actor, AuditDetails, EnumField, enumChoices, useEnumLabel, useSmallScreen, WibDate } from '../../components';
import { useFormat } from '../../format';
import { exporterFor, ExportListActions } from '../../export';

/** On a phone: what happened, when, by whom, and its details. */
function PhoneRows() {
  const word = useEnumLabel();
  const f = useFormat();
  return (
    <SimpleList
      rowClick={false}
      primaryText={(r) => word('AuditAction', r.action)}
      secondaryText={(r) => (
        <>
          {f.dateTime(r.at)} · <Actor r={r} />
          <br />
          <AuditDetails details={r.details} names={r.staffNames} />
        </>
      )}
    />
  );
}

function AuditList() {
  const small = useSmallScreen();
  return (
    <List
      filters={[
        <SelectInput source="action" key="a" alwaysOn choices={enumChoices('AuditAction')} />,
        <TextInput source="accountId" key="acc" />,
        <TextInput source="actorId" key="act" />,
      ]}
      exporter={exporterFor('auditEvents')}
      actions={<ExportListActions />}
    >
      {small ? (
        <PhoneRows />
      ) : (
        <Datagrid bulkActionButtons={false} rowClick={false}>
          {/* The log is newest first, as the server keeps it: no header sorts. */}
          <WibDate source="at" sortable={false} />
          <EnumField source="action" vocabulary="AuditAction" sortable={false} />
          <FunctionField source="actorType" sortable={false} render={(r: any) => <Actor r={r} />} />
          {/* The account by its username, a link to it (masked reads, looked up for the whole page at once). */}
          <ReferenceField source="accountId" reference="accounts" link="show" emptyText="–" sortable={false} />
          <TextField source="ip" emptyText="–" sortable={false} />
          <FunctionField
            source="details"
            sortable={false}
            render={(r: any) => <AuditDetails details={r.details} names={r.staffNames} />}
          />
        </Datagrid>
      )}
    </List>
  );
}

export default { icon: PolicyIcon, list: AuditList };
