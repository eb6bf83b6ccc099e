import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Replays a Dockerfile without a container engine: each stage gets a scratch
 * folder as its image root, and WORKDIR, COPY and RUN are carried out in
 * order against it. COPY takes files from the build context (less
 * .dockerignore) or an earlier stage's root; RUN steps are the few the
 * project's Dockerfile uses, done for real (`npm run …` runs the script in the
 * scratch folder), except that `npm ci` links the project's installed
 * node_modules instead of downloading them — after checking that the files it
 * needs are there — and then runs the package's own lifecycle scripts unless
 * `--ignore-scripts` is given. A step that needs a file not copied yet fails
 * here as it would in `docker build`. An instruction or RUN step it does not
 * know fails too, so the replay cannot silently skip something new.
 */
export interface Instruction {
  op: string;
  args: string;
  line: number;
}

export interface ReplayResult {
  /** Root folder of each stage, by name (or index). */
  roots: Map<string, string>;
  final: {
    root: string;
    workdir: string;
    user?: string;
    healthcheck?: string;
    cmd?: string[];
    env: Record<string, string>;
  };
  log: string[];
}

const exec = promisify(execFile);

export function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i];
    while (/\\\s*$/.test(line) && i + 1 < lines.length) line = line.replace(/\\\s*$/, ' ') + lines[++i].trim();
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const m = /^(\S+)\s*(.*)$/.exec(t)!;
    out.push({ op: m[1].toUpperCase(), args: m[2].trim(), line: start + 1 });
  }
  return out;
}

function ignoreRules(context: string): string[] {
  const file = path.join(context, '.dockerignore');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim().replace(/^\/+|\/+$/g, ''))
    .filter((l) => l && !l.startsWith('#'));
}

function copyInto(src: string, dest: string, filter?: (p: string) => boolean): void {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.cpSync(src, dest, { recursive: true, filter, verbatimSymlinks: true });
}

export async function replayDockerfile(
  text: string,
  opts: { context: string; scratch: string; timeoutMs?: number },
): Promise<ReplayResult> {
  const ignored = ignoreRules(opts.context);
  const inContext = (p: string) => {
    const rel = path.relative(opts.context, p);
    return !ignored.some((rule) => rel === rule || rel.startsWith(`${rule}${path.sep}`));
  };
  const roots = new Map<string, string>();
  const log: string[] = [];
  let stage = -1;
  let root = '';
  let workdir = '/';
  let user: string | undefined;
  let healthcheck: string | undefined;
  let cmd: string[] | undefined;
  let env: Record<string, string> = {};
  const cwd = () => path.join(root, workdir);
  const fail = (i: Instruction, why: string): never => {
    throw new Error(`Dockerfile line ${i.line} (${i.op} ${i.args}): ${why}`);
  };
  const run = async (i: Instruction, command: string, args: string[]) => {
    try {
      await exec(command, args, {
        cwd: cwd(),
        env: { ...process.env, ...env, NODE_ENV: env.NODE_ENV ?? '' },
        timeout: opts.timeoutMs ?? 300_000,
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string; message: string };
      fail(i, `${command} ${args.join(' ')} failed: ${(e.stderr || e.stdout || e.message).slice(-1500)}`);
    }
  };

  for (const i of parseDockerfile(text)) {
    log.push(`${i.op} ${i.args}`);
    if (i.op === 'FROM') {
      const [image, as, name] = i.args.split(/\s+/);
      stage++;
      root = path.join(opts.scratch, `stage-${stage}`);
      if (roots.has(image)) copyInto(roots.get(image)!, root);
      else fs.mkdirSync(root, { recursive: true });
      roots.set(as?.toUpperCase() === 'AS' ? name : String(stage), root);
      if (as?.toUpperCase() === 'AS') roots.set(String(stage), root);
      [workdir, user, healthcheck, cmd, env] = ['/', undefined, undefined, undefined, {}];
      continue;
    }
    if (stage < 0) fail(i, 'before any FROM');
    switch (i.op) {
      case 'WORKDIR':
        workdir = path.posix.resolve(workdir, i.args);
        fs.mkdirSync(cwd(), { recursive: true });
        break;
      case 'COPY': {
        const words = i.args.split(/\s+/);
        const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
        const paths = words.filter((w) => !w.startsWith('--'));
        const dest = paths.pop()!;
        if (!paths.length) fail(i, 'no source');
        const base = from === undefined ? opts.context : roots.get(from);
        if (!base) fail(i, `no earlier stage named ${from}`);
        const target = path.join(root, path.posix.resolve(workdir, dest));
        const intoDir = dest.endsWith('/') || dest === '.' || paths.length > 1;
        for (const src of paths) {
          const abs = path.join(base!, from === undefined ? src : src.replace(/^\/+/, ''));
          if (!fs.existsSync(abs) || (from === undefined && !inContext(abs))) fail(i, `${src} not found`);
          if (fs.statSync(abs).isDirectory()) {
            copyInto(abs, target, from === undefined ? inContext : undefined);
          } else {
            copyInto(abs, intoDir ? path.join(target, path.basename(src)) : target);
          }
        }
        break;
      }
      case 'RUN':
        await runStep(i);
        break;
      case 'ENV':
        for (const m of i.args.matchAll(/(\w+)=(\S+)/g)) env[m[1]] = m[2];
        break;
      case 'USER':
        user = i.args;
        break;
      case 'HEALTHCHECK':
        healthcheck = i.args;
        break;
      case 'CMD':
        cmd = JSON.parse(i.args) as string[];
        break;
      case 'EXPOSE':
      case 'ARG':
      case 'LABEL':
        break;
      default:
        fail(i, 'instruction the replay does not know');
    }
  }
  return { roots, final: { root, workdir, user, healthcheck, cmd, env }, log };

  async function runStep(i: Instruction): Promise<void> {
    const c = i.args;
    let m: RegExpExecArray | null;
    if (/^npm install -g npm@[\d.]+$/.test(c)) return; // the tool itself, no files involved
    if (/^npm ci(\s|$)/.test(c)) {
      for (const f of ['package.json', 'package-lock.json']) {
        if (!fs.existsSync(path.join(cwd(), f))) fail(i, `${f} not copied yet`);
      }
      fs.symlinkSync(path.join(opts.context, 'node_modules'), path.join(cwd(), 'node_modules'), 'dir');
      if (!/--ignore-scripts\b/.test(c)) {
        const scripts = JSON.parse(fs.readFileSync(path.join(cwd(), 'package.json'), 'utf8')).scripts ?? {};
        for (const s of ['preinstall', 'install', 'postinstall', 'prepare']) {
          if (scripts[s]) await run(i, 'npm', ['run', s]);
        }
      }
      return;
    }
    if ((m = /^npm rebuild (\S+)$/.exec(c))) {
      if (!fs.existsSync(path.join(cwd(), 'node_modules', m[1]))) fail(i, `${m[1]} is not installed`);
      return;
    }
    if ((m = /^npm run ([\w:-]+)$/.exec(c))) return run(i, 'npm', ['run', m[1]]);
    if ((m = /^mkdir -p (\S+) && chown \S+ \S+$/.exec(c))) {
      fs.mkdirSync(path.join(root, path.posix.resolve(workdir, m[1])), { recursive: true });
      return;
    }
    fail(i, 'RUN step the replay does not know (teach test/support/dockerfile-replay.ts)');
  }
}
