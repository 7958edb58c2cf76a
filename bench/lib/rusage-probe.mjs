/**
 * Preloaded (`node --import`) into a measured process: at exit it writes the process's own CPU
 * time and peak RSS to the file named by BENCH_RUSAGE_FILE, so a whole command (`xenlu ...`, a
 * peer script, `node -e 0`) is measured from inside, worker threads and GC included.
 */
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const out = process.env.BENCH_RUSAGE_FILE;
// Node runs --import in worker threads too; only the main thread's exit ends the process.
if (out && isMainThread) {
  process.on('exit', () => {
    const r = process.resourceUsage();
    writeFileSync(out, JSON.stringify({ cpuMs: (r.userCPUTime + r.systemCPUTime) / 1000, maxRssMiB: r.maxRSS / 1024 }));
  });
}
