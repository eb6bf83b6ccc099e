import { useState } from 'react';
import { Card, CardContent, Typography } from '@mui/material';
import { Title, useNotify, useTranslate } from 'react-admin';
import { session } from '../api';
import { useConsoleAction } from '../components';
import { PasswordChangeForm } from './PasswordChange';

/** "Ganti kata sandi" from the user menu: any officer, any time. */
export default function PasswordChangePage() {
  const t = useTranslate();
  const notify = useNotify();
  const change = useConsoleAction('changeStaffPassword');
  const [done, setDone] = useState(0);
  return (
    <Card sx={{ maxWidth: 420, mt: 2 }}>
      <Title title={t('app.password.title')} />
      <CardContent>
        <Typography variant="h6" component="h1" gutterBottom>
          {t('app.password.title')}
        </Typography>
        {/* A fresh form after each change: nothing typed stays in the fields. */}
        <PasswordChangeForm
          key={done}
          username={session.get()?.username}
          askCurrent
          submit={async (fields) => {
            await change(fields);
            notify('app.password.saved', { type: 'success' });
            setDone((n) => n + 1);
          }}
        />
      </CardContent>
    </Card>
  );
}
