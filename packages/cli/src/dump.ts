/** Reading dumps for the commands, and naming what a reader dropped. */
import { once } from 'node:events';
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { CliError, EXIT, type ExitCode, InputError } from './errors.js';
import { defaultMaxDumpBytes, memoryNeeded, readInput, sizeOf } from './io.js';
import { SIZED_RUN, trackChild } from './signals.js';

export { memoryNeeded } from './io.js';
import {
  type DecodeResult, type Desc, type DroppedItem, FormatError, type Limits, SCHEMAS, type Version, decode, decodeStreamHeader, isVersion, readStream,
} from './lib.js';
import { ownVersion } from './options.js';

/** Decodes `bytes` read from `file` as a reader of `readerVersion` (default: the stream's own version). */
export function decodeDump(file: string, bytes: Uint8Array, readerVersion?: Version, limits: Partial<Limits> = {}): DecodeResult {
  try {
    const v = readerVersion ?? ownVersion(decodeStreamHeader(bytes).schemaVersion);
    return decode(bytes, { readerVersion: v, limits });
  } catch (e) {
    throw e instanceof FormatError ? new InputError(file, e) : e;
  }
}

/** The most memory one dump's state may take here: 60% of the machine's, leaving room for the rest. */
export function memoryBudget(): number {
  return Math.floor(totalmem() * 0.6);
}


/**
 * Makes sure the decoded state of `file` fits the heap, before reading it. When it would not, the
 * same command is run again in a child Node with a heap sized for it (within 60% of the machine's
 * memory) and its exit status is returned; when the machine cannot hold it, a clear error. Without
 * this, V8 would abort the process half-way through the decode.
 */
export async function ensureHeapFor(file: string): Promise<ExitCode | undefined> {
  const size = sizeOf(file);
  if (size === undefined) return undefined;
  const need = memoryNeeded(size);
  const heap = getHeapStatistics().heap_size_limit;
  if (need <= heap) return undefined;
  const mib = (n: number) => Math.ceil(n / (1 << 20));
  const budget = memoryBudget();
  if (need > budget || process.env[SIZED_RUN] !== undefined) {
    throw new CliError(
      `${file}: its decoded state needs about ${mib(need)} MiB of memory, ${need > budget ? `more than this machine allows (${mib(budget)} MiB)` : `this process has ${mib(heap)} MiB`}: ` +
        '`xenlu validate --structure-only`, `xenlu inspect` and `xenlu diff` read a dump of any size',
      EXIT.error,
    );
  }
  // Loaded here, by the one run that needs it, not at every command's start.
  const { spawn } = await import('node:child_process');
  // Not spawnSync: this process must stay able to handle SIGINT/SIGTERM and stop the child. The
  // IPC channel lets the child notice this process dying, even by SIGKILL (signals.ts).
  const child = spawn(process.execPath, [...process.execArgv, `--max-old-space-size=${mib(need)}`, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [SIZED_RUN]: '1' },
  });
  trackChild(child);
  const [code] = (await Promise.race([once(child, 'exit'), once(child, 'error').then(([e]) => Promise.reject(e))])) as [number | null, NodeJS.Signals | null];
  // A child killed by a signal: report it as trouble, as the shell would see a failed run.
  return code === null ? EXIT.error : (code as ExitCode);
}

/**
 * For a dump held whole but read from stdin, a device or a FIFO: its records are walked by the
 * streaming reader as they arrive, so /dev/zero, garbage, or garbage after a valid header stops at
 * the first bad header (the 32-byte stream header is checked before more is read); the decode of
 * the bytes read so far then reports that same first fault.
 */
export function walkDump(readerVersion?: Version, limits: Partial<Limits> = {}): (chunks: AsyncIterable<Uint8Array>) => Promise<void> {
  return async (chunks) => {
    try {
      for await (const _ of readStream(chunks, { ...(readerVersion !== undefined ? { readerVersion } : {}), limits }));
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
    }
  };
}

/** Reads (at most `maxInputBytes`, default: what the heap can decode) and decodes a dump. */
export async function readDump(file: string, readerVersion?: Version, limits: Partial<Limits> = {}, maxInputBytes?: number): Promise<DecodeResult> {
  const bytes = await readInput(file, {
    maxBytes: maxInputBytes ?? defaultMaxDumpBytes(),
    flag: '--max-input-bytes',
    walk: walkDump(readerVersion, limits),
  });
  return decodeDump(file, bytes, readerVersion, limits);
}

function findStruct(d: Desc, name: string): Extract<Desc, { kind: 'struct' }> | undefined {
  if (d.kind === 'list' || d.kind === 'opt') return findStruct(d.item.desc, name);
  if (d.kind !== 'struct') return undefined;
  if (d.name === name) return d;
  for (const f of Object.values(d.fields)) {
    const s = findStruct(f.node.desc, name);
    if (s) return s;
  }
  return undefined;
}

/**
 * `field 21 (cpupool) of Domain in DOMAIN x5` / `record VCPU_RUNSTATE x2`: what a reader dropped,
 * with field names when the stream's own schema version is one this tool knows.
 */
export function describeDropped(d: DroppedItem, streamVersion: number): string {
  const times = d.count > 1 ? ` x${d.count}` : '';
  if (d.kind === 'record') {
    const known = isVersion(streamVersion) ? [...SCHEMAS[streamVersion].records.values()].find((r) => `type 0x${r.type.toString(16).padStart(8, '0')} (optional)` === d.record) : undefined;
    return `record ${known ? `${known.name} (${d.record})` : d.record}${times}`;
  }
  let names = '';
  if (isVersion(streamVersion) && d.struct && d.fields) {
    const schema = SCHEMAS[streamVersion];
    const rec = [...schema.records.values()].find((r) => r.name === d.record);
    const s = rec && findStruct(rec.body.desc, d.struct);
    if (s) {
      const [lo, hi = lo] = d.fields.split('-').map(Number);
      const byNo = new Map(Object.entries(s.fields).map(([n, f]) => [f.no, n] as const));
      const list: string[] = [];
      for (let no = lo!; no <= hi!; no++) list.push(byNo.get(no) ?? s.retired.find((r) => r.no === no)?.name ?? '?');
      names = ` (${list.join(', ')})`;
    }
  }
  const plural = d.fields?.includes('-') ? 's' : '';
  return `field${plural} ${d.fields}${names} of ${d.struct} in ${d.record}${times}`;
}

/** Control characters shown escaped: the producer strings come from the dump. */
function printable(s: string): string {
  return s.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function producerOf(host: unknown): string {
  const p = (host as { producer?: { major: number; minor: number; extra: string; changeset: string } }).producer;
  return p ? `Xen ${p.major}.${p.minor}${printable(p.extra)}${p.changeset ? ` (${printable(p.changeset)})` : ''}` : 'Xen ?';
}
