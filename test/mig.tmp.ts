import 'reflect-metadata';
import { migrateDatabase } from '../server/src/db/orm';
const t0 = performance.now();
migrateDatabase(process.argv[2]).then(() => { console.log('migrated in', ((performance.now() - t0) / 1000).toFixed(1), 's'); process.exit(0); });
