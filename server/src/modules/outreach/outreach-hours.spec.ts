import { deskOpen, instantOf, localDate, parseDate, parseTime, zoneOf } from './outreach-hours';

describe('outreach event hours', () => {
  it('takes the zone from the province: WIB, WITA, WIT', () => {
    expect(zoneOf('3516012001').name).toBe('Asia/Jakarta');
    expect(zoneOf('1406').name).toBe('Asia/Jakarta');
    expect(zoneOf('5171010001')).toEqual({ name: 'Asia/Makassar', offsetHours: 8 });
    expect(zoneOf('6471').name).toBe('Asia/Makassar');
    expect(zoneOf('9471')).toEqual({ name: 'Asia/Jayapura', offsetHours: 9 });
    expect(zoneOf('8171').name).toBe('Asia/Jayapura');
  });

  it('reads only real dates and HH:MM times', () => {
    expect(parseDate('2026-12-05')).toEqual({ y: 2026, m: 12, d: 5 });
    for (const bad of ['2026-02-30', '2026-13-01', '26-12-05', '2026-12-5', '']) expect(parseDate(bad)).toBeUndefined();
    expect(parseTime('00:00')).toBe(0);
    expect(parseTime('23:59')).toBe(1439);
    for (const bad of ['24:00', '8:00', '08:60', '0800', '']) expect(parseTime(bad)).toBeUndefined();
  });

  it('puts local wall-clock times at the right instant and back', () => {
    const wita = zoneOf('51');
    expect(instantOf('2026-12-05', '08:00', wita).toISOString()).toBe('2026-12-05T00:00:00.000Z');
    expect(instantOf('2026-12-05', '06:30', zoneOf('31')).toISOString()).toBe('2026-12-04T23:30:00.000Z');
    expect(localDate(new Date('2026-12-04T23:30:00Z'), zoneOf('31'))).toBe('2026-12-05');
    expect(localDate(new Date('2026-12-04T16:59:59Z'), zoneOf('31'))).toBe('2026-12-04');
  });

  it('opens the desk from the start minute through the last second of the end minute', () => {
    const start = new Date('2026-12-05T01:00:00Z');
    const end = new Date('2026-12-05T05:00:00Z');
    expect(deskOpen(new Date(start.getTime() - 1), start, end)).toBe(false);
    expect(deskOpen(start, start, end)).toBe(true);
    expect(deskOpen(new Date(end.getTime() + 59_999), start, end)).toBe(true);
    expect(deskOpen(new Date(end.getTime() + 60_000), start, end)).toBe(false);
  });
});
