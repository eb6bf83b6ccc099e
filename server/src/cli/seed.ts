import fs from 'node:fs';
import path from 'node:path';
import type { RunningApp } from '../app';
import { seedContext, seedLoad } from '../db/seed-load';
import { StaffUser } from '../modules/staff/staff.entity';
import { logger } from '../shared/logger';

/** Synthetic applicants a demo starts with: enough to page, search and filter. */
export const DEMO_APPLICANTS = 500;

/**
 * A fresh database gets one demo helpdesk user so a newcomer can open the
 * console at once, marked as the demo user (the staff page warns until it is
 * disabled). Its generated password is printed once and written to
 * `.data/demo-credentials.txt` (never a fixed password). It also gets
 * DEMO_APPLICANTS synthetic applicants (the generator of `npm run seed:load`:
 * accounts in every state, their registrations, messages, complaints and the
 * dashboard's counters), so the console has something to show.
 */
export async function seedDemoIfEmpty(app: RunningApp): Promise<void> {
  const em = app.orm.em.fork();
  if ((await em.count(StaffUser, {})) > 0) return;
  const { staff, generatedPassword } = await app.services.staff.create(em, {
    username: 'demo.helpdesk',
    role: 'HELPDESK',
    demo: true,
  });
  const file = path.resolve(process.env.DATA_DIR ?? '.data', 'demo-credentials.txt');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `username: ${staff.username}\npassword: ${generatedPassword}\n`, { mode: 0o600 });
  logger.info('Seeded a demo helpdesk user (empty database); its password is in the file', {
    username: staff.username,
    savedTo: file,
  });
  const outcome = await seedLoad(app.databaseUrl, {
    accounts: DEMO_APPLICANTS,
    seed: 2026,
    batch: DEMO_APPLICANTS,
    context: await seedContext(),
  });
  if (outcome.kind === 'done') logger.info('Seeded demo applicants', { accounts: DEMO_APPLICANTS });
  else logger.warn('Demo applicants not seeded', { outcome });
}
