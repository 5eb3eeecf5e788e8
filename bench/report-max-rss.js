// Preloaded into the replay CLI by bench/measure-replay.ts (`node --import`): at exit, writes the
// process's peak resident set size (KiB, `process.resourceUsage().maxRSS`) to $BENCH_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
