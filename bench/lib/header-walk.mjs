/**
 * The limit a structural check of a dump is measured against: a plain loop that reads the file in
 * large chunks, walks the record headers (type, length, padding) and checks the CRC chain with
 * zlib's crc32, looking at no body (FORMAT.md sections 2-4). Nothing here validates more than
 * that; it is the cost of touching every byte once.
 *
 * headerWalk(path, { chunkBytes }) resolves to { bytes, records, millis }; it throws an Error when
 * the framing or a checksum is wrong, so a benchmark never times a walk that stopped early.
 */
import { open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { LATEST_VERSION, schemaOf } from '@xenlu/format';

const STREAM_HEADER = 32;
const RECORD_HEADER = 16;
/** END's record type, the same in every schema version (the framing's). */
const END_TYPE = schemaOf(LATEST_VERSION).end.type;

export async function headerWalk(path, { chunkBytes = 8 << 20 } = {}) {
  const t0 = performance.now();
  const fh = await open(path, 'r');
  try {
    let buf = Buffer.allocUnsafe(chunkBytes);
    let start = 0;
    let end = 0;
    let eof = false;
    const fill = async (need) => {
      while (end - start < need && !eof) {
        if (buf.length - end < need - (end - start)) {
          // Keep the partial record at the front (and grow for a record larger than the buffer).
          const next = need > buf.length ? Buffer.allocUnsafe(need * 2) : buf;
          buf.copy(next, 0, start, end);
          buf = next;
          end -= start;
          start = 0;
        }
        const { bytesRead } = await fh.read(buf, end, buf.length - end, null);
        if (bytesRead === 0) eof = true;
        end += bytesRead;
      }
      return end - start >= need;
    };
    if (!(await fill(STREAM_HEADER))) throw new Error('no stream header');
    let prev = buf.readUInt32BE(start + 28);
    start += STREAM_HEADER;
    let bytes = STREAM_HEADER;
    let records = 0;
    for (;;) {
      if (!(await fill(RECORD_HEADER))) throw new Error(`no END record after ${records} records`);
      const type = buf.readUInt32BE(start);
      const length = buf.readUInt32BE(start + 4);
      const size = RECORD_HEADER + length + ((8 - (length % 8)) % 8);
      if (!(await fill(size))) throw new Error(`record ${records} runs past the end of the file`);
      let crc = crc32(buf.subarray(start, start + 8), prev);
      crc = crc32(buf.subarray(start + 12, start + size), crc);
      if (crc !== buf.readUInt32BE(start + 8)) throw new Error(`record ${records}: checksum mismatch`);
      prev = crc;
      start += size;
      bytes += size;
      records++;
      if (type === END_TYPE) break;
    }
    return { bytes, records, millis: performance.now() - t0 };
  } finally {
    await fh.close();
  }
}
