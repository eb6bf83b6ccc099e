const WIB = 7 * 3_600_000;

/** The last finished semester in WIB (January–June or July–December), as first and last day YYYY-MM-DD. */
export function lastSemester(now = Date.now()): { first: string; last: string } {
  const d = new Date(now + WIB);
  const y = d.getUTCFullYear();
  return d.getUTCMonth() < 6
    ? { first: `${y - 1}-07-01`, last: `${y - 1}-12-31` }
    : { first: `${y}-01-01`, last: `${y}-06-30` };
}
