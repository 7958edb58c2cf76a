/**
 * The canonical summary of a stream (docs/C-INTEGRATION.md, "Canonical summary"), computed with
 * @xenlu/format: the decoded record list and state, read by the rules of the stream's own version
 * (or the newest this library knows, for newer streams), exactly as the C reader reads it. The
 * interop tests compare this text with what `xlu-read` prints.
 */
import { LATEST_VERSION, type Version, decode, decodeStreamHeader } from '@xenlu/format';

interface DomainFacts {
  readonly domain: { readonly domid: number; readonly type: string };
  readonly vcpus: readonly unknown[];
  readonly event_channels: readonly unknown[];
  readonly p2m: readonly unknown[];
  readonly pages: readonly { readonly count: bigint }[];
}

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

export function summarize(bytes: Uint8Array): string {
  const header = decodeStreamHeader(bytes);
  const readerVersion = Math.min(header.schemaVersion, LATEST_VERSION) as Version;
  const { records, state, size } = decode(bytes, { readerVersion });
  const domains = new Map<number, DomainFacts>((state.domains as readonly DomainFacts[]).map((d) => [d.domain.domid, d]));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lines = [
    `stream framing=${header.framingVersion} schema=${header.schemaVersion} reader=${readerVersion} xen=${header.xenMajor}.${header.xenMinor} bytes=${size}`,
  ];
  let open: number | undefined;
  const closeDomain = () => {
    if (open === undefined) return;
    const d = domains.get(open);
    if (!d) throw new Error(`decoded state has no domain ${open}`);
    const pages = d.pages.reduce((sum, r) => sum + r.count, 0n);
    lines.push(`domain ${open} type=${d.domain.type} vcpus=${d.vcpus.length} ports=${d.event_channels.length} p2m=${d.p2m.length} pages=${pages}`);
    open = undefined;
  };
  for (const r of records) {
    // A domain's line follows its last record: it closes at the next DOMAIN or at END.
    if (r.name === 'DOMAIN' || r.type === 0) closeDomain();
    if (r.name === 'DOMAIN') open = r.domid;
    const name = r.known ? r.name : `0x${hex8(r.type)}`;
    lines.push(`record ${r.index} ${name} offset=${r.offset} length=${r.bodyLength} crc=0x${hex8(view.getUint32(r.offset + 8))}`);
  }
  lines.push(`end records=${records.length - 1}`);
  return `${lines.join('\n')}\n`;
}
