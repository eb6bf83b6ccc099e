import fs from 'node:fs';
import path from 'node:path';
import { printCommittedSchema } from '../graphql/print';

printCommittedSchema()
  .then((sdl) => {
    const file = path.resolve(__dirname, '../../../schema/schema.graphql');
    fs.writeFileSync(file, sdl);
    console.log(`Wrote ${path.relative(process.cwd(), file)}`);
  })
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
