import { REDACTED, redactLogText, redactSecrets, sqlShape } from './redact';

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

  it('keeps ids (UUIDs) for whoever correlates', () => {
    expect(redactSecrets('message 0b6f4c3e-8d1a-4a51-9f7e-2c3d4e5f6a7b failed')).toBe(
      'message 0b6f4c3e-8d1a-4a51-9f7e-2c3d4e5f6a7b failed',
    );
  });

  it('keeps ids whose digit groups read as a phone or a code, and still strips what is beside them', () => {
    // The last group starting with ten digits, and a first group of eight digits: both ids stay whole.
    const ids = ['e6651e2d-0858-4123-3279-123456789012', '12345678-0858-4123-3279-a2345678a012'];
    for (const id of ids) {
      expect(redactSecrets(`request ${id} failed`)).toBe(`request ${id} failed`);
      expect(redactLogText(`{"requestId":"${id}","msg":"x"}`)).toBe(`{"requestId":"${id}","msg":"x"}`);
    }
    expect(redactSecrets(`${ids[0]} telepon +6281234565678 kode 493021`)).toBe(
      `${ids[0]} telepon [telepon] kode [kode]`,
    );
    // A link token is stripped even when it has the shape of an id.
    expect(redactSecrets(`http://oss.test/x?token=${ids[0]}`)).toBe(`http://oss.test/x?token=${REDACTED}`);
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

  it('turns a decimal into one ? and runs of blanks into one space, trimmed', () => {
    expect(sqlShape('  select  *\n  from t where x = 12.75 and y = -3  ')).toBe(
      'select * from t where x = ? and y = ?',
    );
  });

  it('keeps identifiers with digits', () => {
    expect(sqlShape('select a1.id from t2 as a1 where a1.x = 5')).toBe('select a1.id from t2 as a1 where a1.x = ?');
  });
});

describe('redactLogText', () => {
  it('logs a failed statement as its shape, without the NIK or email it carried', () => {
    const line =
      `insert into "email_change_request" ("nik", "new_email") values ('3171011705900001', 'baru@example.co.id') ` +
      '- kesalahan uji';
    const out = redactLogText(line);
    expect(out).toBe('insert into "email_change_request" ("nik", "new_email") values (?, ?) - kesalahan uji');
  });

  it('strips contacts and NIKs from other lines, keeping counts, ports and ids', () => {
    expect(
      redactLogText(
        'sent to budi@gmail.com / +6281234565678 for 3171011705900001 on port 54329, 3 jobs, id 0b6f4c3e-8d1a-4a51-9f7e-2c3d4e5f6a7b',
      ),
    ).toBe('sent to [email] / [telepon] for [nik] on port 54329, 3 jobs, id 0b6f4c3e-8d1a-4a51-9f7e-2c3d4e5f6a7b');
  });
});
