import { Box, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { ActionDialog, useConsoleAction } from '../../components';

/**
 * What an officer can do for an applicant whose code never came: send a new
 * one (by the applicant's own countdown), or send it to another address or
 * number after checking who is calling. The code goes to the applicant, never
 * to the officer's screen. `actions` narrows the buttons to what the server
 * says can work for one message; without it both are offered.
 */
export function FlowActions({ reference, actions }: { reference: string; actions?: string[] }) {
  const t = useTranslate();
  const resend = useConsoleAction('resendRegistrationCode');
  const change = useConsoleAction('changeRegistrationDestination');
  const offers = (a: string) => !actions || actions.includes(a);
  return (
    <Box component="span" onClick={(e) => e.stopPropagation()} sx={{ display: 'flex', flexWrap: 'wrap' }}>
      {offers('RESEND_REGISTRATION_CODE') && (
        <ActionDialog
          label={t('resources.registrations.resend')}
          fields={[{ name: 'reason', label: t('app.reason') }]}
          run={(v) => resend({ reference, reason: v.reason })}
        />
      )}
      {offers('CHANGE_REGISTRATION_DESTINATION') && (
        <ActionDialog
          label={t('resources.registrations.sendElsewhere')}
          color="warning"
          fields={[
            { name: 'destination', label: t('resources.registrations.destination') },
            { name: 'reason', label: t('app.reason') },
          ]}
          run={(v) => {
            const to = v.destination.trim();
            const email = to.includes('@');
            return change({
              reference,
              channel: email ? 'EMAIL' : 'WHATSAPP',
              email: email ? to : null,
              phone: email ? null : to,
              reason: v.reason,
            });
          }}
        >
          <Typography variant="body2" sx={{ mb: 1 }}>
            {t('resources.registrations.elsewhereHint')}
          </Typography>
        </ActionDialog>
      )}
    </Box>
  );
}
