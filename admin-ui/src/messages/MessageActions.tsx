import { Box } from '@mui/material';
import { useTranslate } from 'react-admin';
import { ActionDialog, useConsoleAction } from '../components';
import { FlowActions } from '../resources/registrations/FlowActions';

export interface ActionableMessage {
  id: string;
  actions?: string[];
  registrationReference?: string | null;
}

/**
 * The buttons for one message: exactly the actions the server says can work
 * (a new code or another destination for a code that did not arrive, a
 * re-drive for other DEAD or HELD messages once their channel has a transport).
 */
export function MessageActions({ message, reference }: { message: ActionableMessage; reference?: string }) {
  const t = useTranslate();
  const redeliver = useConsoleAction('redeliverMessage');
  const actions = message.actions ?? [];
  const flow = reference ?? message.registrationReference;
  const flowActions = actions.filter((a) => a !== 'REDELIVER');
  return (
    <Box
      component="span"
      onClick={(e) => e.stopPropagation()}
      sx={{ display: 'flex', flexWrap: 'wrap' }}
      data-testid="message-actions"
    >
      {actions.includes('REDELIVER') && (
        <ActionDialog label={t('app.actions.redeliver')} run={() => redeliver({ id: message.id })} />
      )}
      {flow && flowActions.length > 0 && <FlowActions reference={flow} actions={flowActions} />}
    </Box>
  );
}
