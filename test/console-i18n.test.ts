import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import englishMessages from 'ra-language-english';
import { enumLabel, i18nProvider } from '../admin-ui/src/i18n';
import { enumsEnglish, enumsIndonesian } from '../admin-ui/src/i18n/enums';
import { appEnglish, appIndonesian } from '../admin-ui/src/i18n/messages';
import { raIndonesian } from '../admin-ui/src/i18n/ra-id';

const keys = (o: object, p = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [`${p}${k}`] : keys(v as object, `${p}${k}.`)));

describe('console messages', () => {
  it('translate every react-admin message into Bahasa Indonesia, keeping the placeholders', () => {
    const en = keys(englishMessages);
    expect(keys(raIndonesian).sort()).toEqual(en.sort());
    const get = (o: any, k: string) => k.split('.').reduce((x, p) => x[p], o) as string;
    for (const k of en) {
      const placeholders = (s: string) => (s.match(/%\{\w+\}/g) ?? []).sort();
      expect([k, placeholders(get(raIndonesian, k))]).toEqual([k, placeholders(get(englishMessages, k))]);
    }
  });

  it('has the same console keys in both languages', () => {
    expect(keys(appIndonesian).sort()).toEqual(keys(appEnglish).sort());
  });
});

const ROOT = join(__dirname, '..');
const schemaEnums: Record<string, string[]> = Object.fromEntries(
  [...readFileSync(join(ROOT, 'schema/schema.graphql'), 'utf8').matchAll(/^enum (\w+) \{([^}]*)\}/gm)].map((m) => [
    m[1],
    m[2]
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /^[A-Z][A-Z0-9_]*$/.test(l)),
  ]),
);

/** Every non-spec TypeScript file under a server folder, as text without its whole-line comments. */
const sourcesOf = (folder: string) => {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') && !p.endsWith('.spec.ts') ? [p] : [];
    });
  return walk(join(ROOT, folder)).map((p) => readFileSync(p, 'utf8').replace(/^\s*\/\/.*$/gm, ''));
};
const serverSources = sourcesOf('server/src');
const all = (re: RegExp, sources = serverSources) =>
  [...new Set(sources.flatMap((s) => [...s.matchAll(re)].map((m) => m[1])))].sort();
