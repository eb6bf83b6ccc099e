import { explainDeliveryError } from './delivery-error';

const reason = (channel: string, error: string) => explainDeliveryError(channel, error)?.reason;

describe('explainDeliveryError: a failed delivery in words an officer can act on', () => {
  it('has nothing to explain without an error', () => {
    expect(explainDeliveryError('EMAIL', null)).toBeNull();
    expect(explainDeliveryError('EMAIL', '')).toBeNull();
  });

  it.each([
    ['552 5.2.2 Mailbox full', 'MAILBOX_FULL'],
    ['452 4.2.2 The email account that you tried to reach is over quota', 'MAILBOX_FULL'],
    ['550 5.1.1 <budi@contoh.co.id>: Recipient address rejected: User unknown', 'UNKNOWN_USER'],
    ['getaddrinfo ENOTFOUND gmial.com', 'NO_DOMAIN'],
    ['550 5.1.2 Domain does not exist', 'NO_DOMAIN'],
    ['550 Domain gmial.com does not exist', 'NO_DOMAIN'],
    ["550 The domain doesn't exist", 'NO_DOMAIN'],
    ['550 5.1.2 <budi@gmial.com>: Recipient address rejected: bad destination system address', 'NO_DOMAIN'],
    ['550 5.4.4 Unable to route: no mail hosts for domain', 'NO_DOMAIN'],
    ['554 5.4.4 [internal] Domain lookup failed', 'NO_DOMAIN'],
    ['Host or domain name not found. Name service error for name=gmial.com type=MX', 'NO_DOMAIN'],
    ['550 5.1.1 The email account that you tried to reach does not exist', 'UNKNOWN_USER'],
    ['550 Requested action not taken: mailbox does not exist', 'UNKNOWN_USER'],
    ['550 5.1.1 <budi@contoh.co.id>: user does not exist in domain contoh.co.id', 'UNKNOWN_USER'],
    ['connect ECONNREFUSED 10.5.1.1:25', 'CONNECTION_REFUSED'],
    ['connect ETIMEDOUT 10.5.1.2:25', 'TIMEOUT'],
    ['550 5.7.1 Message rejected as spam', 'SPAM_REFUSED'],
    ['Connection timeout', 'TIMEOUT'],
    ['Greeting never received', 'TIMEOUT'],
    ['connect ECONNREFUSED 10.1.1.1:25', 'CONNECTION_REFUSED'],
    ['421 Something nobody has seen before', 'UNKNOWN'],
  ])('email: %s → %s', (error, expected) => {
    expect(reason('EMAIL', error)).toBe(expected);
  });

  it.each([
    ['WhatsApp gateway answered 400: {"error":{"code":131026,"message":"Message undeliverable"}}', 'NOT_WHATSAPP'],
    ['WhatsApp gateway answered 400: {"error":{"code":131047,"message":"Re-engagement message"}}', 'OUTSIDE_WINDOW'],
    ['WhatsApp gateway answered 400: {"error":{"code":132015,"message":"Template is paused"}}', 'TEMPLATE_PAUSED'],
    ['WhatsApp gateway answered 400: {"error":{"code":132016,"message":"Template is disabled"}}', 'TEMPLATE_PAUSED'],
    ['WhatsApp gateway answered 429: {"error":{"code":130429,"message":"Rate limit hit"}}', 'RATE_LIMITED'],
    [
      'WhatsApp gateway answered 400: {"error":{"code":131008,"message":"Required parameter is missing"}}',
      'INVALID_PARAMETER',
    ],
    ['delivery failed with error 131026 (status webhook)', 'NOT_WHATSAPP'],
    ['WhatsApp gateway answered 500: {"error":{"code":999999}}', 'UNKNOWN'],
  ])('WhatsApp: %s → %s', (error, expected) => {
    expect(reason('WHATSAPP', error)).toBe(expected);
  });

  it('says in Indonesian what to do, and admits when it does not know', () => {
    expect(explainDeliveryError('EMAIL', '552 5.2.2 Mailbox full')!.text).toMatch(/Kotak surat penerima penuh/);
    expect(explainDeliveryError('WHATSAPP', '{"code":131047}')!.text).toMatch(/24 jam/);
    expect(explainDeliveryError('EMAIL', 'weird')!.text).toMatch(/tidak dikenali/);
  });
});
