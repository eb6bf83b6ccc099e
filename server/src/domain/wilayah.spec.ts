import { parseCsvLine, parseRegionCsv, RegionIndex } from './wilayah';
import { loadRegions } from '../modules/region/region.service';

describe('region data', () => {
  it('parses CSV lines with quoted fields', () => {
    expect(parseCsvLine('a,"b, c","d ""e"""')).toEqual(['a', 'b, c', 'd "e"']);
    expect(parseRegionCsv('code,district_code,name\n11.01.01.2001,11.01.01,Keude Bakongan\n')).toEqual([
      { code: '1101012001', name: 'Keude Bakongan', parentCode: '110101' },
    ]);
  });

  it('loads the whole official data set (38 provinces, 514 regencies, ~7,000 districts, ~83,000 villages)', () => {
    const r = loadRegions();
    expect(r.provinces).toHaveLength(38);
    const regencies = r.provinces.flatMap((p) => r.childrenOf(p.code));
    expect(regencies).toHaveLength(514);
    const districts = regencies.flatMap((x) => r.childrenOf(x.code));
    expect(districts.length).toBeGreaterThan(7000);
    expect(districts.flatMap((x) => r.childrenOf(x.code)).length).toBeGreaterThan(83000);
  });

  it('answers by level', () => {
    const r = new RegionIndex({
      provinces: [{ code: '31', name: 'DKI Jakarta' }],
      regencies: [{ code: '3171', name: 'Jakarta Pusat', parentCode: '31' }],
      districts: [{ code: '317101', name: 'Gambir', parentCode: '3171' }],
      villages: [{ code: '3171011001', name: 'Gambir', parentCode: '317101' }],
    });
    expect([r.hasProvince('31'), r.hasProvince('3171'), r.hasRegency('3171'), r.hasDistrict('317101')]).toEqual([
      true,
      false,
      true,
      true,
    ]);
    expect(r.village('31.71.01.1001')).toEqual({ code: '3171011001', name: 'Gambir', parentCode: '317101' });
    expect(r.village('317101')).toBeUndefined();
  });
});
