/**
 * Reading an input in large chunks for a pass that holds a few records at a time: each chunk lands
 * in a buffer after some head room, where the caller moves the unfinished record of the chunk
 * before (so a chunk is never copied whole), and a file's next chunk is read while this one is
 * being worked on (two buffers, alternating).
 */
import { open } from 'node:fs/promises';

/** Bytes buf[start, end) of the input; buf[0, start) is head room the caller may write. */
export interface Chunk {
  readonly buf: Uint8Array;
  /** Which of the reader's buffers holds it. */
  readonly index: number;
  readonly start: number;
  readonly end: number;
}

export interface ChunkReader {
  /** The next chunk, undefined at the end of the input. */
  take(): Promise<Chunk | undefined>;
  /**
   * Starts reading the chunk after the one taken, into the buffer of the one before it: the caller
   * must be done with that one (its unfinished record moved into the head room of this one).
   */
  ahead(): void;
  close(): Promise<void>;
}

/**
 * Head room for `size`-byte chunks: a record up to this size is moved rather than gathered. Chunks
 * start half a page off the page grid because a file is read at page-aligned offsets, and the
 * kernel's copy into an address a few bytes past the source's offset in its page (where a large
 * buffer's bytes start: malloc puts a 16-byte header before an mmap'd block) ran 4x slower on the
 * bench machine (AMD EPYC, 4 KiB aliasing in `rep movsb`): reading 1 GiB took 0.63 s of system
 * time instead of 0.15 s.
 */
export function headRoomOf(size: number): number {
  const room = Math.max(16, size >>> 2);
  return room + ((HALF_PAGE - (room % PAGE) + PAGE) % PAGE);
}

const PAGE = 4096;
const HALF_PAGE = PAGE / 2;

/**
 * The whole of a regular file (up to the size it has when opened), read half a page off the page
 * grid for the reason headRoomOf gives: fs.readFile reads into a buffer whose bytes start 16 bytes
 * into a page, which made reading a 100 MB dump cost 0.1 s of system time here instead of 0.035 s.
 */
export async function readFileBytes(path: string): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const buf = new Uint8Array(HALF_PAGE + size);
    let n = 0;
    while (n < size) {
      const { bytesRead } = await fh.read(buf, HALF_PAGE + n, size - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    return buf.subarray(HALF_PAGE, HALF_PAGE + n);
  } finally {
    await fh.close();
  }
}

/** A file's chunks; with `shared`, its two buffers are SharedArrayBuffers another thread can read. */
export function fileReader(path: string, size: number, shared?: readonly [SharedArrayBuffer, SharedArrayBuffer]): ChunkReader {
  const head = headRoomOf(size);
  const bufs: readonly [Uint8Array, Uint8Array] = shared ? [new Uint8Array(shared[0]), new Uint8Array(shared[1])] : [new Uint8Array(head + size), new Uint8Array(head + size)];
  let k = 0;
  const opened = open(path, 'r');
  const read = (buf: Uint8Array) => opened.then((fh) => fh.read(buf, head, size, null)).then((r) => r.bytesRead);
  let pending: Promise<number> | undefined = read(bufs[0]);
  return {
    async take() {
      const n = await pending!;
      pending = undefined;
      return n === 0 ? undefined : { buf: bufs[k]!, index: k, start: head, end: head + n };
    },
    ahead() {
      k ^= 1;
      pending = read(bufs[k]!);
    },
    async close() {
      const fh = await opened;
      await pending?.catch(() => 0);
      await fh.close();
    },
  };
}

/** Chunks of any size from an async source, gathered into `size`-byte ones (a copy each: the source owns its chunks). */
export function iterableReader(source: AsyncIterable<Uint8Array>, size: number): ChunkReader {
  const head = headRoomOf(size);
  const bufs: readonly [Uint8Array, Uint8Array] = [new Uint8Array(head + size), new Uint8Array(head + size)];
  let k = 1;
  const it = source[Symbol.asyncIterator]();
  let chunk: Uint8Array | undefined;
  let used = 0;
  let done = false;
  return {
    async take() {
      k ^= 1;
      const buf = bufs[k]!;
      let end = head;
      while (end < buf.length && !done) {
        if (chunk === undefined || used === chunk.length) {
          const r = await it.next();
          if (r.done) {
            done = true;
            break;
          }
          chunk = r.value instanceof Uint8Array ? r.value : new Uint8Array(r.value as ArrayBufferLike);
          used = 0;
        }
        const n = Math.min(buf.length - end, chunk.length - used);
        buf.set(chunk.subarray(used, used + n), end);
        used += n;
        end += n;
      }
      return end === head ? undefined : { buf, index: k, start: head, end };
    },
    ahead() {},
    async close() {
      await it.return?.();
    },
  };
}

/** Bytes already in memory: one chunk. */
export function bytesReader(bytes: Uint8Array): ChunkReader {
  let taken = false;
  return {
    take() {
      const first = !taken;
      taken = true;
      return Promise.resolve(first && bytes.length > 0 ? { buf: bytes, index: 0, start: 0, end: bytes.length } : undefined);
    },
    ahead() {},
    close: () => Promise.resolve(),
  };
}
