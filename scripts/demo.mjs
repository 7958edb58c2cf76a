// The README's main job, until the CLI lands: decode and validate the bundled golden fixture.
import { readFileSync } from 'node:fs';
import { decode } from '@xenlu/format';

const file = new URL('../fixtures/v3/example.xlu', import.meta.url);
const bytes = readFileSync(file);
const { state, records, streamVersion } = decode(bytes);
console.log(`fixtures/v3/example.xlu: schema v${streamVersion}, ${bytes.length} bytes, ${records.length} records`);
for (const d of state.domains) {
  console.log(`  dom${d.domain.domid} ${d.domain.type} ${d.domain.state}: ${d.vcpus.length} vCPUs, ${d.event_channels.length} ports, ${d.p2m.length} P2M extents`);
}
