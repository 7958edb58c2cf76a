/**
 * What the machine costs at the two things the bench leans on most, measured rather than named,
 * so that figures from two machines (or one machine under two loads) are not read as equal:
 *  - a page fault: the time to touch fresh pages of a new allocation (every large buffer the
 *    readers and writers allocate pays it, and a VM or a container can make it 10x dearer);
 *  - memcpy bandwidth: copying a buffer already in memory (the bound of any byte-moving loop).
 * Run in a fresh process (child.mjs `machine`), so the allocations are fresh.
 */
import { cpus } from 'node:os';
import { stats } from './speed.mjs';

const PAGE = 4096;
const MiB = 2 ** 20;

const median = (xs) => stats(xs).median;

/** Nanoseconds per fresh page touched: one write per 4 KiB page of a new zero-filled buffer. */
export function pageFaultNs({ bytes = 64 * MiB, reps = 5 } = {}) {
  const per = [];
  for (let r = 0; r < reps; r++) {
    // Large zero-filled ArrayBuffers come from calloc, so from fresh mmap'ed pages, untouched.
    const u8 = new Uint8Array(new ArrayBuffer(bytes));
    const t = process.hrtime.bigint();
    for (let i = 0; i < bytes; i += PAGE) u8[i] = 1;
    per.push(Number(process.hrtime.bigint() - t) / (bytes / PAGE));
  }
  return median(per);
}

/** GB/s of copying a buffer already faulted in (median of `reps` copies). */
export function memcpyGBps({ bytes = 64 * MiB, reps = 7 } = {}) {
  const src = Buffer.alloc(bytes, 1);
  const dst = Buffer.alloc(bytes);
  src.copy(dst);
  const rates = [];
  for (let r = 0; r < reps; r++) {
    const t = process.hrtime.bigint();
    src.copy(dst);
    rates.push(bytes / Number(process.hrtime.bigint() - t));
  }
  return median(rates);
}

export function measureMachine() {
  const list = cpus();
  return {
    cpuModel: list[0]?.model ?? 'unknown',
    cores: list.length,
    pageFaultNs: +pageFaultNs().toFixed(0),
    memcpyGBps: +memcpyGBps().toFixed(2),
  };
}
