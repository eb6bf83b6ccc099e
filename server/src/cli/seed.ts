import fs from 'node:fs';
import path from 'node:path';
import type { RunningApp } from '../app';
import { StaffUser } from '../modules/staff/staff.entity';
import { logger } from '../shared/logger';

/**
 * A fresh database gets one demo helpdesk user so a newcomer can open the
 * console at once, marked as the demo user (the staff page warns until it is
 * disabled). Its generated password is printed once and written to
 * `.data/demo-credentials.txt` (never a fixed password).
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
}
