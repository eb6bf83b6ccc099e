import { complaintNumberIn, isAutomatic, outboxIdOf, referencedIds, senderAuthenticated } from './inbound-mail';

const h = (o: Record<string, unknown>) => new Map(Object.entries(o));
const person = 'siti@example.id';

describe('isAutomatic (mail that must never open a complaint)', () => {
  it('takes a person’s mail as a person’s', () => {
    expect(isAutomatic(h({ 'auto-submitted': 'no', precedence: 'normal' }), person, person)).toBe(false);
    expect(isAutomatic(h({ 'auto-submitted': ' No ' }), person, person)).toBe(false);
    expect(isAutomatic(h({ 'content-type': { value: 'multipart/alternative' } }), person, person)).toBe(false);
    // Words that only contain a machine keyword, or an address that only contains mailer-daemon, are a person's.
    for (const precedence of ['blacklist', 'bulky', 'first-class-list-item']) {
      expect(isAutomatic(h({ precedence }), person, person)).toBe(false);
    }
    expect(isAutomatic(h({ 'content-type': 'text/plain; name="multipart/report"' }), person, person)).toBe(false);
    expect(isAutomatic(h({}), person, 'not-mailer-daemon@example.id')).toBe(false);
    expect(isAutomatic(h({ subject: 'x' }), person, 'bukan.postmaster@example.id')).toBe(false);
    // Outlook asks for no auto-reply on a person's own mail: still a person's.
    expect(isAutomatic(h({ 'x-auto-response-suppress': 'All' }), person, person)).toBe(false);
  });

  it.each([
    ['Auto-Submitted: auto-replied', { 'auto-submitted': 'auto-replied' }],
    ['Auto-Submitted: auto-generated', { 'auto-submitted': 'Auto-Generated' }],
    ['Precedence: bulk', { precedence: 'bulk' }],
    ['Precedence: auto_reply', { precedence: 'auto_reply' }],
    ['Precedence: list', { precedence: 'list' }],
    ['Precedence: junk (spaced)', { precedence: ' junk ' }],
    ['X-Autoreply', { 'x-autoreply': 'yes' }],
    ['X-Autorespond', { 'x-autorespond': 'yes' }],
    ['List-Id', { 'list-id': '<berita.example.id>' }],
    ['List-Unsubscribe', { 'list-unsubscribe': '<mailto:keluar@example.id>' }],
    [
      'a delivery report',
      { 'content-type': { value: 'multipart/report', params: { 'report-type': 'delivery-status' } } },
    ],
  ])('refuses %s', (_name, headers) => {
    expect(isAutomatic(h(headers), person, person)).toBe(true);
  });

  it('refuses a bounce by its null envelope sender or a mailer-daemon address', () => {
    expect(isAutomatic(h({}), '', person)).toBe(true);
    expect(isAutomatic(h({}), null, person)).toBe(true);
    expect(isAutomatic(h({}), 'MAILER-DAEMON@mx.example.id', 'MAILER-DAEMON@mx.example.id')).toBe(true);
    expect(isAutomatic(h({}), person, 'postmaster@example.id')).toBe(true);
  });
});

describe('threading', () => {
  it('reads the complaint number in brackets only', () => {
    expect(complaintNumberIn('Re: [ADU-2026-000123] Balasan pengaduan')).toBe('ADU-2026-000123');
    expect(complaintNumberIn('re: [adu-2026-000123]')).toBe('ADU-2026-000123');
    expect(complaintNumberIn('Pengaduan ADU-2026-000123')).toBeNull();
    expect(complaintNumberIn('[ADU-2026-00012]')).toBeNull();
    expect(complaintNumberIn(undefined)).toBeNull();
  });

  it('lists In-Reply-To first, then References newest first, once each', () => {
    expect(referencedIds('<c@x>', '<a@x> <b@x> <c@x>')).toEqual(['c@x', 'b@x', 'a@x']);
    expect(referencedIds(undefined, ['<a@x>', '<b@x>'])).toEqual(['b@x', 'a@x']);
    expect(referencedIds(null, null)).toEqual([]);
    expect(referencedIds('<only@x>', undefined)).toEqual(['only@x']);
  });

  it('recognises only our own outbox Message-IDs', () => {
    const id = '0b9c6c0e-3f43-4a35-9b1d-3d1c2f6f8a10';
    expect(outboxIdOf(`${id}@hak-akses.outbox`)).toBe(id);
    expect(outboxIdOf(`${id}@evil.example`)).toBeNull();
    expect(outboxIdOf(`x${id}@hak-akses.outbox`)).toBeNull();
  });
});

describe('senderAuthenticated (our MX vouched for the From address)', () => {
  const MX = 'mx.oss.test';
  const from = 'siti@mail.example.id';
  it('trusts dmarc=pass for the From domain, or an aligned dkim=pass, from our MX only', () => {
    expect(senderAuthenticated([`${MX}; dmarc=pass header.from=mail.example.id`], MX, from)).toBe(true);
    expect(senderAuthenticated([`${MX}; spf=pass; dkim=pass header.d=example.id header.s=k1`], MX, from)).toBe(true);
    expect(senderAuthenticated([`${MX} 1; dkim=pass header.d=mail.example.id`], MX, from)).toBe(true);
  });
  it('distrusts a failure, another domain, another server, or no configured server', () => {
    expect(senderAuthenticated([`${MX}; dmarc=fail header.from=mail.example.id`], MX, from)).toBe(false);
    expect(senderAuthenticated([`${MX}; dmarc=pass header.from=evil.example`], MX, from)).toBe(false);
    expect(senderAuthenticated([`${MX}; dkim=pass header.d=ample.id`], MX, from)).toBe(false);
    expect(senderAuthenticated([`${MX}; dkim=pass header.d=mail.example.id.evil`], MX, from)).toBe(false);
    expect(senderAuthenticated([`mx.evil.example; dmarc=pass header.from=mail.example.id`], MX, from)).toBe(false);
    expect(senderAuthenticated([`${MX}; spf=pass smtp.mailfrom=mail.example.id`], MX, from)).toBe(false);
    expect(senderAuthenticated([`${MX}; dmarc=pass header.from=mail.example.id`], undefined, from)).toBe(false);
    expect(senderAuthenticated([], MX, from)).toBe(false);
  });
});
