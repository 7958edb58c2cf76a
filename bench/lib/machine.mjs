/**
 * What the machine costs at the things the bench leans on most, measured rather than named, so
 * that figures from two machines (or one machine under two loads) are not read as equal:
 *  - a page fault: the time to touch fresh pages of a new allocation (every large buffer the
 *    readers and writers allocate pays it, and a VM or a container can make it 10x dearer);
 *  - memcpy bandwidth: copying a buffer already in memory (the bound of any byte-moving loop);
 *  - reading a file from the page cache, by where the bytes land in the buffer: some CPUs copy
 *    several times slower into an address a few bytes past the source's offset in its page, where
 *    a large buffer's bytes start (read-ahead.ts reads half a page further on for that reason).
 * Run in a fresh process (child.mjs `machine`), so the allocations are fresh.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
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

/**
 * ms of system time per GiB read from the page cache in 8 MiB reads at page-aligned file offsets,
 * into a large buffer at its start (as fs.readFile reads) and half a page into it (as xenlu does).
 */
export function fileReadMsPerGiB({ bytes = 64 * MiB, reps = 3 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'xenlu-machine-'));
  const path = join(dir, 'read');
  const chunk = 8 * MiB;
  try {
    writeFileSync(path, Buffer.alloc(bytes, 7));
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.allocUnsafeSlow(chunk + PAGE);
      const at = (offset) => {
        const per = [];
        for (let r = 0; r < reps; r++) {
          const s0 = process.cpuUsage().system;
          for (let pos = 0; pos < bytes; pos += chunk) readSync(fd, buf, offset, chunk, pos);
          per.push((process.cpuUsage().system - s0) / 1000 / (bytes / 2 ** 30));
        }
        return median(per);
      };
      at(0);
      return { bufferStart: at(0), halfPageIn: at(PAGE / 2) };
    } finally {
      closeSync(fd);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function measureMachine() {
  const list = cpus();
  return {
    cpuModel: list[0]?.model ?? 'unknown',
    cores: list.length,
    pageFaultNs: +pageFaultNs().toFixed(0),
    memcpyGBps: +memcpyGBps().toFixed(2),
    fileReadMsPerGiB: Object.fromEntries(Object.entries(fileReadMsPerGiB()).map(([k, v]) => [k, +v.toFixed(0)])),
  };
}
