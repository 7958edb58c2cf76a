/**
 * The example host: 16 GiB, 8 pCPUs, one cpupool per scheduler (the arinc653 pool empty), two
 * live-update bootmem regions, a two-page stream.
 */
import type { StateV1 } from '../schema/index.js';
import { BOOTMEM, M2P, STREAM_MFN_ARRAY, STREAM_MFNS, TOTAL_PAGES } from './layout.js';

export type Host = StateV1['host'];

export function exampleHost(): Host {
  return {
    producer: { major: 4, minor: 19, extra: '.1', changeset: 'c447b730' },
    page_shift: 12,
    nr_pcpus: 8,
    total_pages: TOTAL_PAGES,
    bootmem: BOOTMEM.map((r) => ({ ...r })),
    handover: {
      nr_stream_pages: BigInt(STREAM_MFNS.length),
      mfn_array_maddr: STREAM_MFN_ARRAY << 12n,
      stream_mfns: [...STREAM_MFNS],
    },
    m2p: { ...M2P },
    time: { system_time_ns: 1_234_567_890_123n, tsc: 0x3a_9f13_0000_0000n, tsc_khz: 2_994_374 },
    cpupools: [
      { id: 0, scheduler: 'credit2', pcpus: [0, 1, 2, 3] },
      { id: 1, scheduler: 'credit', pcpus: [4, 5] },
      { id: 2, scheduler: 'rtds', pcpus: [6] },
      { id: 3, scheduler: 'null', pcpus: [7] },
      { id: 4, scheduler: 'arinc653', pcpus: [] },
    ],
    cpu_featureset: [0x1fab_fbff, 0xf7fa_3223, 0x2c10_0800, 0x0000_0121, 0x029c_6fbf, 0x0000_000f, 0x0000_0000, 0x1c2f_fbb9, 0x0000_0000, 0xbc00_4410],
  };
}
