import { maskEmail, maskNik, maskPhone, maskText } from './mask';

describe('masking', () => {
  it('keeps enough of an email for the owner to recognise it', () => {
    expect(maskEmail('wildan@gmail.com')).toBe('wi****@gmail.com');
    expect(maskEmail('ab@x.id')).toBe('a****@x.id');
    expect(maskEmail('a@x.id')).toBe('a****@x.id');
  });

  it('masks phones as +62 812****5678', () => {
    expect(maskPhone('+6281234565678')).toBe('+62 812****5678');
  });

  it('masks usernames and NIKs', () => {
    expect(maskText('wildan4711a')).toBe('wi****a');
    expect(maskNik('3171011705900001')).toBe('317101******0001');
  });

  it('never returns the full value', () => {
    for (const v of ['wildan@gmail.com', '+6281234565678', 'wildan4711a', '3171011705900001']) {
      expect([maskEmail(v), maskPhone(v), maskText(v), maskNik(v)]).not.toContain(v);
    }
  });
});