const complaintSources = sourcesOf('server/src/modules/complaint');
/** The members of a string-literal union type `type Name = 'A' | 'B'` in a server file. */
const union = (file: string, name: string) => {
  const src = readFileSync(join(ROOT, file), 'utf8');
  const m = new RegExp(`type ${name} =([^;]*);`).exec(src);
  if (!m) throw new Error(`${name} not found in ${file}`);
  return [...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1]).sort();
};
/** Top-level keys of every `details: { … }` object literal in the server's audit calls. */
const detailKeys = () => {
  const found = new Set<string>();
  for (const src of serverSources) {
    for (const m of src.matchAll(/details: \{/g)) {
      let depth = 1;
      let token = '';
      for (let i = m.index + m[0].length; i < src.length && depth > 0; i++) {
        const c = src[i];
        if (c === '{' || c === '[' || c === '(') depth++;
        else if (c === '}' || c === ']' || c === ')') depth--;
        if (depth === 1 && /[\w.]/.test(c)) token += c;
        else {
          if (depth === 1 && (c === ':' || c === ',') && /^\w+$/.test(token)) found.add(token);
          if (depth === 0 && /^\w+$/.test(token)) found.add(token);
          if (!/\s/.test(c) || depth !== 1) token = c === ':' ? '\u0000' : '';
        }
        // once past a key's colon, skip to the next comma at this depth
        if (token === '\u0000') {
          while (i + 1 < src.length && depth > 0) {
            const d = src[i + 1];
            if (d === '{' || d === '[' || d === '(') depth++;
            else if (d === '}' || d === ']' || d === ')') depth--;
            if (depth === 1 && d === ',') break;
            i++;
          }
          token = '';
        }
      }
    }
  }
  return [...found].sort();
};

describe('words for codes (i18n/enums.ts)', () => {
  const tables = { id: enumsIndonesian, en: enumsEnglish } as const;

  it('finds the schema enums the console shows', () => {
    for (const name of ['AccountStatus', 'ComplaintCategory', 'ComplaintChannel', 'EntityType', 'StaffRole'])
      expect(schemaEnums[name]?.length).toBeGreaterThan(1);
  });

  it.each(['id', 'en'] as const)('renders every value of every GraphQL enum in %s, from the table', async (locale) => {
    await i18nProvider.changeLocale(locale);
    const missing: string[] = [];
    for (const [name, values] of Object.entries(schemaEnums))
      for (const v of values) {
        const word = enumLabel(i18nProvider.translate, name, v, '\u0000missing');
        if (word === '\u0000missing' || !word.trim()) missing.push(`${name}.${v}`);
      }
    expect(missing).toEqual([]);
    // and no word for a value the schema no longer has
    for (const name of Object.keys(schemaEnums))
      expect([name, Object.keys((tables[locale] as any)[name]).sort()]).toEqual([name, [...schemaEnums[name]].sort()]);
  });

  it('falls back to the code itself for a code the table does not know', async () => {
    await i18nProvider.changeLocale('en');
    expect(enumLabel(i18nProvider.translate, 'AccountStatus', 'ACTIVE')).toBe('Active');
    expect(enumLabel(i18nProvider.translate, 'AccountStatus', 'NOT_A_STATUS')).toBe('NOT_A_STATUS');
    expect(enumLabel(i18nProvider.translate, 'AccountStatus', null)).toBe('–');
    await i18nProvider.changeLocale('id');
    expect(enumLabel(i18nProvider.translate, 'AccountStatus', 'ACTIVE')).toBe('Aktif');
  });

  it('names staff roles alike in both languages (the user menu shows the role without a translation)', () => {
    expect(enumsEnglish.StaffRole).toEqual(enumsIndonesian.StaffRole);
  });

  it('has the same vocabularies and codes in both languages, each with a word', () => {
    expect(keys(enumsEnglish).sort()).toEqual(keys(enumsIndonesian).sort());
    for (const t of [enumsIndonesian, enumsEnglish])
      for (const k of keys(t))
        expect([
          k,
          k
            .split('.')
            .reduce((x: any, p) => x[p], t)
            .trim().length > 0,
        ]).toEqual([k, true]);
  });

  describe('codes the schema carries as strings, against the server sources', () => {
    const codes = (v: keyof typeof enumsIndonesian) => Object.keys(enumsIndonesian[v]).sort();

    it('every audit action the server writes', () => {
      const literal = all(/(?:action: |auditOf\()'([A-Z][A-Z0-9_]+)'/g);
      // `COMPLAINT_${kind}` for each step kind, `ACCOUNT_${status}` for each status change
      const complaintKinds = all(
        /(?:return \{ kind: |step\(ctx, id, 'note', async \(\) => \(\{ kind: )'([A-Z]+)'/g,
        complaintSources,
      );
      const written = [
        ...literal,
        ...complaintKinds.map((k) => `COMPLAINT_${k}`),
        ...schemaEnums.AccountStatus.map((s) => `ACCOUNT_${s}`),
      ];
      expect(literal.length).toBeGreaterThan(25);
      expect(complaintKinds).toEqual(['ASSIGNED', 'CLOSED', 'NOTE', 'REOPENED', 'REPLIED', 'RESOLVED']);
      expect(written.filter((a) => !codes('AuditAction').includes(a))).toEqual([]);
    });

    it('every audit detail key', () => {
      const found = detailKeys();
      expect(found).toEqual(expect.arrayContaining(['from', 'to', 'reason', 'channel', 'fields', 'source']));
      // keys written through a helper rather than a `details: {` literal
      const extra = ['found', 'refused'];
      expect([...found, ...extra].filter((k) => !codes('AuditDetail').includes(k))).toEqual([]);
    });

    it('every message template, outbox status and provider status', () => {
      expect(codes('MessageTemplate')).toEqual(union('server/src/modules/messaging/templates.ts', 'TemplateKey'));
      expect(codes('OutboxStatus')).toEqual(union('server/src/modules/messaging/outbox.entity.ts', 'OutboxStatus'));
      expect(codes('ProviderStatus')).toEqual(
        union('server/src/modules/messaging/whatsapp-webhook.ts', 'ProviderStatus'),
      );
    });

    it('every complaint history kind and registration step', () => {
      const kinds = all(/(?:kind: |this\.event\(em, c, )'([A-Z]+)'/g, complaintSources);
      expect(kinds).toEqual(expect.arrayContaining(['CREATED', 'SURVEY', 'REMINDER', 'ASSIGNED']));
      expect(kinds.filter((k) => !codes('ComplaintEvent').includes(k))).toEqual([]);
      expect(codes('FlowStep')).toEqual([...schemaEnums.RegistrationStep, 'EXPIRED'].sort());
    });
  });
});
