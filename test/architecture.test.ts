import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The shape rules a newcomer relies on, checked on the source itself:
 * services do not know GraphQL, and no two files import each other, even
 * through `import type` (a cycle makes every module depend on every other).
 */
const SRC = path.resolve(__dirname, '../server/src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [p] : [];
  });
}

/** Every relative module a file imports or re-exports (values and types alike), resolved to a file. */
function importsOf(file: string): string[] {
  const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  const out: string[] = [];
  for (const st of src.statements) {
    const spec =
      (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) &&
      st.moduleSpecifier &&
      ts.isStringLiteral(st.moduleSpecifier)
        ? st.moduleSpecifier.text
        : undefined;
    if (!spec?.startsWith('.')) continue;
    const base = path.resolve(path.dirname(file), spec);
    const hit = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
    if (hit) out.push(hit);
  }
  return out;
}

/** Strongly connected components with more than one file (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(path.relative(SRC, w));
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found;
}

describe('architecture of server/src', () => {
  const files = sourceFiles(SRC);
  const graph = new Map(files.map((f) => [f, importsOf(f)]));

  it('has no import cycle, counting type-only imports', () => {
    // The graph is real: the composition root reaches every module.
    expect(graph.get(path.join(SRC, 'composition.ts'))!.length).toBeGreaterThan(10);
    expect(cycles(graph)).toEqual([]);
  });

  it('keeps GraphQL out of services: only resolvers and GraphQL types under modules/ import graphql/', () => {
    const offenders = files
      .filter((f) => path.relative(SRC, f).startsWith('modules/'))
      .filter((f) => !/\.(resolver|types)\.ts$/.test(f))
      .filter((f) => graph.get(f)!.some((dep) => path.relative(SRC, dep).startsWith('graphql/')));
    expect(offenders.map((f) => path.relative(SRC, f))).toEqual([]);
  });

  it('detects a cycle when there is one (the checker itself works)', () => {
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ).map((c) => c.length),
    ).toEqual([3]);
  });
});
