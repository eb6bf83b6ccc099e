import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  MenuItem,
  Radio,
  RadioGroup,
  TextField,
  Typography,
} from '@mui/material';
import { Title, useGetList, useTranslate } from 'react-admin';
import { ApiError } from '../api';
import { enumChoices, useConsoleAction, useEnumLabel } from '../components';
import { useFormat } from '../format';
import { SKM_ELEMENTS } from './elements';

const PROFILE = [
  ['gender', 'RespondentGender'],
  ['ageBand', 'RespondentAgeBand'],
  ['education', 'RespondentEducation'],
  ['occupation', 'RespondentOccupation'],
] as const;

/** Today in WIB as YYYY-MM-DD (the date input's value). */
const todayWib = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

/**
 * "Survei kertas / tatap muka": an officer types in a questionnaire answered
 * at the counter or on paper; it counts in the unit's SKM like an online one.
 */
export function PaperSurveyPage() {
  const t = useTranslate();
  const f = useFormat();
  const word = useEnumLabel();
  const record = useConsoleAction('recordPaperSurvey');
  const { data: units = [] } = useGetList('serviceUnits');
  const [unitId, setUnitId] = useState('');
  const [servedOn, setServedOn] = useState(todayWib());
  const [scores, setScores] = useState<(number | null)[]>(SKM_ELEMENTS.map(() => null));
  const [profile, setProfile] = useState<Record<string, string>>({});
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  const submit = async () => {
    setErrors({});
    setMessage(undefined);
    try {
      // The day of service at 12:00 WIB, so the day never shifts whatever the browser's zone; today: now.
      const servedAt = servedOn === todayWib() ? new Date() : new Date(`${servedOn}T12:00:00+07:00`);
      const saved = await record({
        input: {
          unitId: unitId || null,
          servedAt: Number.isNaN(servedAt.getTime()) ? servedOn : servedAt.toISOString(),
          scores: scores.map((s) => s ?? 0),
          comment: comment.trim() || null,
          respondent: Object.fromEntries(Object.entries(profile).filter(([, v]) => v)),
        },
      });
      setMessage(t('app.skm.saved', { ikm: f.decimal(saved.ikm) }));
      setScores(SKM_ELEMENTS.map(() => null));
      setProfile({});
      setComment('');
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors({ ...(e.fields ?? {}), _: e.message });
      } else setErrors({ _: String(e) });
    }
  };
  return (
    <Box sx={{ p: { xs: 1, md: 2 }, maxWidth: 900 }}>
      <Title title={t('app.skm.paper_title')} />
      <Typography sx={{ mb: 2 }}>{t('app.skm.paper_intro')}</Typography>
      <Card>
        <CardContent sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
          <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
            <TextField
              select
              size="small"
              label={t('app.skm.unit')}
              value={unitId}
              onChange={(e) => setUnitId(e.target.value)}
              sx={{ minWidth: 260 }}
              error={!!errors.unitId}
              helperText={errors.unitId}
              slotProps={{ htmlInput: { 'data-testid': 'paper-unit' } }}
            >
              <MenuItem value="">{t('app.skm.own_unit')}</MenuItem>
              {units.map((u: any) => (
                <MenuItem key={u.id} value={u.id}>
                  {u.name}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              type="date"
              size="small"
              label={t('app.skm.served_at')}
              value={servedOn}
              onChange={(e) => setServedOn(e.target.value)}
              error={!!errors.servedAt}
              helperText={errors.servedAt}
              slotProps={{
                inputLabel: { shrink: true },
                htmlInput: { 'data-testid': 'paper-served-at', max: todayWib() },
              }}
            />
          </Box>
          {SKM_ELEMENTS.map((e, i) => (
            <FormControl key={e.code} error={!!errors[`scores.${e.code}`]} data-testid={`paper-${e.code}`}>
              <FormLabel>
                {e.code}. {e.name}
              </FormLabel>
              <RadioGroup
                row
                value={scores[i] ?? ''}
                onChange={(ev) => setScores((s) => s.map((v, j) => (j === i ? Number(ev.target.value) : v)))}
              >
                {e.labels.map((label, k) => (
                  <FormControlLabel
                    key={k}
                    value={k + 1}
                    control={<Radio size="small" />}
                    label={`${k + 1} – ${label}`}
                  />
                ))}
              </RadioGroup>
              {errors[`scores.${e.code}`] && <FormHelperText>{errors[`scores.${e.code}`]}</FormHelperText>}
            </FormControl>
          ))}
          <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
            {PROFILE.map(([field, vocabulary]) => (
              <TextField
                key={field}
                select
                size="small"
                label={t(`app.skm.${field}`)}
                value={profile[field] ?? ''}
                onChange={(e) => setProfile((p) => ({ ...p, [field]: e.target.value }))}
                sx={{ minWidth: 200 }}
                slotProps={{ htmlInput: { 'data-testid': `paper-${field}` } }}
              >
                <MenuItem value="">{t('app.skm.not_said')}</MenuItem>
                {enumChoices(vocabulary).map((c) => (
                  <MenuItem key={c.id} value={c.id}>
                    {word(vocabulary, c.id)}
                  </MenuItem>
                ))}
              </TextField>
            ))}
          </Box>
          <TextField
            multiline
            minRows={2}
            label={t('app.skm.comment')}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            error={!!errors.comment}
            helperText={errors.comment}
          />
          {errors._ && (
            <Alert severity="error" data-testid="paper-error">
              {errors._}
            </Alert>
          )}
          {message && (
            <Alert severity="success" data-testid="paper-saved">
              {message}
            </Alert>
          )}
          <Box>
            <Button variant="contained" onClick={() => void submit()} data-testid="paper-save">
              {t('app.skm.save')}
            </Button>
          </Box>
        </CardContent>
      </Card>
    </Box>
  );
}

export default PaperSurveyPage;
