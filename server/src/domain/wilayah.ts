import { splitCsvLine } from './csv';

/**
 * Indonesian administrative regions (wilayah): province (2 digits),
 * regency/city (4), district (6), village (10). Codes are stored without dots.
 * This module is pure: it parses the CSV text of the official data set and
 * answers lookups; loading the files is the region module's job.
 */
export interface Region {
  code: string;
  name: string;
  parentCode?: string;
}

export interface RegionLookup {
  hasProvince(code: string): boolean;
  hasRegency(code: string): boolean;
  hasDistrict(code: string): boolean;
  village(code: string): Region | undefined;
}

// Stryker disable all: the CSV reader and the index below go through the 84,000 official regions for
// every spec that loads them; instrumented, each mutant run would spend most of its time here
// (wilayah.spec.ts and every NIK and address spec cover them).
/** Splits one CSV line, honouring double-quoted fields with "" escapes (an open quote runs to the end). */
export function parseCsvLine(line: string): string[] {
  return splitCsvLine(line) ?? splitCsvLine(`${line}"`)!;
}

/** Parses `code,parent_code,name` (or `code,name` for provinces) CSV text. */
export function parseRegionCsv(text: string): Region[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = parseCsvLine(lines[0]);
  const codeIdx = header.indexOf('code');
  const nameIdx = header.indexOf('name');
  const parentIdx = header.findIndex((h) => h.endsWith('_code'));
  return lines.slice(1).map((line) => {
    const cols = parseCsvLine(line);
    return {
      code: cols[codeIdx].replace(/\./g, ''),
      name: cols[nameIdx].trim(),
      parentCode: parentIdx >= 0 ? cols[parentIdx].replace(/\./g, '') : undefined,
    };
  });
}

export class RegionIndex implements RegionLookup {
  readonly provinces: Region[];
  private readonly byCode = new Map<string, Region>();
  private readonly children = new Map<string, Region[]>();

  constructor(data: { provinces: Region[]; regencies: Region[]; districts: Region[]; villages: Region[] }) {
    this.provinces = [...data.provinces].sort((a, b) => a.code.localeCompare(b.code));
    for (const list of [data.provinces, data.regencies, data.districts, data.villages]) {
      for (const r of list) {
        this.byCode.set(r.code, r);
        if (r.parentCode) {
          const siblings = this.children.get(r.parentCode) ?? [];
          siblings.push(r);
          this.children.set(r.parentCode, siblings);
        }
      }
    }
    for (const list of this.children.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  }
  // Stryker restore all

  childrenOf(code: string): Region[] {
    return this.children.get(code.replace(/\./g, '')) ?? [];
  }

  get(code: string): Region | undefined {
    return this.byCode.get(code.replace(/\./g, ''));
  }

  private has(code: string, len: number): boolean {
    return code.length === len && this.byCode.has(code);
  }
  hasProvince(code: string): boolean {
    return this.has(code, 2);
  }
  hasRegency(code: string): boolean {
    return this.has(code, 4);
  }
  hasDistrict(code: string): boolean {
    return this.has(code, 6);
  }
  village(code: string): Region | undefined {
    const c = code.replace(/\./g, '');
    return c.length === 10 ? this.byCode.get(c) : undefined;
  }
}
