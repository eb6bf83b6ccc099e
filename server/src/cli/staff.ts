import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { resolveDatabase } from '../db/database';
import { initOrm } from '../db/orm';
import { AuditService } from '../modules/audit';
import { PasswordLogin, SessionService, ThrottleService } from '../modules/auth';
import { StaffService } from '../modules/staff/staff.service';
import { AppError } from '../shared/errors';
import { setLogLevel } from '../shared/logger';

const USAGE = 'usage: npm run staff -- create --username NAME --role HELPDESK|SUPERVISOR|ADMIN [--password P]';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'create') {
    console.error(USAGE);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: { username: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' } },
  });
  const role = values.role?.toUpperCase();
  if (!values.username || (role !== 'HELPDESK' && role !== 'SUPERVISOR' && role !== 'ADMIN')) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  setLogLevel('warn');
  const db = await resolveDatabase(config);
  const orm = await initOrm(db.url);
  try {
    const result = await new StaffService(
      new PasswordLogin(new ThrottleService()),
      new SessionService(),
      new AuditService(),
    ).create(orm.em.fork(), { username: values.username, role, password: values.password });
    console.log(`Created ${result.staff.role} ${result.staff.username}`);
    if (result.generatedPassword) console.log(`password: ${result.generatedPassword}`);
    if (result.otpauthUri) console.log(`totp: ${result.otpauthUri}`);
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      const fields = (err.extensions.fields ?? {}) as Record<string, string>;
      console.error([err.message, ...Object.values(fields)].join('\n'));
      return 1;
    }
    throw err;
  } finally {
    await orm.close(true);
    await db.stop();
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((err) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  });
