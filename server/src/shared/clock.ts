/** Where "now" comes from, so that time-driven work (expiry sweeps) can be run at any moment in tests and previews. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
