import { compilePlan } from '../engine/compile-plan.js';
import { createEngine } from '../pipeline/create-engine.js';
import { parseEventLine } from '../event/parse-event-line.js';
import { EXIT, type CliIo } from './cli-io.js';
import { createProgress } from './create-progress.js';
import { InputError } from './input-error.js';
import { UsageError } from './usage-error.js';
import { USAGE } from './usage.js';
import { parseCommandFlags } from './parse-command-flags.js';
import { readFileLineBatches, readStreamLineBatches } from './read-line-batches.js';
import { readDefinitionsFile } from './read-definitions-file.js';

/** Bad lines reported one by one before the rest are only counted. */
const MAX_REPORTED = 100;

/**
 * `signals-edge replay`: streams the events file line by line (memory follows the number of ids, not
 * of events), reports each bad line with its number and goes on, then prints one JSON document.
 */
export async function replayCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const { values: flags, positional } = parseCommandFlags(args, { values: ['definitions', 'events', 'now'] });
  if (positional.length > 0) throw new UsageError(`unexpected argument "${positional[0]}"`);
  const definitionsFile = flags.get('definitions');
  const eventsFile = flags.get('events');
  if (definitionsFile === undefined || eventsFile === undefined) throw new UsageError('replay needs --definitions and --events');
  let now: number | null = null;
  const nowFlag = flags.get('now');
  if (nowFlag !== undefined) {
    now = parseIsoDateTime(nowFlag);
    if (now === null) throw new UsageError(`--now "${nowFlag}" is not an ISO-8601 date-time with a time zone, e.g. 2024-03-15T10:00:00Z`);
  }

  const { definitions, warnings } = await readDefinitionsFile(definitionsFile);
  for (const w of warnings) io.stderr.write(`warning: ${w.path || '(root)'}: ${w.message}\n`);
  const engine = createEngine(definitions);
  // Events carry only the atomic columns the definitions read: the output is made of nothing else.
  const lineOptions = { columns: compilePlan(definitions).columns };
  const interventions: string[] = [];
  let latest = -Infinity;
  let lineNo = 0;
  let bad = 0;
  let applied = 0;
  const progress = createProgress(io.stderr, 'replay');
  const batches = eventsFile === '-' ? readStreamLineBatches(io.stdin) : readFileLineBatches(eventsFile);
  for await (const lines of readBatches(batches, eventsFile)) {
    for (let i = 0; i < lines.length; i++) {
      lineNo++;
      const raw = lines[i]!;
      const line = lineNo === 1 && raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
      let events;
      try {
        events = parseEventLine(line, lineOptions);
      } catch (error) {
        bad++;
        if (bad <= MAX_REPORTED) {
          progress.done();
          io.stderr.write(`${eventsFile}:${lineNo}: ${(error as Error).message}\n`);
        }
        continue;
      }
      applied += events.length;
      for (let j = 0; j < events.length; j++) {
        const event = events[j]!;
        if (event.derivedTstamp > latest) latest = event.derivedTstamp;
        const { fired } = engine.process(event);
        for (let k = 0; k < fired.length; k++) {
          const f = fired[k]!;
          interventions.push(JSON.stringify({ name: f.name, version: f.version, target_attribute_key: f.target_attribute_key, event_id: f.event_id }));
        }
      }
    }
    progress.update(lineNo, applied);
  }
  progress.done();
  if (bad > MAX_REPORTED) io.stderr.write(`${eventsFile}: ${bad - MAX_REPORTED} more bad line(s) not shown\n`);
  if (bad > 0) io.stderr.write(`${eventsFile}: ${bad} of ${lineNo} line(s) skipped\n`);

  const at = now ?? (Number.isFinite(latest) ? latest : Date.now());
  await writeOutput(io.stdout, engine, at, interventions);
  return bad > 0 ? EXIT.invalid : EXIT.ok;
}

async function writeOutput(out: NodeJS.WritableStream, engine: ReturnType<typeof createEngine>, now: number, interventions: string[]): Promise<void> {
  const write = (chunk: string) => new Promise<void>((resolve) => (out.write(chunk) ? resolve() : out.once('drain', resolve)));
  await write('{"attributes":{');
  const idsByKey = new Map<string, string[]>();
  for (const { key, id } of engine.ids()) {
    const list = idsByKey.get(key);
    if (list === undefined) idsByKey.set(key, [id]);
    else list.push(id);
  }
  let firstKey = true;
  for (const [key, ids] of idsByKey) {
    await write(`${firstKey ? '' : '},'}${JSON.stringify(key)}:{`);
    firstKey = false;
    for (let i = 0; i < ids.length; i++) {
      await write(`${i === 0 ? '' : ','}${JSON.stringify(ids[i])}:${JSON.stringify(engine.read(key, ids[i]!, now))}`);
    }
  }
  await write(`${firstKey ? '' : '}'}},"interventions":[${interventions.join(',')}]}\n`);
}

/** Line batches of the events file; a read error part-way (a directory, a failing disk) is invalid input. */
async function* readBatches(batches: AsyncIterable<string[]>, file: string): AsyncGenerator<string[]> {
  try {
    yield* batches;
  } catch (error) {
    throw new InputError(`cannot read events file ${file}: ${(error as Error).message}`);
  }
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Epoch ms of a strict ISO-8601 date-time with a zone (`2024-03-15T10:00:00Z`), or null; no rolling over of bad dates. */
export function parseIsoDateTime(text: string): number | null {
  const match = ISO_DATE_TIME.exec(text);
  if (match === null) return null;
  const [y, mo, d, h, mi] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
  const s = Number(match[6] ?? 0);
  const calendar = new Date(Date.UTC(y, mo - 1, d));
  if (calendar.getUTCMonth() !== mo - 1 || calendar.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}
