import { writtenForms } from './anonymiser';
import { exportHtml, ExportBundle, purposeOf } from './export-bundle';

const bundle = (over: Partial<ExportBundle> = {}): ExportBundle => ({
  format: 'hak-akses-data-export/1',
  generatedAt: '2026-12-04T03:00:00.000Z',
  request: { number: 'PDP-2026-000001', kind: 'ACCESS' },
  account: { nik: '3171011705900001', fullName: 'Wildan <b>Pratama</b>' },
  registrations: [],
  messages: [{ createdAt: '2026-12-01T00:00:00.000Z', body: 'Halo </script><script>alert(1)</script>' }],
  complaints: [],
  surveys: [],
  emailChanges: [],
  dataSubjectRequests: [],
  processing: [
    { at: '2026-12-01T00:00:00.000Z', action: 'PII_VIEW', actor: 'Petugas', purpose: purposeOf('PII_VIEW') },
  ],
  ...over,
});

describe('access export page', () => {
  it('escapes every value, in the tables and in the embedded JSON', () => {
    const html = exportHtml(bundle());
    expect(html).toContain('Wildan &lt;b&gt;Pratama&lt;/b&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html.match(/<\/script>/g)).toHaveLength(2); // the JSON block and the download script, nothing planted
    expect(html).toContain('3171011705900001');
    expect(html).toContain('Tidak ada data.');
  });

  it('names a purpose for every kind of audited action, a generic one for the rest', () => {
    expect(purposeOf('PII_VIEW')).toMatch(/Layanan bantuan/);
    expect(purposeOf('DATA_EXPORT_SENT')).toMatch(/UU PDP/);
    expect(purposeOf('COMPLAINT_REPLIED')).toMatch(/pengaduan/);
    expect(purposeOf('ACCOUNT_SUSPENDED')).toMatch(/hak akses/);
    expect(purposeOf('SOMETHING_NEW')).toMatch(/Penyelenggaraan layanan/);
  });
});

describe('written forms of an identifier', () => {
  it('gives a phone in all three prefixes and an email in lower case, from any of them', () => {
    expect(writtenForms(['+6281234567890']).sort()).toEqual(['+6281234567890', '081234567890', '6281234567890']);
    expect(writtenForms(['081234567890']).sort()).toEqual(['+6281234567890', '081234567890', '6281234567890']);
    expect(writtenForms(['Budi@Example.co.id', null, undefined, ''])).toEqual([
      'Budi@Example.co.id',
      'budi@example.co.id',
    ]);
    expect(writtenForms(['3171011705900001'])).toEqual(['3171011705900001']);
  });
});
