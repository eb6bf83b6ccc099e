/**
 * Splits one CSV line (RFC 4180 without line breaks inside fields): fields
 * may be double-quoted, with "" for a quote inside; undefined when a quote is
 * left open.
 */
export function splitCsvLine(line: string): string[] | undefined {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur === '') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (quoted) return undefined;
  out.push(cur);
  return out;
}
