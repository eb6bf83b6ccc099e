import { useEffect, useState } from 'react';
import {
  Box,
  Card,
  CardContent,
  CardHeader,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
} from '@mui/material';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Link, useTranslate } from 'react-admin';
import { ScrollBox, useConsoleAction, useEnumLabel } from '../components';
import { useFormat } from '../format';

const COLORS = ['#0b5cad', '#2e7d32', '#c62828', '#6a1b9a', '#ef6c00', '#00838f', '#5d4037'];
const WIB = 7 * 3_600_000;

/** The twelve WIB calendar months ending with the current one. */
function lastTwelveMonths(now = Date.now()) {
  const d = new Date(now + WIB);
  const to = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - WIB);
  const from = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 11, 1) - WIB);
  return { from, to };
}

/**
 * The supervisor dashboard's per-unit part: the IKM of each unit month by
 * month, the NRR per element of the unit chosen, and the complaint clock of
 * each unit (in the dashboard's period) by category. A regional supervisor
 * gets only their unit from the server.
 */
export function UnitDashboard({ range }: { range: { from: Date; to: Date } }) {
  const t = useTranslate();
  const f = useFormat();
  const word = useEnumLabel();
  const trend = useConsoleAction('skmTrend');
  const clock = useConsoleAction('complaintClock');
  const [units, setUnits] = useState<any[]>();
  const [clocks, setClocks] = useState<any[]>();
  const [chosen, setChosen] = useState('');
  useEffect(() => {
    const r = lastTwelveMonths();
    void trend({ from: r.from.toISOString(), to: r.to.toISOString(), interval: 'MONTH' }).then(setUnits, () => {});
  }, []);
  useEffect(() => {
    void clock({ from: range.from.toISOString(), to: range.to.toISOString() }).then(setClocks, () => {});
  }, [range.from.getTime(), range.to.getTime()]);
  if (!units || !clocks) return null;
  const months = units[0]?.points.map((p: any) => p.from) ?? [];
  const series = months.map((m: string, i: number) => ({
    month: f.month(m),
    ...Object.fromEntries(units.map((u) => [u.unit.name, u.points[i].ikm])),
  }));
  // The unit chosen, else the first with answers in the year (the national row is often empty).
  const unit =
    units.find((u) => u.unit.id === chosen) ?? units.find((u) => u.points.some((p: any) => p.respondents)) ?? units[0];
  // Each figure links to the unit's complaints (of the category); the overdue one to those past due. The
  // complaints list has no period filter nor an on-time/late one: those cells open the unit's (category's) list.
  const clockCells = (c: any, filter: Record<string, unknown>) =>
    (['opened', 'resolvedOnTime', 'resolvedLate', 'openWithinDue', 'overdue'] as const).map((k) => (
      <TableCell key={k} align="right">
        <Link
          to={`/complaints?filter=${encodeURIComponent(JSON.stringify(k === 'overdue' ? { ...filter, overdue: true } : filter))}`}
          data-testid={`clock-link-${k}`}
        >
          {f.number(c[k])}
        </Link>
      </TableCell>
    ));
  return (
    <Box sx={{ mt: 2, display: 'flex', flexDirection: 'column', gap: 2 }} data-testid="unit-dashboard">
      <Card>
        <CardHeader title={t('app.skm.trend')} />
        <CardContent sx={{ height: 280 }} data-testid="chart-ikm-units">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={series}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="month" />
              <YAxis domain={[0, 100]} />
              <Tooltip />
              <Legend />
              {units.map((u, i) => (
                <Line
                  key={u.unit.id}
                  isAnimationActive={false}
                  connectNulls
                  type="monotone"
                  dataKey={u.unit.name}
                  stroke={COLORS[i % COLORS.length]}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </CardContent>
      </Card>
      {unit && (
        <Card>
          <CardHeader
            title={t('app.skm.trend_elements', { unit: unit.unit.name })}
            action={
              units.length > 1 && (
                <TextField
                  select
                  size="small"
                  label={t('app.skm.unit')}
                  value={unit.unit.id}
                  onChange={(e) => setChosen(e.target.value)}
                  sx={{ minWidth: 220 }}
                >
                  {units.map((u) => (
                    <MenuItem key={u.unit.id} value={u.unit.id}>
                      {u.unit.name}
                    </MenuItem>
                  ))}
                </TextField>
              )
            }
          />
          <CardContent>
            <ScrollBox label={t('app.skm.trend_elements', { unit: unit.unit.name })}>
              <Table size="small" data-testid="table-nrr">
                <TableHead>
                  <TableRow>
                    <TableCell>{t('app.skm.element')}</TableCell>
                    {unit.points.map((p: any) => (
                      <TableCell key={p.from} align="right">
                        {f.month(p.from)}
                      </TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {unit.points[0].elements.map((e: any, i: number) => (
                    <TableRow key={e.code}>
                      <TableCell>
                        {e.code} {e.name}
                      </TableCell>
                      {unit.points.map((p: any) => (
                        <TableCell key={p.from} align="right">
                          {p.respondents ? f.number(Math.round(p.elements[i].nrr * 100) / 100) : '–'}
                        </TableCell>
                      ))}
                    </TableRow>
                  ))}
                  <TableRow>
                    <TableCell sx={{ fontWeight: 'bold' }}>{t('app.skm.ikm')}</TableCell>
                    {unit.points.map((p: any) => (
                      <TableCell key={p.from} align="right" sx={{ fontWeight: 'bold' }}>
                        {p.ikm == null ? '–' : `${f.number(p.ikm)} (${p.grade})`}
                      </TableCell>
                    ))}
                  </TableRow>
                </TableBody>
              </Table>
            </ScrollBox>
          </CardContent>
        </Card>
      )}
      <Card>
        <CardHeader title={t('app.skm.clock')} />
        <CardContent>
          <ScrollBox label={t('app.skm.clock')}>
            <Table size="small" data-testid="table-clock">
              <TableHead>
                <TableRow>
                  <TableCell>{t('app.skm.unit')}</TableCell>
                  <TableCell>{t('app.skm.category')}</TableCell>
                  <TableCell align="right">{t('app.skm.opened')}</TableCell>
                  <TableCell align="right">{t('app.skm.on_time')}</TableCell>
                  <TableCell align="right">{t('app.skm.late')}</TableCell>
                  <TableCell align="right">{t('app.skm.within_due')}</TableCell>
                  <TableCell align="right">{t('app.skm.overdue')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {clocks.flatMap((c) => [
                  <TableRow key={c.unit.id} data-testid={`clock-${c.unit.id}`}>
                    <TableCell sx={{ fontWeight: 'bold' }}>{c.unit.name}</TableCell>
                    <TableCell sx={{ fontWeight: 'bold' }}>{t('app.skm.total')}</TableCell>
                    {clockCells(c.totals, { unitId: c.unit.id })}
                  </TableRow>,
                  ...c.byCategory.map((k: any) => (
                    <TableRow key={`${c.unit.id}-${k.category}`}>
                      <TableCell />
                      <TableCell>{word('ComplaintCategory', k.category)}</TableCell>
                      {clockCells(k, { unitId: c.unit.id, category: k.category })}
                    </TableRow>
                  )),
                ])}
              </TableBody>
            </Table>
          </ScrollBox>
        </CardContent>
      </Card>
    </Box>
  );
}
