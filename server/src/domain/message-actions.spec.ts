import { MessageAction } from './enums';
import { messageActions } from './message-actions';

const now = new Date('2026-12-04T08:00:00Z');
const waiting = { step: 'VERIFY_CODE', expiresAt: new Date(now.getTime() + 1000) };
const both = () => true;
const emailOnly = (c: string) => c === 'EMAIL';
const code = (status: string, extra: object = {}) => ({
  template: 'registration_code',
  channel: 'EMAIL',
  status,
  ...extra,
});

describe('messageActions', () => {
  it.each(['FAILED', 'DEAD', 'HELD'])('offers a new code or a new destination for a %s code of a waiting flow', (s) => {
    expect(messageActions(code(s), waiting, both, now)).toEqual([
      MessageAction.RESEND_REGISTRATION_CODE,
      MessageAction.CHANGE_REGISTRATION_DESTINATION,
    ]);
  });

  it('treats a code WhatsApp reported FAILED after accepting it as undelivered', () => {
    const msg = { template: 'registration_code', channel: 'WHATSAPP', status: 'SENT', providerStatus: 'FAILED' };
    expect(messageActions(msg, waiting, both, now)).toHaveLength(2);
    expect(messageActions({ ...msg, providerStatus: 'DELIVERED' }, waiting, both, now)).toEqual([]);
  });

  it('offers nothing for a code that is on its way or arrived', () => {
    for (const s of ['PENDING', 'SENT']) expect(messageActions(code(s), waiting, both, now)).toEqual([]);
  });

  it('offers nothing once the flow no longer waits for a code, at the very second it expires', () => {
    expect(messageActions(code('DEAD'), { ...waiting, step: 'SET_PASSWORD' }, both, now)).toEqual([]);
    expect(messageActions(code('DEAD'), { ...waiting, expiresAt: now }, both, now)).toEqual([]);
    expect(messageActions(code('DEAD'), null, both, now)).toEqual([]);
  });

  it('acts only on the newest code of a flow: an older failed one was already followed by a new code', () => {
    const latest = { ...waiting, latestCodeId: 'm2' };
    expect(messageActions(code('FAILED', { id: 'm1' }), latest, both, now)).toEqual([]);
    expect(messageActions(code('FAILED', { id: 'm2' }), latest, both, now)).toHaveLength(2);
  });

  it('offers only another destination when the code’s channel has no transport', () => {
    const msg = { template: 'registration_code', channel: 'WHATSAPP', status: 'HELD' };
    expect(messageActions(msg, waiting, emailOnly, now)).toEqual([MessageAction.CHANGE_REGISTRATION_DESTINATION]);
  });

  it('re-drives other DEAD or HELD messages only where a transport exists now', () => {
    const welcome = (status: string, channel = 'EMAIL') => ({ template: 'welcome', channel, status });
    expect(messageActions(welcome('DEAD'), null, emailOnly, now)).toEqual([MessageAction.REDELIVER]);
    expect(messageActions(welcome('HELD'), null, emailOnly, now)).toEqual([MessageAction.REDELIVER]);
    expect(messageActions(welcome('HELD', 'WHATSAPP'), null, emailOnly, now)).toEqual([]);
    expect(messageActions(welcome('FAILED'), null, emailOnly, now)).toEqual([]);
    expect(messageActions(welcome('SENT'), null, emailOnly, now)).toEqual([]);
  });
});
