import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { AuditService } from '../modules/audit';
import { PasswordLogin, SessionService, ThrottleService } from '../modules/auth';
import { StaffService } from '../modules/staff/staff.service';
import { runCli, withDatabase } from './run';

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
  return withDatabase(async (orm) => {
    const staff = new StaffService(new PasswordLogin(new ThrottleService()), new SessionService(), new AuditService());
    const result = await staff.create(orm.em.fork(), { username: values.username!, role, password: values.password });
    console.log(`Created ${result.staff.role} ${result.staff.username}`);
    if (result.generatedPassword) console.log(`password: ${result.generatedPassword}`);
    if (result.otpauthUri) console.log(`totp: ${result.otpauthUri}`);
    return 0;
  });
}

runCli(main);
