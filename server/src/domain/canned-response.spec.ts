import { checkResponseText, fillResponse } from './canned-response';

describe('canned responses', () => {
  it('fills every {nama} and {nomor}, leaving other braces alone', () => {
    expect(
      fillResponse('Yth. {nama}, pengaduan {nomor} sudah kami terima. {nama}, mohon tunggu. {x}', {
        reporterName: 'Dewi',
        number: 'ADU-2026-000001',
      }),
    ).toBe('Yth. Dewi, pengaduan ADU-2026-000001 sudah kami terima. Dewi, mohon tunggu. {x}');
  });

  it('does not fill a name that itself looks like a placeholder twice', () => {
    expect(fillResponse('{nama} – {nomor}', { reporterName: '{nomor}', number: 'ADU-1' })).toBe('{nomor} – ADU-1');
  });

  it('accepts 2 and 4000 characters, refuses 1 and 4001', () => {
    expect(checkResponseText('ok')).toBeNull();
    expect(checkResponseText('x'.repeat(4000))).toBeNull();
    expect(checkResponseText('x')).toMatch(/2-4000/);
    expect(checkResponseText('x'.repeat(4001))).toMatch(/2-4000/);
  });

  it('refuses an unknown placeholder, naming it', () => {
    expect(checkResponseText('Halo {nama}, nomor {nomor}')).toBeNull();
    expect(checkResponseText('Halo {name}')).toMatch(/\{name\}/);
  });
});
