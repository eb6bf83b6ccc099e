import { gqlOk } from '../support/graphql';
import { useStack } from '../support/stack';

describe('region pickers from the official data (idn-area-data)', () => {
  const stack = useStack();

  it('walks province → regency → district → village', async () => {
    const url = stack.app.url;
    const { provinces } = await gqlOk(url, '{ provinces { code name } }');
    expect(provinces).toHaveLength(38);
    expect(provinces).toContainEqual({ code: '31', name: 'Daerah Khusus Ibukota Jakarta' });
    const { regencies } = await gqlOk(url, '{ regencies(provinceCode: "31") { code name } }');
    expect(regencies.map((r: { code: string }) => r.code)).toEqual(['3101', '3171', '3172', '3173', '3174', '3175']);
    const { districts } = await gqlOk(url, '{ districts(regencyCode: "31.71") { code name } }');
    expect(districts).toContainEqual({ code: '317101', name: 'Gambir' });
    const { villages } = await gqlOk(url, '{ villages(districtCode: "317101") { code name } }');
    expect(villages).toContainEqual({ code: '3171011001', name: 'Gambir' });
    expect((await gqlOk(url, '{ regencies(provinceCode: "99") { code } }')).regencies).toEqual([]);
    expect((await gqlOk(url, '{ villages(districtCode: "31") { code } }')).villages).toEqual([]);
  });
});
