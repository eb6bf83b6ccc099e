import { consentRequirement } from './consent';

describe('re-acceptance of the privacy notice', () => {
  const url = 'https://oss.go.id/privasi';

  it('asks nobody while no version requires it', () => {
    expect(consentRequirement({ version: 3 }, 1)).toBeNull();
    expect(consentRequirement({ version: 3 }, null)).toBeNull();
  });

  it('asks exactly the accounts below the version that requires it, for the current version', () => {
    const policy = { version: 3, reacceptFrom: 2, url };
    expect(consentRequirement(policy, 3)).toBeNull(); // the current one
    expect(consentRequirement(policy, 2)).toBeNull(); // newer, but 3 did not require it
    expect(consentRequirement(policy, 1)).toEqual({ version: 3, summaryUrl: url });
    expect(consentRequirement(policy, null)).toEqual({ version: 3, summaryUrl: url });
    expect(consentRequirement({ version: 3, reacceptFrom: 3 }, 2)).toEqual({ version: 3, summaryUrl: null });
  });
});
