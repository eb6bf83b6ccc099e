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
  MenuItem,
  TextField,
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
import { Link, Title, useDataProvider, usePermissions, useTranslate } from 'react-admin';
import { Navigate } from 'react-router-dom';
import type { ConsoleDataProvider } from '../dataProvider';
import { atLeast, SUBSCRIPTIONS, wsClient } from '../api';
import { ScrollBox, useEnumLabel } from '../components';
import { useFormat } from '../format';
import { dayRange, everyDay, lastDays } from './range';
import { RecentAccounts } from '../resources/accounts/recent';
import { UnitDashboard } from './UnitDashboard';

/** A list route with a react-admin filter in its query string. */
const listLink = (resource: string, filter: Record<string, unknown> = {}) =>
  `/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}`;

/** A figure card; `to` is the list (with its filter) that the figure counts. */
function Figure({ label, value, testId, to }: { label: string; value: React.ReactNode; testId?: string; to?: string }) {
  return (
    <Card sx={{ flex: '1 1 130px', minWidth: 130 }}>
      <CardContent>
        <Typography variant="body2" color="text.secondary">
          {label}
        </Typography>
        <Typography variant="h5" data-testid={testId}>
          {to ? (
            <Link to={to} data-testid={testId && `${testId}-link`}>
              {value}
            </Link>
          ) : (
            value
          )}
        </Typography>
      </CardContent>
    </Card>
  );
}

