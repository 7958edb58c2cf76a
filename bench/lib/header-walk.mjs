/**
 * The limit a structural validator is measured against: read a dump in big chunks, walk its
 * 16-byte big-endian record headers (FORMAT.md section 3) and check each record's CRC chain (section 4) with
 * zlib.crc32, nothing else: no body is looked at, nothing allocated per record.
 *
 *   headerWalk(file) -> { bytes, records }       (throws at the first broken checksum or a cut)
 *   node bench/lib/header-walk.mjs FILE           prints that as one JSON line (a whole process,
 *                                                 the peer of `xenlu validate --structure-only`)
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';

const STREAM_HEADER = 32;
const RECORD_HEADER = 16;
const CHUNK = 8 << 20;

/** `chunkBytes`: read size (tests use odd small ones, so headers and bodies straddle chunks). */
export function headerWalk(file, { chunkBytes = CHUNK } = {}) {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(STREAM_HEADER);
    if (readSync(fd, head, 0, STREAM_HEADER, 0) !== STREAM_HEADER) throw new Error(`${file}: shorter than a stream header`);
    let crc = crc32(head.subarray(0, 28));
    if (crc !== head.readUInt32BE(28)) throw new Error(`${file}: stream header checksum`);
    const chunk = Buffer.allocUnsafe(chunkBytes);
    // A record header may straddle two chunks: its bytes gather here.
    const header = Buffer.alloc(RECORD_HEADER);
    let have = 0;
    let bodyLeft = 0;
    let expected = 0;
    let records = 0;
    let offset = STREAM_HEADER;
    let recordAt = 0;
    for (;;) {
      const n = readSync(fd, chunk, 0, chunkBytes, offset);
      if (n === 0) break;
      let i = 0;
      while (i < n) {
        if (bodyLeft > 0) {
          const take = Math.min(bodyLeft, n - i);
          crc = crc32(chunk.subarray(i, i + take), crc);
          i += take;
          bodyLeft -= take;
        } else {
          const take = Math.min(RECORD_HEADER - have, n - i);
          chunk.copy(header, have, i, i + take);
          have += take;
          i += take;
          if (have < RECORD_HEADER) continue;
          have = 0;
          recordAt = offset + i - RECORD_HEADER;
          const length = header.readUInt32BE(4);
          expected = header.readUInt32BE(8);
          crc = crc32(header.subarray(12, 16), crc32(header.subarray(0, 8), crc));
          // The body and its zero padding to a multiple of 8.
          bodyLeft = length + ((8 - (length % 8)) % 8);
        }
        if (bodyLeft === 0 && have === 0) {
          if (crc !== expected) throw new Error(`${file}: record ${records} at offset ${recordAt}: checksum`);
          records++;
        }
      }
      offset += n;
    }
    if (have !== 0 || bodyLeft !== 0) throw new Error(`${file}: truncated at offset ${offset}`);
    return { bytes: offset, records };
  } finally {
    closeSync(fd);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(headerWalk(process.argv[2]))}\n`);
}
