import StorefrontIcon from '@mui/icons-material/Storefront';
import {
  Alert,
  Box,
  Button,
  Card,
  CardActions,
  CardContent,
  Checkbox,
  Chip,
  FormControlLabel,
  MenuItem,
  Step,
  StepLabel,
  Stepper,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import { FormEvent, ReactNode, useCallback, useEffect, useState } from 'react';
import { Title, useTranslate } from 'react-admin';
import { ApiError } from '../../api';
import { useConsoleAction, zoneLabel } from '../../components';
import { useFormat } from '../../format';

/**
 * The outreach ("jemput bola") desk, for an OUTREACH officer on a tablet at
 * the kelurahan hall. The officer picks today's event and starts a
 * registration for the person in front of them: the code goes to the
 * applicant's own WhatsApp or email and the applicant types it here; the
 * applicant types their own password (never shown, cleared once sent); the
 * officer fills the profile from the KTP; the applicant ticks the consent
 * statement. The server answers with the flow's reference and a masked
 * destination only.
 */
interface DeskEvent {
  id: string;
  villageCode: string;
  villageName: string | null;
  date: string;
  startTime: string;
  endTime: string;
  timeZone: string;
  requirements: string[];
  targetCount: number;
  open: boolean;
}
interface DeskFlow {
  reference: string;
  step: 'VERIFY_CODE' | 'SET_PASSWORD' | 'COMPLETE_PROFILE' | 'DONE';
  channel: 'EMAIL' | 'WHATSAPP';
  maskedDestination: string;
  expiresAt: string;
}
type Problem = { message: string; fields: Record<string, string> };
const STEPS = ['start', 'code', 'password', 'profile', 'done'] as const;
const stepIndex = (flow?: DeskFlow) =>
  !flow ? 0 : { VERIFY_CODE: 1, SET_PASSWORD: 2, COMPLETE_PROFILE: 3, DONE: 4 }[flow.step];

/** Runs a desk call; a refusal becomes the message and the fields' messages. */
function useDeskCall(setProblem: (p: Problem | null) => void) {
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <T,>(call: () => Promise<T>): Promise<T | undefined> => {
      setBusy(true);
      setProblem(null);
      try {
        return await call();
      } catch (e) {
        const err = e as ApiError;
        setProblem({ message: err.message, fields: err.fields ?? {} });
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [setProblem],
  );
  return { busy, run };
}

const big = { size: 'large' as const, sx: { minHeight: 56, fontSize: '1.05rem' } };

function EventPicker({ onPick }: { onPick: (e: DeskEvent) => void }) {
  const t = useTranslate();
  const load = useConsoleAction('myOutreachEvents');
  const [events, setEvents] = useState<DeskEvent[] | undefined>();
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    load({}).then(setEvents, (e: ApiError) => setProblem({ message: e.message, fields: {} }));
  }, [load]);
  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      <Typography variant="h6" component="h2">
        {t('resources.outreachDesk.pick')}
      </Typography>
      {problem && <Alert severity="error">{problem.message}</Alert>}
      {events?.length === 0 && <Alert severity="info">{t('resources.outreachDesk.none')}</Alert>}
      {events?.map((e) => (
        <Card key={e.id} variant="outlined" data-testid="desk-event">
          <CardContent>
            <Typography variant="h6">{e.villageName ?? e.villageCode}</Typography>
            <Typography>
              {e.date} · {e.startTime}-{e.endTime} ({zoneLabel(e.timeZone)})
            </Typography>
            <Typography variant="body2" sx={{ mt: 1 }}>
              {t('resources.outreachDesk.bring')}: {e.requirements.join(', ')}
            </Typography>
          </CardContent>
          <CardActions>
            {e.open ? (
              <Button variant="contained" onClick={() => onPick(e)} {...big}>
                {t('resources.outreachDesk.choose')}
              </Button>
            ) : (
              <Chip label={t('resources.outreachDesk.closed')} />
            )}
          </CardActions>
        </Card>
      ))}
    </Box>
  );
}

function Section({ children, onSubmit }: { children: ReactNode; onSubmit: () => void }) {
  return (
    <Box
      component="form"
      noValidate
      autoComplete="off"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
      sx={{ display: 'grid', gap: 2 }}
    >
      {children}
    </Box>
  );
}

