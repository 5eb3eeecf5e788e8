import { SignalsEdgeError } from '../errors.js';
import { bundleScriptTag, type BundleOptions } from '../tailor/bundle-script-tag.js';
import { EXIT, type CliIo } from './cli-io.js';
import { InputError } from './input-error.js';
import { parseCommandFlags } from './parse-command-flags.js';
import { UsageError } from './usage-error.js';
import { writeOutput } from './write-output.js';
import { gzipSync } from 'node:zlib';

/**
 * `signals-edge bundle --plan FILE [--out FILE] [--include-unpublished]`: writes a script-tag file with
 * the plan (or the bundle, compiled) embedded and only what it uses; its size and contents on stderr.
 */
export async function bundleCommand(args: readonly string[], io: CliIo, options: Pick<BundleOptions, 'loadVite'> = {}): Promise<number> {
  const { values, booleans, positional } = parseCommandFlags(args, { values: ['plan', 'out'], booleans: ['include-unpublished'] });
  const file = values.get('plan');
  if (file === undefined || positional.length > 0) throw new UsageError('bundle takes --plan FILE (a plan or a definitions bundle) and no other argument');
  let script;
  try {
    script = await bundleScriptTag(file, { ...options, includeUnpublished: booleans.has('include-unpublished') });
  } catch (error) {
    if (error instanceof SignalsEdgeError) throw new InputError(error.message);
    throw error;
  }
  for (const w of script.warnings) io.stderr.write(`warning: ${w.message}\n`);
  await writeOutput(script.code, values.get('out'), io);
  const { aggregations, like, rlike } = script.usage;
  const left = [like ? null : 'like', rlike ? null : 'rlike'].filter((x) => x !== null);
  io.stderr.write(`bundle: ${gzipSync(script.code, { level: 9 }).length} bytes gzip; aggregations ${aggregations.join(', ') || 'none'}`
    + `${left.length > 0 ? `; left out: ${left.join(', ')}` : ''}\n`);
  return EXIT.ok;
}
