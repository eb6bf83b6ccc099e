import { loadConfig } from '../config';
import { holidayReport } from '../domain/holiday-calendar';
import { runCli } from './run';

/**
 * `npm run holidays -- [YEAR …]`: the days off the complaint clocks skip in
 * each year (this year and the next by default), from date-holidays, Easter,
 * the SKB 3 Menteri data and COMPLAINT_HOLIDAYS. Needs no database.
 */
async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  const now = new Date().getUTCFullYear();
  const years = argv.length ? argv.map(Number) : [now, now + 1];
  if (years.some((y) => !Number.isInteger(y) || y < 2000 || y > 2100)) {
    console.error('Tahun 2000-2100, misalnya: npm run holidays -- 2027');
    return 1;
  }
  for (const y of years) console.log(`${holidayReport(y, config.complaintHolidays).join('\n')}\n`);
  return 0;
}

runCli(main);
