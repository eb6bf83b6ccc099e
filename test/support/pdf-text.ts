import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF as pdfmake/pdfkit writes it (embedded fonts, Identity-H
 * hex strings mapped back through each font's ToUnicode CMap), one string
 * per page, a line per table cell or paragraph line. Enough to read our own reports in tests; not a general parser.
 */
export function pdfPages(pdf: Buffer): string[] {
  const src = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; stream?: Buffer }>();
  // Objects in file order; a stream's bytes by its /Length (binary font data may hold any text).
  const header = /(\d+) 0 obj\s*(<<[\s\S]*?>>)\s*(stream\r?\n|endobj)/g;
  for (let m = header.exec(src); m; m = header.exec(src)) {
    const dict = m[2];
    if (m[3] === 'endobj') {
      objects.set(Number(m[1]), { dict });
      continue;
    }
    const start = m.index + m[0].length;
    const length = Number(/\/Length (\d+)/.exec(dict)![1]);
    let raw: Buffer = Buffer.from(src.slice(start, start + length), 'latin1');
    if (/\/FlateDecode/.test(dict)) raw = inflateSync(raw);
    objects.set(Number(m[1]), { dict, stream: raw });
    header.lastIndex = start + length;
  }
  const cmapOf = (n: number): Map<string, string> => {
    const map = new Map<string, string>();
    const text = objects.get(n)?.stream?.toString('latin1') ?? '';
    const utf16 = (hex: string) => String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
    for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
      for (const [, a, b] of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
        map.set(a.toLowerCase(), utf16(b));
    for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const [, a, b, rest] of block[1].matchAll(
        /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g,
      )) {
        const lo = parseInt(a, 16);
        const hi = parseInt(b, 16);
        const list = rest.startsWith('[')
          ? [...rest.matchAll(/<([0-9a-fA-F\s]+)>/g)].map((x) => x[1].replace(/\s/g, ''))
          : null;
        for (let c = lo; c <= hi; c++) {
          const key = c.toString(16).padStart(a.length, '0');
          if (list) map.set(key, utf16(list[c - lo]));
          else {
            const first = parseInt(rest.slice(1, -1), 16) + (c - lo);
            map.set(key, utf16(first.toString(16).padStart(4, '0')));
          }
        }
      }
    }
    return map;
  };
  // Font resource names (pdfkit numbers them per document) → their CMaps.
  const fonts = new Map<string, Map<string, string>>();
  for (const { dict } of objects.values())
    for (const fm of dict.matchAll(/\/Font\s*<<([^>]*)>>/g))
      for (const [, name, ref] of fm[1].matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
        const to = /\/ToUnicode (\d+) 0 R/.exec(objects.get(Number(ref))?.dict ?? '');
        if (to && !fonts.has(name)) fonts.set(name, cmapOf(Number(to[1])));
      }
  const decode = (hex: string, cmap?: Map<string, string>) =>
    (hex.match(/.{4}/g) ?? []).map((g) => cmap?.get(g.toLowerCase()) ?? '').join('');
  // Pages in order: the Kids of the root Pages node, each with its Contents.
  const pagesDict = [...objects.values()].find((o) => /\/Type \/Pages/.test(o.dict))!.dict;
  const kids = [.../\/Kids \[([^\]]*)\]/.exec(pagesDict)![1].matchAll(/(\d+) 0 R/g)].map((k) => Number(k[1]));
  return kids.map((k) => {
    const contents = /\/Contents (\d+) 0 R/.exec(objects.get(k)!.dict)!;
    const ops = objects.get(Number(contents[1]))!.stream!.toString('latin1');
    let font: Map<string, string> | undefined;
    const lines: string[] = [];
    for (const t of ops.matchAll(/\/(\w+) [\d.]+ Tf|\[((?:<[0-9a-fA-F]*>|[-\d.\s])*)\] TJ|<([0-9a-fA-F]*)> Tj/g)) {
      if (t[1]) font = fonts.get(t[1]);
      else {
        // Within TJ: hex strings between kerning numbers; only the strings are text.
        const hex = t[2] !== undefined ? [...t[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('') : t[3];
        lines.push(decode(hex, font));
      }
    }
    // pdfmake writes a line word by word: a piece ending in a space (or "/", "-", "–") goes on with the next.
    return lines.reduce((out, piece) => (!out || /[ /–-]$/.test(out) ? out + piece : `${out}\n${piece}`), '');
  });
}
