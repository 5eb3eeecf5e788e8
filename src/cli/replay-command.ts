import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createEngine } from '../engine/create-engine.js';
import { parseEventLine } from '../event/parse-event-line.js';
import { EXIT, InputError, parseFlags, UsageError, type CliIo } from './main.js';
import { readDefinitionsFile } from './read-definitions-file.js';

/** Bad lines reported one by one before the rest are only counted. */
const MAX_REPORTED = 100;

/**
 * `signals-edge replay`: streams the events file line by line (memory follows the number of ids, not
 * of events), reports each bad line with its number and goes on, then prints one JSON document.
 */
export async function replayCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { flags, positional } = parseFlags(args, ['definitions', 'events', 'now']);
  if (positional.length > 0) throw new UsageError(`unexpected argument "${positional[0]}"`);
  const definitionsFile = flags.get('definitions');
  const eventsFile = flags.get('events');
  if (definitionsFile === undefined || eventsFile === undefined) throw new UsageError('replay needs --definitions and --events');
  let now: number | null = null;
  const nowFlag = flags.get('now');
  if (nowFlag !== undefined) {
    now = Date.parse(nowFlag);
    if (Number.isNaN(now)) throw new UsageError(`--now "${nowFlag}" is not an ISO-8601 date-time`);
  }

  const { definitions, warnings } = await readDefinitionsFile(definitionsFile);
  for (const w of warnings) io.stderr.write(`warning: ${w.path || '(root)'}: ${w.message}\n`);
  const engine = createEngine(definitions);
  const input = eventsFile === '-' ? io.stdin : await openFile(eventsFile);
  const interventions: string[] = [];
  let latest = -Infinity;
  let lineNo = 0;
  let bad = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    let events;
    try {
      events = parseEventLine(line);
    } catch (error) {
      bad++;
      if (bad <= MAX_REPORTED) io.stderr.write(`${eventsFile}:${lineNo}: ${(error as Error).message}\n`);
      continue;
    }
    for (const event of events) {
      if (event.derivedTstamp > latest) latest = event.derivedTstamp;
      for (const f of engine.process(event).fired) {
        interventions.push(JSON.stringify({ name: f.name, version: f.version, target_attribute_key: f.target_attribute_key, event_id: f.event_id }));
      }
    }
  }
  if (bad > MAX_REPORTED) io.stderr.write(`${eventsFile}: ${bad - MAX_REPORTED} more bad line(s) not shown\n`);
  if (bad > 0) io.stderr.write(`${eventsFile}: ${bad} of ${lineNo} line(s) skipped\n`);

  const at = now ?? (Number.isFinite(latest) ? latest : Date.now());
  await writeOutput(io.stdout, engine, at, interventions);
  return bad > 0 ? EXIT.invalid : EXIT.ok;
}

async function writeOutput(out: NodeJS.WritableStream, engine: ReturnType<typeof createEngine>, now: number, interventions: string[]): Promise<void> {
  const write = (chunk: string) => new Promise<void>((resolve) => (out.write(chunk) ? resolve() : out.once('drain', resolve)));
  await write('{"attributes":{');
  let currentKey: string | null = null;
  for (const { key, id } of engine.ids()) {
    if (key !== currentKey) {
      await write(`${currentKey === null ? '' : '},'}${JSON.stringify(key)}:{`);
      currentKey = key;
    } else {
      await write(',');
    }
    await write(`${JSON.stringify(id)}:${JSON.stringify(engine.read(key, id, now))}`);
  }
  await write(`${currentKey === null ? '' : '}'}},"interventions":[${interventions.join(',')}]}\n`);
}

function openFile(file: string): Promise<NodeJS.ReadableStream> {
  const stream = createReadStream(file);
  return new Promise((resolve, reject) => {
    stream.once('open', () => resolve(stream));
    stream.once('error', (e) => reject(new InputError(`cannot read events file ${file}: ${e.message}`)));
  });
}
