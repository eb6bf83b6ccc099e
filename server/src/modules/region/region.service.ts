import fs from 'node:fs';
import path from 'node:path';
import { parseRegionCsv, Region, RegionIndex } from '../../domain/wilayah';

/**
 * Official region data from the `idn-area-data` package (Kepmendagri),
 * read from its CSV files once. (The package's own loader is ESM-only and
 * needs Node 22; its data files are plain CSV.)
 */
let cached: RegionIndex | undefined;

export function loadRegions(): RegionIndex {
  if (cached) return cached;
  const dir = path.join(path.dirname(require.resolve('idn-area-data/package.json')), 'data');
  const read = (name: string): Region[] => parseRegionCsv(fs.readFileSync(path.join(dir, `${name}.csv`), 'utf8'));
  cached = new RegionIndex({
    provinces: read('provinces'),
    regencies: read('regencies'),
    districts: read('districts'),
    villages: read('villages'),
  });
  return cached;
}

/** Every village code (10 digits), province by province. */
export function villageCodes(index: RegionIndex = loadRegions()): string[] {
  return index.provinces.flatMap((p) =>
    index
      .childrenOf(p.code)
      .flatMap((r) => index.childrenOf(r.code).flatMap((d) => index.childrenOf(d.code).map((v) => v.code))),
  );
}

export class RegionService {
  constructor(readonly index: RegionIndex = loadRegions()) {}

  provinces(): Region[] {
    return this.index.provinces;
  }

  /** Children of a province (regencies), regency (districts) or district (villages). */
  children(parentCode: string, expectedLength: number): Region[] {
    const code = parentCode.replace(/\./g, '').trim();
    return code.length === expectedLength ? this.index.childrenOf(code) : [];
  }
}