/** The supervisor's landing page: figures from registrationMetrics, refreshed live by registrationMetricsUpdated. */
function SupervisorDashboard() {
  const t = useTranslate();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const f = useFormat();
  const word = useEnumLabel();
  const [days, setDays] = useState<number | 'custom'>(7);
  const [custom, setCustom] = useState<{ first: string; last: string }>({ first: '', last: '' });
  const [province, setProvince] = useState('');
  const [data, setData] = useState<any>();
  const [today, setToday] = useState<{ flowsStarted: number; completed: number }>();
  const load = useCallback(async () => {
    // Whole WIB days ending today (or the chosen days): never tomorrow.
    const range =
      days === 'custom'
        ? custom.first && custom.last && custom.first <= custom.last
          ? dayRange(custom.first, custom.last)
          : null
        : lastDays(days);
    if (!range) return;
    const answer = await dataProvider.dashboardMetrics({
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      filter: province ? { provinceCode: province } : null,
      // The expiring-accounts figure counts the same province as its list.
      expiring: { expiringWithinDays: 7, ...(province ? { provinceCode: province } : {}) },
    });
    setData({ ...answer, range, province });
  }, [days, custom, province]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    const stop = wsClient().subscribe(
      { query: SUBSCRIPTIONS.registrationMetricsUpdated },
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
  // The lists behind the figures, filtered to the same period (registrations by start, accounts by creation).
  const provinceName = new Map<string, string>(data.provinces.map((p: any) => [p.code, p.name]));
  const period = { createdFrom: data.range.from.toISOString(), createdTo: data.range.to.toISOString() };
  // The province chosen, carried to the lists that can filter by it (accounts; registrations and complaints cannot).
  const inProvince = data.province ? { provinceCode: data.province } : {};
  const days_ = everyDay(data.range, m.buckets, (start) => ({
    start: start.toISOString(),
    counts: { flowsStarted: 0, completed: 0 },
  }));
  const series = days_.map((b: any) => ({
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
      <Box sx={{ display: 'flex', flexDirection: 'row', flexWrap: 'wrap', gap: 2, alignItems: 'center', mb: 2 }}>
        <Typography variant="h6">{t('app.dashboard.period')}</Typography>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={days}
          onChange={(_e, v) => v && setDays(v)}
          sx={{ flexWrap: 'wrap' }}
        >
          <ToggleButton value={7}>{t('app.dashboard.days7')}</ToggleButton>
          <ToggleButton value={30}>{t('app.dashboard.days30')}</ToggleButton>
          <ToggleButton value="custom" data-testid="period-custom">
            {t('lists.customRange')}
          </ToggleButton>
        </ToggleButtonGroup>
        <TextField
          select
          size="small"
          label={t('lists.province')}
          value={province}
          onChange={(e) => setProvince(e.target.value)}
          sx={{ width: { xs: '100%', sm: 240 }, flex: '0 0 auto' }}
          slotProps={{ htmlInput: { 'data-testid': 'province-filter' } }}
        >
          <MenuItem value="">{t('lists.allProvinces')}</MenuItem>
          {(data?.provinces ?? []).map((p: any) => (
            <MenuItem key={p.code} value={p.code}>
              {p.name}
            </MenuItem>
          ))}
        </TextField>
        {days === 'custom' && (
          <>
            <TextField
              type="date"
              size="small"
              label={t('lists.rangeFrom')}
              value={custom.first}
              onChange={(e) => setCustom((c) => ({ ...c, first: e.target.value }))}
              slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'range-from' } }}
            />
            <TextField
              type="date"
              size="small"
              label={t('lists.rangeTo')}
              value={custom.last}
              onChange={(e) => setCustom((c) => ({ ...c, last: e.target.value }))}
              slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'range-to' } }}
            />
          </>
        )}
      </Box>
      <Box sx={{ display: 'flex', flexDirection: 'row', flexWrap: 'wrap', gap: 2, mb: 2 }}>
        <Figure
          label={`${t('app.dashboard.today')}: ${t('app.dashboard.started')} / ${t('app.dashboard.completed')}`}
          value={today ? `${today.flowsStarted} / ${today.completed}` : '–'}
          testId="fig-today"
          to={listLink('registrations', { createdFrom: lastDays(1).from.toISOString() })}
        />
        <Figure
          label={t('app.dashboard.started')}
          value={f.number(m.totals.flowsStarted)}
          testId="fig-started"
          to={listLink('registrations', period)}
        />
        <Figure
          label={t('app.dashboard.completed')}
          value={f.number(m.totals.completed)}
          testId="fig-completed"
          to={listLink('accounts', { ...period, ...inProvince })}
        />
        <Figure
          label={t('app.dashboard.expiring')}
          value={f.number(data.accounts.totalCount)}
          testId="fig-expiring"
          to={listLink('accounts', { expiringWithinDays: 7, ...inProvince })}
        />
        <Figure
          label={t('app.dashboard.cancelled')}
          value={f.number(m.totals.cancelled)}
          testId="fig-cancelled"
          to={listLink('accounts', {
            status: 'CANCELLED',
            cancelledFrom: data.range.from.toISOString(),
            cancelledTo: data.range.to.toISOString(),
            ...inProvince,
          })}
        />
        <Figure
          label={t('app.dashboard.complaints')}
          value={`${m.complaints.open} / ${m.complaints.overdue}`}
          testId="fig-complaints"
          to={listLink('complaints', { overdue: true })}
        />
        <Figure
          label={t('app.dashboard.ikm')}
          value={m.complaints.ikm === null ? '–' : `${f.number(m.complaints.ikm)} (${m.complaints.grade})`}
          testId="fig-ikm"
          to="/skm"
        />
        <Figure
          label={t('app.dashboard.outreach')}
          value={`${m.outreach.totals.started} / ${m.outreach.totals.completed} / ${m.outreach.totals.abandoned}`}
          testId="fig-outreach"
          to="/outreachEvents"
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
              {/* Steps down the side: every label has room, whatever the language. */}
              <BarChart data={funnel} layout="vertical" margin={{ left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis type="number" allowDecimals={false} />
                <YAxis type="category" dataKey="step" interval={0} width={96} />
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
        <CardContent>
          <ScrollBox label={t('app.dashboard.provinces')}>
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
                      <TableCell>
                        <Link to={listLink('accounts', { provinceCode: p.key, ...period })}>
                          {provinceName.get(p.key) ?? p.key}
                        </Link>
                      </TableCell>
                      <TableCell>{f.number(p.counts.flowsStarted)}</TableCell>
                      <TableCell>{f.number(p.counts.completed)}</TableCell>
                      <TableCell>{f.number(p.counts.cancelled)}</TableCell>
                    </TableRow>
                  ))}
              </TableBody>
            </Table>
          </ScrollBox>
        </CardContent>
      </Card>
      <UnitDashboard range={data.range} />
      <RecentAccounts />
    </Box>
  );
}

export function Dashboard() {
  const { permissions } = usePermissions();
  const t = useTranslate();
  if (atLeast(permissions, 'SUPERVISOR')) return <SupervisorDashboard />;
  // An outreach officer's console is the desk.
  if (permissions === 'OUTREACH') return <Navigate to="/outreachDesk" replace />;
  return (
    <Card sx={{ m: 2 }}>
      <CardHeader title={t('app.title')} />
      <CardContent>
        <Link to="/accounts">{t('resources.accounts.name', { smart_count: 2 })}</Link> ·{' '}
        <Link to="/complaints">{t('resources.complaints.name', { smart_count: 2 })}</Link>
        <RecentAccounts />
      </CardContent>
    </Card>
  );
}
