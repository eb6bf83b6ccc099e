import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { EventBus } from '../db/event-bus';
import { createServices } from '../composition';
import { fileSize } from '../modules/legacy/legacy-import.service';
import { cliContext, runCli, withDatabase } from './run';

const USAGE = 'usage: npm run legacy:import -- --file F.csv|F.jsonl [--dry-run] [--report R.csv]';

/**
 * Imports an OSS 1.1 export as LEGACY accounts (docs/domain.md, "OSS 1.1
 * accounts"). Run it again after an interruption: imported rows are skipped.
 */
async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { file: { type: 'string' }, 'dry-run': { type: 'boolean' }, report: { type: 'string' } },
  });
  if (!values.file) {
    console.error(USAGE);
    return 2;
  }
  if (!existsSync(values.file)) {
    console.error(`Berkas tidak ditemukan: ${values.file}`);
    return 2;
  }
  const file = values.file;
  return withDatabase(async (orm, config, databaseUrl) => {
    const services = createServices(config, new EventBus(databaseUrl));
    const bar = new SingleBar({
      format: 'Impor OSS 1.1 |{bar}| {percentage}% | diimpor {imported} · dilewati {skipped} · ditolak {refused}',
      hideCursor: true,
    });
    bar.start(fileSize(file), 0, { imported: 0, skipped: 0, refused: 0 });
    const em = orm.em.fork();
    let summary;
    try {
      summary = await services.legacyImport.run(cliContext(em, 'legacy-import'), {
        file,
        dryRun: values['dry-run'],
        reportFile: values.report,
        onProgress: (bytes, c) => bar.update(bytes, { imported: c.imported, skipped: c.skipped, refused: c.refused }),
      });
    } finally {
      bar.stop();
    }
    console.log(
      `${summary.dryRun ? 'Uji coba (tidak ada yang diubah): akan diimpor' : 'Diimpor'} ${summary.imported}, ` +
        `dilewati (sudah diimpor) ${summary.skipped}, ditolak ${summary.refused}, baris ${summary.lines}.`,
    );
    if (summary.refused) console.log(`Baris yang ditolak beserta alasannya: ${summary.reportFile}`);
    return 0;
  });
}

runCli(main);