function Desk({ event, onLeave }: { event: DeskEvent; onLeave: () => void }) {
  const t = useTranslate();
  const fmt = useFormat();
  const [problem, setProblem] = useState<Problem | null>(null);
  const { busy, run } = useDeskCall(setProblem);
  const [flow, setFlow] = useState<DeskFlow | undefined>();
  const start = useConsoleAction('startOutreachRegistration');
  const resend = useConsoleAction('resendOutreachRegistrationCode');
  const verify = useConsoleAction('verifyOutreachRegistration');
  const setPassword = useConsoleAction('setOutreachRegistrationPassword');
  const complete = useConsoleAction('completeOutreachRegistration');

  const [nik, setNik] = useState('');
  const [channel, setChannel] = useState<'WHATSAPP' | 'EMAIL'>('WHATSAPP');
  const [destination, setDestination] = useState('');
  const [code, setCode] = useState('');
  const [password, setPasswordValue] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [profile, setProfile] = useState({
    fullName: '',
    birthDate: '',
    gender: '',
    address: '',
    villageCode: event.villageCode,
  });
  const [consent, setConsent] = useState(false);

  const err = (field: string) => problem?.fields[field];
  const reset = () => {
    setFlow(undefined);
    setNik('');
    setDestination('');
    setCode('');
    setPasswordValue('');
    setConfirmation('');
    setProfile({ fullName: '', birthDate: '', gender: '', address: '', villageCode: event.villageCode });
    setConsent(false);
    setProblem(null);
  };
  const field = (name: keyof typeof profile, label: string, extra: Record<string, unknown> = {}) => (
    <TextField
      label={label}
      value={profile[name]}
      onChange={(e) => setProfile((p) => ({ ...p, [name]: e.target.value }))}
      error={!!err(name)}
      helperText={err(name)}
      fullWidth
      slotProps={{ htmlInput: { 'data-testid': `desk-${name}` }, inputLabel: { shrink: true } }}
      {...extra}
    />
  );

  const active = stepIndex(flow);
  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
          {event.villageName ?? event.villageCode} · {event.startTime}-{event.endTime}
        </Typography>
        <Button onClick={onLeave} disabled={busy}>
          {t('resources.outreachDesk.change_event')}
        </Button>
      </Box>
      <Stepper activeStep={active} alternativeLabel>
        {STEPS.map((s) => (
          <Step key={s}>
            <StepLabel>{t(`resources.outreachDesk.steps.${s}`)}</StepLabel>
          </Step>
        ))}
      </Stepper>
      {problem && (
        <Alert severity="error" data-testid="desk-error">
          {problem.message}
        </Alert>
      )}
      {flow && flow.step !== 'DONE' && (
        <Typography variant="body2" color="text.secondary">
          {t('resources.outreachDesk.expires', { at: fmt.dateTime(flow.expiresAt) })}
        </Typography>
      )}

      {active === 0 && (
        <Section
          onSubmit={() =>
            run(() =>
              start({
                eventId: event.id,
                input:
                  channel === 'EMAIL' ? { nik, channel, email: destination } : { nik, channel, phone: destination },
              }),
            ).then((f) => f && setFlow(f))
          }
        >
          <TextField
            label={t('resources.outreachDesk.nik')}
            value={nik}
            onChange={(e) => setNik(e.target.value.replace(/\D/g, '').slice(0, 16))}
            error={!!err('nik')}
            helperText={err('nik')}
            slotProps={{ htmlInput: { inputMode: 'numeric', 'data-testid': 'desk-nik' } }}
            fullWidth
          />
          <Typography variant="body2">{t('resources.outreachDesk.channel')}</Typography>
          <ToggleButtonGroup
            exclusive
            value={channel}
            onChange={(_, v) => v && setChannel(v)}
            fullWidth
            color="primary"
          >
            <ToggleButton value="WHATSAPP" sx={{ minHeight: 56 }} data-testid="desk-channel-whatsapp">
              {t('enums.VerificationChannel.WHATSAPP')}
            </ToggleButton>
            <ToggleButton value="EMAIL" sx={{ minHeight: 56 }} data-testid="desk-channel-email">
              {t('enums.VerificationChannel.EMAIL')}
            </ToggleButton>
          </ToggleButtonGroup>
          <TextField
            label={t(channel === 'EMAIL' ? 'resources.outreachDesk.email' : 'resources.outreachDesk.phone')}
            value={destination}
            onChange={(e) => setDestination(e.target.value)}
            error={!!err(channel === 'EMAIL' ? 'email' : 'phone')}
            helperText={err(channel === 'EMAIL' ? 'email' : 'phone')}
            type={channel === 'EMAIL' ? 'email' : 'tel'}
            slotProps={{ htmlInput: { 'data-testid': 'desk-destination' } }}
            fullWidth
          />
          <Button type="submit" variant="contained" disabled={busy} {...big} data-testid="desk-send-code">
            {t('resources.outreachDesk.send_code')}
          </Button>
        </Section>
      )}

      {active === 1 && flow && (
        <Section
          onSubmit={() =>
            run(() => verify({ reference: flow.reference, code })).then((f) => {
              setCode('');
              if (f) setFlow(f);
            })
          }
        >
          <Alert severity="info">
            {t('resources.outreachDesk.code_hint', { destination: flow.maskedDestination })}
          </Alert>
          <TextField
            label={t('resources.outreachDesk.code')}
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
            error={!!err('code')}
            helperText={err('code')}
            type="password"
            slotProps={{
              htmlInput: { inputMode: 'numeric', autoComplete: 'off', 'data-testid': 'desk-code' },
            }}
            fullWidth
          />
          <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
            <Button type="submit" variant="contained" disabled={busy || code.length !== 6} {...big}>
              {t('resources.outreachDesk.check_code')}
            </Button>
            <Button
              disabled={busy}
              onClick={() => run(() => resend({ reference: flow.reference })).then((f) => f && setFlow(f))}
              {...big}
            >
              {t('resources.outreachDesk.resend')}
            </Button>
          </Box>
        </Section>
      )}

      {active === 2 && flow && (
        <Section
          onSubmit={() =>
            run(() => setPassword({ reference: flow.reference, password, passwordConfirmation: confirmation })).then(
              (f) => {
                // Nothing of the password stays on the officer's screen, whatever the answer.
                setPasswordValue('');
                setConfirmation('');
                if (f) setFlow(f);
              },
            )
          }
        >
          <Alert severity="warning">{t('resources.outreachDesk.password_hint')}</Alert>
          <TextField
            label={t('resources.outreachDesk.password')}
            value={password}
            onChange={(e) => setPasswordValue(e.target.value)}
            error={!!err('password')}
            helperText={err('password')}
            type="password"
            slotProps={{ htmlInput: { autoComplete: 'new-password', 'data-testid': 'desk-password' } }}
            fullWidth
          />
          <TextField
            label={t('resources.outreachDesk.password_confirmation')}
            value={confirmation}
            onChange={(e) => setConfirmation(e.target.value)}
            error={!!err('passwordConfirmation')}
            helperText={err('passwordConfirmation')}
            type="password"
            slotProps={{ htmlInput: { autoComplete: 'new-password', 'data-testid': 'desk-password-confirmation' } }}
            fullWidth
          />
          <Button type="submit" variant="contained" disabled={busy || !password} {...big}>
            {t('resources.outreachDesk.save_password')}
          </Button>
        </Section>
      )}

      {active === 3 && flow && (
        <Section
          onSubmit={() =>
            run(() =>
              complete({
                reference: flow.reference,
                profile: { ...profile, gender: profile.gender || undefined, birthDate: profile.birthDate || undefined },
                applicantConsent: consent,
              }),
            ).then((f) => f && setFlow(f))
          }
        >
          <Typography variant="body2">{t('resources.outreachDesk.profile_hint')}</Typography>
          {field('fullName', t('resources.outreachDesk.fullName'))}
          <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, gap: 2 }}>
            {field('birthDate', t('resources.outreachDesk.birthDate'), { type: 'date' })}
            {field('gender', t('resources.outreachDesk.gender'), {
              select: true,
              children: ['MALE', 'FEMALE'].map((g) => (
                <MenuItem key={g} value={g}>
                  {t(`enums.Gender.${g}`)}
                </MenuItem>
              )),
              slotProps: { inputLabel: { shrink: true }, select: { inputProps: { 'data-testid': 'desk-gender' } } },
            })}
          </Box>
          {field('address', t('resources.outreachDesk.address'))}
          {field('villageCode', t('resources.outreachDesk.villageCode'))}
          <Card variant="outlined" sx={{ bgcolor: 'action.hover' }}>
            <CardContent>
              <Typography variant="subtitle1" component="h3" gutterBottom>
                {t('resources.outreachDesk.consent_title')}
              </Typography>
              <Typography variant="body1" data-testid="desk-consent-text">
                {t('resources.outreachDesk.consent_text')}
              </Typography>
              <FormControlLabel
                sx={{ mt: 1 }}
                control={
                  <Checkbox
                    checked={consent}
                    onChange={(e) => setConsent(e.target.checked)}
                    slotProps={{ input: { 'data-testid': 'desk-consent' } as any }}
                    sx={{ '& .MuiSvgIcon-root': { fontSize: 32 } }}
                  />
                }
                label={t('resources.outreachDesk.consent')}
              />
              {err('applicantConsent') && (
                <Typography color="error" variant="body2">
                  {err('applicantConsent')}
                </Typography>
              )}
            </CardContent>
          </Card>
          <Button type="submit" variant="contained" disabled={busy} {...big} data-testid="desk-complete">
            {t('resources.outreachDesk.complete')}
          </Button>
        </Section>
      )}

      {active === 4 && flow && (
        <Box sx={{ display: 'grid', gap: 2 }}>
          <Alert severity="success" data-testid="desk-done">
            {t('resources.outreachDesk.done', { destination: flow.maskedDestination })}
          </Alert>
          <Button variant="contained" onClick={reset} {...big}>
            {t('resources.outreachDesk.next')}
          </Button>
        </Box>
      )}
    </Box>
  );
}

function DeskPage() {
  const t = useTranslate();
  const [event, setEvent] = useState<DeskEvent | undefined>();
  return (
    <Box sx={{ maxWidth: 720, mx: 'auto', p: { xs: 1, sm: 2 } }}>
      <Title title={t('resources.outreachDesk.name', { smart_count: 1 })} />
      <Card>
        <CardContent>
          {event ? <Desk event={event} onLeave={() => setEvent(undefined)} /> : <EventPicker onPick={setEvent} />}
        </CardContent>
      </Card>
    </Box>
  );
}

export default { icon: StorefrontIcon, list: DeskPage };
