// The replay CLI (`bin/signals-edge.js replay`, the built dist/cli.js) on generated NDJSON files of
// tracker payloads: wall time and peak resident memory of the child process, read by the child itself
// at exit (`process.resourceUsage().maxRSS`, preloaded from report-max-rss.js).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { iteratePayloads } from './generate-payloads.js';
import { ROOT } from './start-bench-server.js';

export interface ReplayRun {
  events: number;
  file_mb: number;
  wall_ms: number;
  events_per_s: number;
  peak_rss_mb: number;
  /** Ids in the output (one per user and session), a check that every event was read. */
  output_ids: number;
}

/**
 * Writes (once: files are kept in the temp directory, named by the generator's source hash) `events`
 * seeded payloads of `users` users as NDJSON; returns the path.
 */
export async function writePayloadFile(seed: number, events: number, users: number): Promise<string> {
  const source = readFileSync(resolve(ROOT, 'bench/generate-payloads.ts'));
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), 'signals-edge-bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `payloads-${hash}-s${seed}-u${users}-n${events}.ndjson`);
  if (existsSync(path)) return path;
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  let buffer = '';
  for (const payload of iteratePayloads({ seed, events, users })) {
    buffer += `${JSON.stringify(payload)}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  renameSync(partial, path);
  return path;
}

/** Runs the replay CLI on `eventsFile` with `definitionsFile`; `cpuProfileDir` turns on `--cpu-prof`. */
export async function runReplay(definitionsFile: string, eventsFile: string, events: number, cpuProfileDir?: string): Promise<ReplayRun> {
  const rssFile = join(tmpdir(), `signals-edge-bench-rss-${process.pid}-${Date.now()}.txt`);
  const args = [
    '--import', resolve(ROOT, 'bench/report-max-rss.js'),
    ...(cpuProfileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir]),
    resolve(ROOT, 'bin/signals-edge.js'), 'replay', '--definitions', definitionsFile, '--events', eventsFile,
  ];
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`replay exited with ${code}: ${Buffer.concat(stderr).toString('utf8').slice(0, 2000)}`);
  const output = JSON.parse(Buffer.concat(stdout).toString('utf8')) as { attributes: Record<string, Record<string, unknown>> };
  const outputIds = Object.values(output.attributes).reduce((n, ids) => n + Object.keys(ids).length, 0);
  const maxRssKb = Number(readFileSync(rssFile, 'utf8'));
  return {
    events,
    file_mb: Math.round(statSync(eventsFile).size / 2 ** 20),
    wall_ms: Math.round(wallMs),
    events_per_s: Math.round(events / (wallMs / 1000)),
    peak_rss_mb: Math.round((maxRssKb / 1024) * 10) / 10,
    output_ids: outputIds,
  };
}

/**
 * The floor for the replay: a child process that only reads the same file and `JSON.parse`s each line
 * (no events built, nothing computed), timed as the replay is (wall time of the child).
 */
export async function runReplayFloor(eventsFile: string, events: number): Promise<{ wall_ms: number; events_per_s: number }> {
  const script = [
    "import { createReadStream } from 'node:fs';",
    'let rest = ""; let lines = 0;',
    `for await (const chunk of createReadStream(${JSON.stringify(eventsFile)}, { encoding: 'utf8', highWaterMark: 1 << 20 })) {`,
    '  const text = rest + chunk; let from = 0;',
    '  for (let at = text.indexOf("\\n"); at >= 0; at = text.indexOf("\\n", from)) { if (at > from) { JSON.parse(text.slice(from, at)); lines++; } from = at + 1; }',
    '  rest = text.slice(from);',
    '}',
    'if (rest.trim() !== "") { JSON.parse(rest); lines++; }',
    'process.stdout.write(String(lines));',
  ].join('\n');
  const started = performance.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const out: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  const wallMs = performance.now() - started;
  if (code !== 0 || Number(Buffer.concat(out).toString()) !== events) throw new Error(`replay floor: exit ${code}, ${Buffer.concat(out).toString()} lines`);
  return { wall_ms: Math.round(wallMs), events_per_s: Math.round(events / (wallMs / 1000)) };
}
