import { classifySearch, searchText } from './search';

describe('one search box', () => {
  it.each([
    ['3204110609970001', { kind: 'nik', value: '3204110609970001' }],
    ['3204.1106.0997.0001', { kind: 'nik', value: '3204110609970001' }],
    // 01.234.567 → Luhn check digit 4 (the 9th digit).
    ['01.234.567.4-901.000', { kind: 'npwp', value: '012345674901000' }],
    ['012345674901000', { kind: 'npwp', value: '012345674901000' }],
    ['622345676901000', { kind: 'npwp', value: '622345676901000' }],
    // A wrong check digit is not an NPWP.
    ['012345675901000', { kind: 'handle', username: '012345675901000', passport: '012345675901000' }],
    ['62812345678901', { kind: 'phone', value: '+62812345678901' }],
    ['Wildan@Example.CO.id', { kind: 'email', value: 'wildan@example.co.id' }],
    ['0812-3456-7890', { kind: 'phone', value: '+6281234567890' }],
    ['+62 812 3456 7890', { kind: 'phone', value: '+6281234567890' }],
    ['wildan4711a', { kind: 'handle', username: 'wildan4711a', passport: 'WILDAN4711A' }],
    ['a1234567', { kind: 'handle', username: 'a1234567', passport: 'A1234567' }],
    ['Wïldan  Pratma', { kind: 'name', value: 'wildan pratma' }],
    ['PT. Jaya', { kind: 'name', value: 'pt. jaya' }],
  ])('%s', (q, expected) => {
    expect(classifySearch(q)).toEqual(expected);
  });

  it('refuses 1-2 characters (they would scan) and broken emails', () => {
    expect(classifySearch('ab')).toMatchObject({ kind: 'invalid', error: expect.stringContaining('minimal 3') });
    expect(classifySearch(' é ')).toMatchObject({ kind: 'invalid' });
    expect(classifySearch('x@')).toMatchObject({ kind: 'invalid' });
  });

  it('folds accents and case the same way for stored names and queries', () => {
    expect(searchText('JOSÉ  Müller', null, 'CV Ñusa')).toBe('jose muller cv nusa');
  });

  it('reads a handle only from 3 characters with a digit', () => {
    expect(classifySearch('ab1')).toEqual({ kind: 'handle', username: 'ab1', passport: 'AB1' });
    expect(classifySearch('a1')).toMatchObject({ kind: 'invalid' });
    expect(classifySearch('wildan')).toEqual({ kind: 'name', value: 'wildan' });
  });

  it('searches a number that looks like a phone but is not a mobile one as text', () => {
    expect(classifySearch('021 5550 1234')).toEqual({ kind: 'name', value: '021 5550 1234' });
  });
});
