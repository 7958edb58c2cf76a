/**
 * Dumps on disk for the streaming measurements, written with the streaming encoder one domain at a
 * time, so writing a 1 GiB dump holds one domain (not the state) in memory.
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { StreamEncoder, encode } from '@xenlu/format';
import { cStructSizer } from './cstruct.mjs';
import { fragmentedPlan } from './fragmented.mjs';

/** The handful of edits the "B" side of a diff pair carries, by domain index. */
export function editDomain(d, k) {
  if (k % 50 === 1) d.tsc_info.incarnation += 1;
  if (k === 2 && d.p2m.length > 10) d.p2m[10] = { ...d.p2m[10], access: 'rw' };
  if (k === 3 && d.pages.length > 5) d.pages[5] = { ...d.pages[5], pinned: true };
  return d;
}

function writeAll(fd, bytes) {
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
}

/**
 * Writes the fragmented plan to `file` (via a temp file), returning its size and the size of the
 * same state as C structs.
 */
export function writeFragmented(file, { version, guests, pagesPerGuest, edit = false }) {
  const plan = fragmentedPlan(version, { guests, pagesPerGuest });
  const sizer = cStructSizer(version);
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  let bytes = 0;
  let cstruct = 0;
  try {
    const host = plan.host();
    cstruct += sizer.host(host);
    const enc = new StreamEncoder(version, host, { sizeHint: 1 << 24 });
    for (let k = 0; k < plan.domainCount; k++) {
      const d = plan.domain(k);
      if (edit) editDomain(d, k);
      cstruct += sizer.domain(d);
      enc.domain(d);
      const chunk = enc.take();
      writeAll(fd, chunk);
      bytes += chunk.length;
    }
    const last = enc.end().take();
    writeAll(fd, last);
    bytes += last.length;
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  return { bytes, cstruct, domains: plan.domainCount };
}

/** Writes a state to `file`. */
export function writeState(file, state, version) {
  const bytes = encode(state, version);
  writeFileSync(file, bytes);
  return { bytes: bytes.length, domains: state.domains.length };
}

/**
 * Reuses `file` when its sidecar says it was written from the same parameters (the 1 GiB dump is
 * written once), else calls `write`.
 */
export function cached(file, params, write) {
  const meta = `${file}.json`;
  if (existsSync(file) && existsSync(meta)) {
    try {
      const m = JSON.parse(readFileSync(meta, 'utf8'));
      if (JSON.stringify(m.params) === JSON.stringify(params) && statSync(file).size === m.result.bytes) return { ...m.result, reused: true };
    } catch {
      // Rewrite below.
    }
  }
  const result = write();
  writeFileSync(meta, JSON.stringify({ params, result }));
  return { ...result, reused: false };
}
