import { LegacyReplacement } from './legacy-replacement.entity';
import { LegacyReplacementResolver } from './legacy.resolver';
export { LegacyClaims } from './legacy-claim.service';
export { LegacyImport } from './legacy-import.service';
export { LegacyReplacements } from './legacy-replacement.service';
export const entities = [LegacyReplacement];
export const resolvers: Function[] = [LegacyReplacementResolver];
