import { addressKey } from './client-address';

describe('addressKey', () => {
  it('counts every address of one IPv6 /64 as one client, and the next /64 as another', () => {
    const a = addressKey('2001:db8:abcd:12::1');
    expect(a).toBe('2001:db8:abcd:12::/64');
    expect(addressKey('2001:0db8:abcd:0012:ffff:ffff:ffff:fffe')).toBe(a);
    expect(addressKey('2001:DB8:ABCD:12:0:0:0:9')).toBe(a);
    expect(addressKey('2001:db8:abcd:13::1')).not.toBe(a);
    expect(addressKey('2001:db8:abcd::1')).toBe('2001:db8:abcd:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    // a short head with a long tail: the zeros go where the :: stands, not after the tail
    expect(addressKey('1::2:3:4:5:6:7')).toBe('1:0:2:3::/64');
  });

  it('keeps an IPv4 address whole, also when written in IPv6 form', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('203.0.113.8')).not.toBe(addressKey('203.0.113.7'));
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.10.113.77')).toBe('203.10.113.77');
    // only the mapped form itself: an IPv4 tail inside another IPv6 address is that address's /64
    expect(addressKey('1::ffff:203.0.113.7')).toBe('1:0:0:0::/64');
  });

  it('counts what is no address at all as itself (nothing to widen)', () => {
    expect(addressKey('bukan-alamat')).toBe('bukan-alamat');
    expect(addressKey('::ffff:203.0.113.7x')).toBe('::ffff:203.0.113.7x');
  });

  it('has one key for an unknown address', () => {
    expect(addressKey(null)).toBe('unknown');
    expect(addressKey(undefined)).toBe('unknown');
    expect(addressKey('')).toBe('unknown');
  });
});
