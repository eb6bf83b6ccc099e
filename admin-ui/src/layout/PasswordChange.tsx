import { useState } from 'react';
import { Alert, Box, Button, Card, CardContent, TextField, Typography } from '@mui/material';
import { Title, useNotify, useTranslate } from 'react-admin';
import { ApiError, gql } from '../api';
import { CHANGE_STAFF_PASSWORD } from '../authProvider';

type Field = 'currentPassword' | 'newPassword' | 'newPasswordConfirmation';

/**
 * The officer's new password, typed twice. `currentPassword` given: the
 * officer has just typed it at the login form (a password an administrator
 * generated), so it is not asked again. The server checks everything; its
 * field messages show under the fields.
 */
export function PasswordChangeForm({
  token,
  currentPassword,
  onChanged,
}: {
  token?: string;
  currentPassword?: string;
  onChanged: () => void;
}) {
  const t = useTranslate();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string>();
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setErrors({});
    setError(undefined);
    try {
      await gql(
        CHANGE_STAFF_PASSWORD,
        {
          c: currentPassword ?? f.get('currentPassword'),
          n: f.get('newPassword'),
          k: f.get('newPasswordConfirmation'),
        },
        token ? { token } : {},
      );
      onChanged();
    } catch (err) {
      if (err instanceof ApiError && err.fields && Object.keys(err.fields).length) setErrors(err.fields);
      else setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const field = (name: Field, label: string, autoComplete: string, autoFocus = false) => (
    <TextField
      name={name}
      type="password"
      label={label}
      fullWidth
      margin="dense"
      required
      autoFocus={autoFocus}
      autoComplete={autoComplete}
      error={!!errors[name]}
      helperText={errors[name]}
    />
  );
  return (
    <Box component="form" onSubmit={submit} noValidate data-testid="password-change">
      {currentPassword === undefined && field('currentPassword', t('app.password.current'), 'current-password', true)}
      {field('newPassword', t('app.password.new'), 'new-password', currentPassword !== undefined)}
      {field('newPasswordConfirmation', t('app.password.confirm'), 'new-password')}
      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
        {t('app.password.rule')}
      </Typography>
      {error && (
        <Alert severity="error" role="alert" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
      <Button type="submit" variant="contained" fullWidth sx={{ mt: 2 }} disabled={busy}>
        {t('app.password.save')}
      </Button>
    </Box>
  );
}

/** "Ganti kata sandi" from the user menu: any officer, any time. */
export function PasswordChangePage() {
  const t = useTranslate();
  const notify = useNotify();
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
          onChanged={() => {
            notify('app.password.saved', { type: 'success' });
            setDone((n) => n + 1);
          }}
        />
      </CardContent>
    </Card>
  );
}
