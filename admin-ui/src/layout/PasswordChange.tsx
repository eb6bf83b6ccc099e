import { useState } from 'react';
import { Alert, Box, Button, TextField, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { ApiError } from '../api';

type Field = 'currentPassword' | 'newPassword' | 'newPasswordConfirmation';
export type PasswordFields = Partial<Record<Field, string>> & { newPassword: string; newPasswordConfirmation: string };

/**
 * The officer's new password, typed twice, and the current one when
 * `askCurrent` (at the login page the officer has just typed it). `submit`
 * sends it; the server checks everything, and its field messages show under
 * the fields.
 */
export function PasswordChangeForm({
  username,
  askCurrent,
  submit,
}: {
  /** For the browser's password manager: which login the new password belongs to. */
  username?: string;
  askCurrent: boolean;
  submit: (fields: PasswordFields) => Promise<unknown>;
}) {
  const t = useTranslate();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string>();
  const onSubmit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (name: Field) => String(f.get(name) ?? '');
    setBusy(true);
    setErrors({});
    setError(undefined);
    try {
      await submit({
        ...(askCurrent ? { currentPassword: text('currentPassword') } : {}),
        newPassword: text('newPassword'),
        newPasswordConfirmation: text('newPasswordConfirmation'),
      });
    } catch (err) {
      if (err instanceof ApiError && err.fields && Object.keys(err.fields).length) {
        setErrors(err.fields);
        // A field this form does not show (the current password at the login page) is said above the button.
        const shown: string[] = ['newPassword', 'newPasswordConfirmation', ...(askCurrent ? ['currentPassword'] : [])];
        const unshown = Object.entries(err.fields).filter(([k]) => !shown.includes(k));
        if (unshown.length) setError(unshown.map(([, v]) => v).join(' '));
      } else setError(err instanceof Error ? err.message : String(err));
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
    <Box component="form" onSubmit={onSubmit} noValidate data-testid="password-change">
      {username && <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />}
      {askCurrent && field('currentPassword', t('app.password.current'), 'current-password', true)}
      {field('newPassword', t('app.password.new'), 'new-password', !askCurrent)}
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
