import { REDACTED, redactSecrets, sqlShape } from './redact';

describe('redactSecrets', () => {
  it('strips a reset token from a gateway that echoes its request', () => {
    const body =
      'WhatsApp gateway answered 400: {"error":"bad template","echo":{"to":"6281234565678","template":{"components":' +
      '[{"parameters":[{"text":"http://oss.test/atur-ulang?token=Qm9vbTEyMzQ1Njc4OTBhYmNkZWZnaGlqa2xtbm9w"}]}]}}}';
    const out = redactSecrets(body);
    expect(out).not.toContain('Qm9vbTEyMzQ1Njc4OTBhYmNkZWZnaGlqa2xtbm9w');
    expect(out).not.toContain('6281234565678');
    expect(out).toContain(`token=${REDACTED}`);
    expect(out).toContain('answered 400');
  });

  it('strips codes, NIKs, emails, phones and bare tokens', () => {
    const out = redactSecrets(
      'kode 493021 untuk NIK 3171011705900001, email budi@gmail.com, telepon +6281234565678, ' +
        'token x7Yk2_pQ-93kLmNoPqRsTuV9 Bearer abc.def',
    );
    expect(out).toBe(
      'kode [kode] untuk NIK [nik], email [email], telepon [telepon], token [disembunyikan] Bearer [disembunyikan]',
    );
  });

  it('keeps ordinary words, status codes and years', () => {
    expect(redactSecrets('Connection refused (ECONNREFUSED) after 2026 retries: 503')).toBe(
      'Connection refused (ECONNREFUSED) after 2026 retries: 503',
    );
  });
});

describe('sqlShape', () => {
  it('replaces every literal by ?', () => {
    expect(
      sqlShape(`insert into "account" ("nik", "email", "n") values ('3171011705900001', 'o''brien@x.id', 42) - boom`),
    ).toBe('insert into "account" ("nik", "email", "n") values (?, ?, ?) - boom');
  });

  it('keeps identifiers with digits', () => {
    expect(sqlShape('select a1.id from t2 as a1 where a1.x = 5')).toBe('select a1.id from t2 as a1 where a1.x = ?');
  });
});
