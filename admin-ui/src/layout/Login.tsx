import { useState } from 'react';
import { Alert, Box, Button, Card, CardContent, TextField, Typography } from '@mui/material';
import { useLogin, useTranslate } from 'react-admin';
import { loginState } from '../api';
import { PasswordChangeRequired } from '../authProvider';
import { useDocumentLanguage } from './Layout';
import { PasswordChangeForm } from './PasswordChange';

/**
 * Username, password and, for SUPERVISOR/ADMIN, the TOTP code; the server's
 * Indonesian message on failure. After an ended session it says so, and the
 * login leads back to the page the officer was on. A password an
 * administrator generated is replaced here, before the console opens.
 */
export function LoginPage() {
  const login = useLogin();
  const t = useTranslate();
  useDocumentLanguage();
  const [expired] = useState(() => loginState.notice() === 'expired');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [mustChange, setMustChange] = useState<PasswordChangeRequired>();
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      const to = loginState.returnPath();
      await login({ username: f.get('username'), password: f.get('password'), totp: f.get('totp') }, to);
      loginState.consumed();
    } catch (err: any) {
      if (err instanceof PasswordChangeRequired) {
        setMustChange(err);
        return;
      }
      const message = err?.message ?? t('ra.auth.sign_in_error');
      setError(message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box
      sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: '#0b5cad' }}
    >
      <Card sx={{ width: 360, maxWidth: '92vw' }}>
        {mustChange ? (
          <CardContent>
            <Typography variant="h6" component="h1" gutterBottom>
              {t('app.password.title')}
            </Typography>
            <Alert severity="info" sx={{ mb: 1 }}>
              {t('app.password.required')}
            </Alert>
            <PasswordChangeForm
              username={mustChange.username}
              askCurrent={false}
              submit={async (fields) => {
                await mustChange.replace(fields);
                // The session is the officer's now: open the console where the login was going.
                const to = loginState.returnPath();
                loginState.consumed();
                history.replaceState(null, '', `${location.pathname}${location.search}#${to}`);
                location.reload();
              }}
            />
          </CardContent>
        ) : (
          <CardContent component="form" onSubmit={submit}>
            <Typography variant="h6" component="h1" gutterBottom>
              {t('app.title')}
            </Typography>
            {expired && (
              <Alert severity="warning" data-testid="session-expired" sx={{ mb: 1 }}>
                {t('app.session_expired')}
              </Alert>
            )}
            <TextField
              name="username"
              label={t('ra.auth.username')}
              fullWidth
              margin="dense"
              autoFocus
              required
              autoComplete="username"
            />
            <TextField
              name="password"
              type="password"
              label={t('ra.auth.password')}
              fullWidth
              margin="dense"
              required
              autoComplete="current-password"
            />
            <TextField
              name="totp"
              label={t('app.totp')}
              fullWidth
              margin="dense"
              slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 6 } }}
              autoComplete="one-time-code"
            />
            {error && (
              <Typography role="alert" color="error" variant="body2" sx={{ mt: 1 }}>
                {error}
              </Typography>
            )}
            <Button type="submit" variant="contained" fullWidth sx={{ mt: 2 }} disabled={busy}>
              {t('ra.auth.sign_in')}
            </Button>
          </CardContent>
        )}
      </Card>
    </Box>
  );
}
