import { usernameCandidate } from './username';

describe('usernameCandidate', () => {
  it('starts short and readable: first name, four digits, a letter', () => {
    expect(usernameCandidate('Wildan Pratama')).toMatch(/^wildan\d{4}[a-z]$/);
    expect(usernameCandidate('Ñoño Ümit', 4)).toMatch(/^nono\d{4}[a-z]$/);
  });

  it('widens to six digits and two letters once the short tries are used', () => {
    expect(usernameCandidate('Muhammad Rizki', 5)).toMatch(/^muhammad\d{6}[a-z]{2}$/);
  });

  it('takes the first part of at least 3 letters, cut to 10, or "oss"', () => {
    expect(usernameCandidate('M. Al Fatih')).toMatch(/^fatih\d{4}[a-z]$/);
    expect(usernameCandidate('Kusumawardhani Putri')).toMatch(/^kusumaward\d{4}[a-z]$/);
    expect(usernameCandidate('A B')).toMatch(/^oss\d{4}[a-z]$/);
  });
});
