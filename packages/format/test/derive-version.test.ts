import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, SCHEMAS, VERSIONS, isVersion } from '../src/schema/index.js';
import { deriveVersion, optional, single } from '../src/schema/records.js';
import { v2 } from '../src/schema/v2.js';
import { DOMAIN, PASSTHROUGH, v3 } from '../src/schema/v3.js';

describe('deriveVersion', () => {
  it('keeps the previous order, replaces in place and adds after the named section', () => {
    // The section order v3 had when it listed its sections by hand.
    expect(Object.keys(v3.sections)).toEqual([
      'domain', 'tsc_info', 'p2m', 'vcpus', 'pages', 'grant_table', 'passthrough', 'hvm_params', 'hvm_devices',
      'event_fifo', 'event_channels', 'vcpu_runstates', 'ioreq_servers',
    ]);
    expect(v3.sections.domain.record).toBe(DOMAIN);
    expect(v3.sections.tsc_info).toBe(v2.sections.tsc_info);
  });

  it('retires sections', () => {
    const s = deriveVersion(v3, 99, { retire: ['vcpu_runstates'] });
    expect('vcpu_runstates' in s.sections).toBe(false);
    expect(s.records.has(v3.sections.vcpu_runstates.record.type)).toBe(false);
  });

  it('refuses changes to sections the previous version does not have', () => {
    expect(() => deriveVersion(v2, 99, { add: { passthrough: { after: 'nope', section: optional(PASSTHROUGH) } } })).toThrow(/after nope/);
    expect(() => deriveVersion(v2, 99, { add: { domain: { after: 'tsc_info', section: single(DOMAIN) } } })).toThrow(/already has/);
    expect(() => deriveVersion(v2, 99, { retire: ['nope' as 'domain'] })).toThrow(/retires nope/);
  });
});

describe('the version registry', () => {
  it('lists every version once, oldest first, the latest last', () => {
    expect(VERSIONS).toEqual(VERSIONS.map((_, i) => i + 1));
    expect(VERSIONS[VERSIONS.length - 1]).toBe(LATEST_VERSION);
    for (const v of VERSIONS) expect(SCHEMAS[v].version).toBe(v);
    expect(isVersion(LATEST_VERSION + 1)).toBe(false);
    expect(isVersion(0)).toBe(false);
  });
});
