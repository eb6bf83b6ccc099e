import { SKM_ELEMENTS } from '../server/src/domain/ikm';
import { SKM_ELEMENTS as CONSOLE_ELEMENTS } from '../admin-ui/src/skm/elements';
import { lastSemester } from '../admin-ui/src/skm/period';

describe('console SKM words', () => {
  it("asks the paper survey's nine elements with the server's names and answer wordings", () => {
    expect(CONSOLE_ELEMENTS).toEqual(
      SKM_ELEMENTS.map(({ code, name, labels }) => ({ code, name, labels: [...labels] })),
    );
  });

  it('proposes the last finished WIB semester, turning at 00:00 WIB on 1 July and 1 January', () => {
    expect(lastSemester(Date.parse('2026-06-30T23:59:59+07:00'))).toEqual({ first: '2025-07-01', last: '2025-12-31' });
    expect(lastSemester(Date.parse('2026-07-01T00:00:00+07:00'))).toEqual({ first: '2026-01-01', last: '2026-06-30' });
    expect(lastSemester(Date.parse('2026-12-31T23:59:59+07:00'))).toEqual({ first: '2026-01-01', last: '2026-06-30' });
    expect(lastSemester(Date.parse('2027-01-01T00:00:00+07:00'))).toEqual({ first: '2026-07-01', last: '2026-12-31' });
  });
});
