/**
 * Schema version 3. FROZEN: released; its golden fixtures never change.
 * Changes from v2:
 * - new mandatory record used only with passthrough: PASSTHROUGH (IOMMU root, devices, PIRQs);
 * - field renamed without a wire change: DOMAIN.ssidref is DOMAIN.xsm_label;
 * - field retired: DOMAIN.shr_pages (number 11, written nil);
 * - semantic translation: the page-order P2M record (7, retired) becomes P2M_EXTENTS (14), extents
 *   of any size.
 */
import { field, list, opt, struct, u16, u32, u64, u8 } from './dsl.js';
import { deriveVersion, entries, listRecord, optional, record, single } from './records.js';
import { Gfn, Mfn, P2mAccess, P2mType } from './v1.js';
import { domainFieldsV2, v2 } from './v2.js';

const { ssidref, shr_pages, ...keptV2 } = domainFieldsV2;
export const domainFieldsV3 = {
  ...keptV2,
  xsm_label: field(7, ssidref.node, 'XSM security label (ssidref before v3)'),
};
export const Domain = struct('Domain', domainFieldsV3, [
  { no: shr_pages.no, name: 'shr_pages', doc: 'memory sharing retired in v3; written nil, read as 0 by older readers' },
]);

export const P2mExtent = struct('P2mExtent', {
  gfn: field(1, Gfn(), 'first guest frame'),
  mfn: field(2, Mfn(), 'first machine frame'),
  count: field(3, u64({ min: 1n, max: 1n << 52n }), 'number of frames'),
  type: field(4, P2mType, 'p2m type'),
  access: field(5, P2mAccess, 'access'),
});

export const PciDevice = struct('PciDevice', {
  segment: field(1, u16(), 'PCI segment'),
  bus: field(2, u8(), 'bus'),
  devfn: field(3, u8(), 'device and function'),
});
export const Msi = struct('Msi', { address: field(1, u64({ display: 'hex' }), 'MSI address'), data: field(2, u32(), 'MSI data') });
export const PirqBinding = struct('PirqBinding', {
  pirq: field(1, u32(), 'guest PIRQ'),
  host_irq: field(2, u32(), 'host IRQ'),
  msi: field(3, opt(Msi), 'MSI address and data, when the interrupt is an MSI'),
  port: field(4, u32(), 'event port bound to the PIRQ (0 = not bound)'),
});
export const Passthrough = struct('Passthrough', {
  iommu_root_mfn: field(1, Mfn(), 'machine frame of the IOMMU page-table root'),
  iommu_levels: field(2, u8({ min: 2, max: 6 }), 'IOMMU page-table levels'),
  devices: field(3, list(PciDevice, { max: 4096, key: ['segment', 'bus', 'devfn'] }), 'assigned PCI devices'),
  pirqs: field(4, list(PirqBinding, { max: 1 << 16, ascending: 'pirq' }), 'PIRQ bindings, ascending pirq'),
});

export const DOMAIN = record('DOMAIN', 2, Domain, 'opens the records of one domain');
export const P2M_EXTENTS = listRecord('P2M_EXTENTS', 14, P2mExtent, 32768, 'guest-physical to machine map as extents, ascending gfn (hvm, pvh)', { ascending: 'gfn' });
export const PASSTHROUGH = record('PASSTHROUGH', 13, Passthrough, 'IOMMU and PIRQ state; present exactly for domains with passthrough');

export const v3 = deriveVersion(v2, 3, {
  replace: { domain: single(DOMAIN), p2m: entries(P2M_EXTENTS) },
  add: { passthrough: { after: 'grant_table', section: optional(PASSTHROUGH) } },
});
