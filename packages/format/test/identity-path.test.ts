import { describe, expect, it } from 'vitest';
import { exampleState } from '../src/examples/index.js';
import { displayValue } from '../src/json/display.js';
import { identityPath, jqPath, locateAll } from '../src/json/identity-path.js';
import { sectionNode } from '../src/json/state-shape.js';
import { toJson } from '../src/json/to-json.js';
import { SCHEMAS } from '../src/schema/index.js';

/** Evaluates a jq path of the `.a[1].b` form on a JSON value, as jq would. */
function evalJq(doc: unknown, path: string): unknown {
  let v = doc;
  for (const m of path.matchAll(/\.([A-Za-z_]\w*)|\[(\d+)\]/g)) v = m[1] !== undefined ? (v as Record<string, unknown>)[m[1]] : (v as unknown[])[Number(m[2])];
  return v;
}

describe('identity paths', () => {
  const s = exampleState(3);
  const id = (p: string) => identityPath(SCHEMAS[3], s, p);

  it('names domains by domid and keyed items by their identity, from the schema', () => {
    expect(id('domains[4].domain.tot_pages').path).toBe('domains[domid=7].domain.tot_pages');
    expect(id('domains[1].event_channels[2].remote_port').path).toBe('domains[domid=1].event_channels[port=3].remote_port');
    expect(id('domains[1].vcpus[0].hvm.cpu.rip').path).toBe('domains[domid=1].vcpus[id=0].hvm.cpu.rip');
    // Frames in hex (the schema's display hint), an unordered list by its declared key.
    expect(id('domains[1].p2m[0].mfn').path).toBe('domains[domid=1].p2m[gfn=0x0].mfn');
    expect(id('domains[1].pages[0]').path).toBe('domains[domid=1].pages[first_mfn=0x100000]');
    expect(id('host.cpupools[2].scheduler').path).toBe('host.cpupools[id=2].scheduler');
    expect(id('domains[0].vcpus[0].msrs[1].index').path).toBe('domains[domid=0].vcpus[id=0].msrs[index=0xc0011027].index');
    expect(id('domains[1].hvm_devices[1]').path).toBe('domains[domid=1].hvm_devices[type=pic,instance=1]');
  });

  it('keeps positions where a list has no identity, and what it cannot follow', () => {
    expect(id('host.bootmem[1].start').path).toBe('host.bootmem[1].start');
    expect(id('host.handover.stream_mfns[3]').path).toBe('host.handover.stream_mfns[3]');
    expect(id('domains[*].event_channels[*].priority').path).toBe('domains[*].event_channels[*].priority');
    expect(id('domains[9].domain').path).toBe('domains[9].domain');
  });

  it('gives the positional form as a jq path that finds the value in the decode JSON', () => {
    const doc = JSON.parse(JSON.stringify(toJson(s, 3)));
    for (const p of ['domains[1].event_channels[2].remote_port', 'domains[0].vcpus[0].msrs[1].index', 'host.cpupools[2].scheduler', 'domains[4].pages[0].first_mfn']) {
      const at = id(p);
      expect(at.jq).toBe(`.${p}`);
      expect(evalJq(doc, at.jq)).toEqual(displayValue(at.value) === undefined ? undefined : (JSON.parse(JSON.stringify(displayValue(at.value))) as unknown));
    }
    expect(jqPath('domains[*].domain.cpupool')).toBe('.domains[].domain.cpupool');
  });

  it('a domain checked alone is found by its stream position', () => {
    const one = { host: s.host, domains: [s.domains[4]!] };
    expect(identityPath(SCHEMAS[3], one, 'domains[4].domain.domid', 4)).toEqual({ path: 'domains[domid=7].domain.domid', jq: '.domains[4].domain.domid', value: 7 });
  });

  it('locates migration notes by identity, keeping their position as jq', () => {
    const [n] = locateAll(SCHEMAS[3], s, [{ kind: 'dropped' as const, path: 'domains[1].event_channels[2].priority', message: 'm' }]);
    expect(n).toEqual({ kind: 'dropped', path: 'domains[domid=1].event_channels[port=3].priority', jq: '.domains[1].event_channels[2].priority', message: 'm' });
  });
});

describe('display values', () => {
  it('shows hinted integers in hex, other u64 as decimal strings, whatever the nesting', () => {
    const d = exampleState(3).domains[1]!;
    const shown = displayValue(d.p2m, sectionNode(SCHEMAS[3].sections['p2m']!).desc) as unknown[];
    expect(shown[0]).toEqual({ gfn: '0x0', mfn: '0x100000', count: '512', type: 'ram_rw', access: 'rwx' });
    expect(displayValue(5n)).toBe('5');
    expect(displayValue(new Uint8Array([1, 0xab]))).toBe('01ab');
  });
});
