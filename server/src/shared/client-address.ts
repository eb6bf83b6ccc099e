import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key under which a client's address is counted by the rate limits. An
 * IPv4 address is one key; an IPv6 client usually holds a whole /64 (one
 * household or phone gets 2^64 addresses), so every address of a /64 is one
 * key, or a client could change address on each attempt and never hit a limit.
 * An IPv4 address written in IPv6 form (`::ffff:1.2.3.4`) counts as itself.
 * The audit log keeps the full address; this is only for counting.
 */
export function addressKey(ip: string | null | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return ip;
  return `${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
}

/** The eight hextets of an IPv6 address (zone id dropped), without leading zeros. */
function expandIPv6(ip: string): string[] {
  const bare = ip.split('%')[0].toLowerCase();
  const [head, tail] = bare.includes('::') ? bare.split('::') : [bare, undefined];
  const part = (s: string | undefined) => (s ? s.split(':') : []);
  const left = part(head);
  const right = part(tail);
  // an embedded IPv4 tail (::1.2.3.4) takes two hextets; it never touches the first four unless the address is short
  const fill = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((h) => (/^[0-9a-f]+$/.test(h) ? parseInt(h, 16).toString(16) : h));
}
