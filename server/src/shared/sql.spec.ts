import { pgArray } from './sql';

describe('pgArray', () => {
  it('quotes every element and escapes quotes and backslashes', () => {
    expect(pgArray(['a', 'b,c', 'd"e', 'f\\g'])).toBe('{"a","b,c","d\\"e","f\\\\g"}');
    expect(pgArray([])).toBe('{}');
  });
});
