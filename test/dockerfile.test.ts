import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDockerfile, replayDockerfile } from './support/dockerfile-replay';

/**
 * The Dockerfile builds: its steps, replayed in order in a scratch folder
 * (test/support/dockerfile-replay.ts), find every file they need, and the
 * image ends with what `CMD` runs. No container engine is needed.
 */
const ROOT = path.resolve(__dirname, '..');
const DOCKERFILE = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

const scratch = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hak-akses-docker-'));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const replay = (text: string) => {
  const d = scratch();
  dirs.push(d);
  return replayDockerfile(text, { context: ROOT, scratch: d });
};

describe('Dockerfile', () => {
  it('is multi-stage, installs production dependencies only into the image, runs as non-root with a health check', () => {
    const steps = parseDockerfile(DOCKERFILE);
    const froms = steps.filter((s) => s.op === 'FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    const finalStage = steps.slice(steps.indexOf(froms.at(-1)!));
    // The image copies node_modules from a stage whose install omits dev dependencies, and installs nothing itself.
    const from = /--from=(\S+) \S*node_modules/.exec(
      finalStage.find((s) => s.op === 'COPY' && s.args.includes('node_modules'))!.args,
    )![1];
    const depsStart = steps.findIndex((s) => s.op === 'FROM' && s.args.endsWith(` AS ${from}`));
    const depsSteps = steps.slice(depsStart + 1, steps.indexOf(froms[froms.indexOf(steps[depsStart]) + 1]));
    expect(depsSteps.filter((s) => /^npm ci\b/.test(s.args)).every((s) => s.args.includes('--omit=dev'))).toBe(true);
    expect(depsSteps.some((s) => /^npm ci\b/.test(s.args))).toBe(true);
    expect(finalStage.some((s) => s.op === 'RUN' && /npm (ci|install)/.test(s.args))).toBe(false);
    const user = finalStage.filter((s) => s.op === 'USER').at(-1);
    expect(user?.args).toMatch(/^(?!root$|0$)\S+$/);
    expect(finalStage.find((s) => s.op === 'HEALTHCHECK')?.args).toContain('/healthz');
  });

  it('catches a step that needs files not copied yet (the old order: npm ci building the console first)', async () => {
    const old = [
      'FROM node:20-bookworm-slim',
      'WORKDIR /app',
      'COPY package.json package-lock.json ./',
      'RUN npm ci --no-audit --no-fund',
      'COPY . .',
      'RUN npm run build',
    ].join('\n');
    await expect(replay(old)).rejects.toThrow(/line 4 .*npm run postinstall failed/);
    const early = ['FROM node:20-bookworm-slim', 'WORKDIR /app', 'COPY package.json ./', 'RUN npm ci'].join('\n');
    await expect(replay(early)).rejects.toThrow(/package-lock\.json not copied yet/);
    const missing = ['FROM node:20-bookworm-slim AS a', 'FROM node:20-bookworm-slim', 'COPY --from=a /app/dist ./dist'];
    await expect(replay(missing.join('\n'))).rejects.toThrow(/dist not found/);
    await expect(replay('FROM node:20\nRUN curl https://example.com | sh')).rejects.toThrow(/does not know/);
  });

  it('replays in order in a scratch folder and ends with the server and the console in the image', async () => {
    const { final } = await replay(DOCKERFILE);
    const app = path.join(final.root, final.workdir);
    expect(final.cmd).toEqual(['node', 'dist/server/src/main.js']);
    expect(fs.existsSync(path.join(app, final.cmd![1]))).toBe(true);
    expect(fs.existsSync(path.join(app, 'admin-ui/dist/index.html'))).toBe(true);
    expect(fs.existsSync(path.join(app, 'server/public/link-action.html'))).toBe(true);
    expect(fs.existsSync(path.join(app, 'node_modules'))).toBe(true);
    // Sources stay in the build stage.
    expect(fs.existsSync(path.join(app, 'server/src'))).toBe(false);
    expect(final.env.NODE_ENV).toBe('production');
  }, 600_000);
});
