import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { EventBus } from '../db/event-bus';
import { createServices } from '../composition';
import { runCli, withDatabase } from './run';

const USAGE = 'usage: npm run lifecycle -- preview --as-of 2027-01-01T00:00:00Z [--limit 10]';

/**
 * What the expiry sweep would warn and cancel by a given moment, and which cancelled accounts the retention
 * job would anonymise. Reads only.
 */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({ args: rest, options: { 'as-of': { type: 'string' }, limit: { type: 'string' } } });
  const asOf = values['as-of'] ? new Date(values['as-of']) : undefined;
  const limit = Number(values.limit ?? 10);
  if (command !== 'preview' || !asOf || isNaN(asOf.getTime()) || !Number.isInteger(limit) || limit < 0) {
    console.error(USAGE);
    return 2;
  }
  return withDatabase(async (orm, config, databaseUrl) => {
    // The bus is never started: a preview publishes nothing.
    const services = createServices(config, new EventBus(databaseUrl));
    const preview = await services.accountExpiry.preview(orm.em.fork(), asOf, limit);
    const titles: Record<string, string> = {
      warn7d: 'Peringatan 7 hari',
      warn1d: 'Peringatan 1 hari',
      cancel: 'Dibatalkan (tanpa kegiatan perizinan)',
    };
    console.log(`Pratinjau penyapuan per ${asOf.toISOString()} (tidak ada yang diubah)`);
    for (const [key, part] of Object.entries(preview)) {
      console.log(`\n${titles[key]}: ${part.count}`);
      for (const r of part.first) console.log(`  ${r.username}\t${new Date(r.expiresAt).toISOString()}\t${r.id}`);
      if (part.count > part.first.length) console.log(`  … dan ${part.count - part.first.length} lainnya`);
    }
    const retention = await services.retention.preview(orm.em.fork(), asOf, limit);
    console.log(
      `\nData pribadi dihapus (dibatalkan lebih dari ${services.retention.days} hari, ACCOUNT_RETENTION_DAYS): ${retention.count}`,
    );
    for (const r of retention.first) console.log(`  ${r.username}\t${new Date(r.cancelledAt).toISOString()}\t${r.id}`);
    if (retention.count > retention.first.length) {
      console.log(`  … dan ${retention.count - retention.first.length} lainnya`);
    }
    return 0;
  });
}

runCli(main);
