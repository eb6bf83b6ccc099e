import { useCallback, useEffect, useState } from 'react';
import {
  Box,
  Card,
  CardContent,
  CardHeader,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { Link, Title, usePermissions, useTranslate } from 'react-admin';
import { atLeast, gql, wsClient } from '../api';
import { useEnumLabel } from '../components';
import { useFormat } from '../format';
import { useProvinceName } from '../regions';

const COUNTS =
  'flowsStarted codesSent codesDelivered codesFailed verified completed cancelled warned extended licensingStarted';
const METRICS = `query($from: DateTime!, $to: DateTime!) {
  registrationMetrics(from: $from, to: $to, interval: DAY) {
    buckets { start counts { flowsStarted completed } }
    totals { ${COUNTS} }
    conversion { verifiedPerStarted completedPerVerified completedPerStarted }
    byChannel { key counts { codesSent codesDelivered codesFailed } }
    byProvince { key counts { flowsStarted completed cancelled } }
    complaints { opened resolved open overdue ikm grade surveys }
  }
  accounts(filter: { expiringWithinDays: 7 }, first: 1) { totalCount totalCountIsEstimate }
}`;

function Figure({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) {
  return (
    <Card sx={{ flex: '1 1 130px', minWidth: 130 }}>
      <CardContent>
        <Typography variant="body2" color="text.secondary">
          {label}
        </Typography>
        <Typography variant="h5" data-testid={testId}>
          {value}
        </Typography>
      </CardContent>
    </Card>
  );
}

/** The supervisor's landing page: figures from registrationMetrics, refreshed live by registrationMetricsUpdated. */
function SupervisorDashboard() {
  const t = useTranslate();
  const f = useFormat();
  const word = useEnumLabel();
  const province = useProvinceName();
  const [days, setDays] = useState(7);
  const [data, setData] = useState<any>();
  const [today, setToday] = useState<{ flowsStarted: number; completed: number }>();
  const load = useCallback(async () => {
    const to = new Date(Date.now() + 86400_000);
    const from = new Date(to.getTime() - (days + 1) * 86400_000);
    setData(await gql(METRICS, { from: from.toISOString(), to: to.toISOString() }));
  }, [days]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    const stop = wsClient().subscribe(
      { query: 'subscription { registrationMetricsUpdated { totals { flowsStarted completed } } }' },
      {
        next: (v: any) => {
          setToday(v.data?.registrationMetricsUpdated?.totals);
          void load();
        },
        error: () => {},
        complete: () => {},
      },
    );
    return () => stop();
  }, [load]);
  if (!data) return null;
  const m = data.registrationMetrics;
  const series = m.buckets.map((b: any) => ({
    day: f.date(b.start),
    [t('app.dashboard.started')]: b.counts.flowsStarted,
    [t('app.dashboard.completed')]: b.counts.completed,
  }));
  const funnel = [
    { step: t('app.dashboard.started'), n: m.totals.flowsStarted },
    { step: t('app.dashboard.verified'), n: m.totals.verified },
    { step: t('app.dashboard.completed'), n: m.totals.completed },
  ];
  const channels = m.byChannel.map((c: any) => ({
    channel: word('VerificationChannel', c.key),
    [t('app.dashboard.sent')]: c.counts.codesSent,
    [t('app.dashboard.failed')]: c.counts.codesFailed,
  }));
  return (
    <Box sx={{ p: { xs: 1, md: 2 } }} data-testid="dashboard">
      <Title title={t('ra.page.dashboard')} />
      <Box sx={{ display: 'flex', flexDirection: 'row', gap: 2, alignItems: 'center', mb: 2 }}>
        <Typography variant="h6">{t('app.dashboard.period')}</Typography>
        <ToggleButtonGroup size="small" exclusive value={days} onChange={(_e, v) => v && setDays(v)}>
          <ToggleButton value={7}>{t('app.dashboard.days7')}</ToggleButton>
          <ToggleButton value={30}>{t('app.dashboard.days30')}</ToggleButton>
        </ToggleButtonGroup>
      </Box>
      <Box sx={{ display: 'flex', flexDirection: 'row', flexWrap: 'wrap', gap: 2, mb: 2 }}>
        <Figure
          label={`${t('app.dashboard.today')}: ${t('app.dashboard.started')} / ${t('app.dashboard.completed')}`}
          value={today ? `${today.flowsStarted} / ${today.completed}` : '–'}
          testId="fig-today"
        />
        <Figure label={t('app.dashboard.started')} value={f.number(m.totals.flowsStarted)} testId="fig-started" />
        <Figure label={t('app.dashboard.completed')} value={f.number(m.totals.completed)} testId="fig-completed" />
        <Figure
          label={t('app.dashboard.expiring')}
          value={
            <Link to={`/accounts?filter=${encodeURIComponent(JSON.stringify({ expiringWithinDays: 7 }))}`}>
              {f.number(data.accounts.totalCount)}
            </Link>
          }
        />
        <Figure label={t('app.dashboard.cancelled')} value={f.number(m.totals.cancelled)} />
        <Figure label={t('app.dashboard.complaints')} value={`${m.complaints.open} / ${m.complaints.overdue}`} />
        <Figure
          label={t('app.dashboard.ikm')}
          value={m.complaints.ikm === null ? '–' : `${f.number(m.complaints.ikm)} (${m.complaints.grade})`}
        />
      </Box>
      <Box sx={{ display: 'flex', flexDirection: { xs: 'column', lg: 'row' }, gap: 2 }}>
        <Card sx={{ flex: 2 }}>
          <CardHeader title={t('app.dashboard.registrations')} />
          <CardContent sx={{ height: 260 }} data-testid="chart-registrations">
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={series}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="day" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                <Line isAnimationActive={false} type="monotone" dataKey={t('app.dashboard.started')} stroke="#0b5cad" />
                <Line
                  isAnimationActive={false}
                  type="monotone"
                  dataKey={t('app.dashboard.completed')}
                  stroke="#2e7d32"
                />
              </LineChart>
            </ResponsiveContainer>
          </CardContent>
        </Card>
        <Card sx={{ flex: 1 }}>
          <CardHeader title={t('app.dashboard.funnel')} />
          <CardContent sx={{ height: 260 }} data-testid="chart-funnel">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={funnel}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="step" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Bar isAnimationActive={false} dataKey="n" fill="#0b5cad" />
              </BarChart>
            </ResponsiveContainer>
          </CardContent>
        </Card>
        <Card sx={{ flex: 1 }}>
          <CardHeader title={t('app.dashboard.channels')} />
          <CardContent sx={{ height: 260 }}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={channels}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="channel" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                <Bar isAnimationActive={false} dataKey={t('app.dashboard.sent')} fill="#2e7d32" />
                <Bar isAnimationActive={false} dataKey={t('app.dashboard.failed')} fill="#c62828" />
              </BarChart>
            </ResponsiveContainer>
          </CardContent>
        </Card>
      </Box>
      <Card sx={{ mt: 2 }}>
        <CardHeader title={t('app.dashboard.provinces')} />
        <CardContent sx={{ overflowX: 'auto' }}>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{t('app.dashboard.province')}</TableCell>
                <TableCell>{t('app.dashboard.started')}</TableCell>
                <TableCell>{t('app.dashboard.completed')}</TableCell>
                <TableCell>{t('app.dashboard.cancelled')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {m.byProvince
                .filter((p: any) => p.key)
                .map((p: any) => (
                  <TableRow key={p.key}>
                    <TableCell data-code={p.key}>{province(p.key)}</TableCell>
                    <TableCell>{f.number(p.counts.flowsStarted)}</TableCell>
                    <TableCell>{f.number(p.counts.completed)}</TableCell>
                    <TableCell>{f.number(p.counts.cancelled)}</TableCell>
                  </TableRow>
                ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
    </Box>
  );
}

export function Dashboard() {
  const { permissions } = usePermissions();
  const t = useTranslate();
  if (atLeast(permissions, 'SUPERVISOR')) return <SupervisorDashboard />;
  return (
    <Card sx={{ m: 2 }}>
      <CardHeader title={t('app.title')} />
      <CardContent>
        <Link to="/accounts">{t('resources.accounts.name', { smart_count: 2 })}</Link> ·{' '}
        <Link to="/complaints">{t('resources.complaints.name', { smart_count: 2 })}</Link>
      </CardContent>
    </Card>
  );
}
