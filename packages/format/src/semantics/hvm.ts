/**
 * HVM rules (hvm and pvh domains only): the parameters that name event ports and guest frames
 * point at bound ports and RAM, and the platform save records whose size Xen fixes have it.
 */
import { HVM_PARAM, HVM_SAVE_FIXED_SIZE } from '../schema/xen.js';
import { HvmDeviceType } from '../schema/v1.js';
import { type Context, hex, p2mTypeOf } from './context.js';
import { P2M_RAM_TYPES } from './p2m-types.js';
import type { Report } from './report.js';
import { defineRules } from './rule.js';

export const HVM_RULES = defineRules('hvm', {
  paramPort: { id: 'hvm.param-evtchn-bound', severity: 'error', scope: 'domain', summary: 'HVM params STORE_EVTCHN and CONSOLE_EVTCHN name bound ports' },
  paramPfn: { id: 'hvm.param-pfn-ram', severity: 'error', scope: 'domain', summary: 'HVM params STORE_PFN and CONSOLE_PFN name GFNs the P2M maps as RAM' },
  deviceSize: { id: 'hvm.device-size', severity: 'error', scope: 'domain', summary: 'platform save records of a fixed-size type (PIC, IOAPIC, PMTIMER, ...) have that size' },
});

// Not BUFIOREQ_EVTCHN: the buffered-ioreq port is the IOREQ server's own, not a parameter Xen keeps.
const PORT_PARAMS = new Map<number, string>([
  [HVM_PARAM.STORE_EVTCHN, 'STORE_EVTCHN'],
  [HVM_PARAM.CONSOLE_EVTCHN, 'CONSOLE_EVTCHN'],
]);
const PFN_PARAMS = new Map<number, string>([
  [HVM_PARAM.STORE_PFN, 'STORE_PFN'],
  [HVM_PARAM.CONSOLE_PFN, 'CONSOLE_PFN'],
]);
const TYPE_CODE: Readonly<Record<string, number>> = HvmDeviceType.desc.kind === 'enum' ? HvmDeviceType.desc.values : {};

export function checkHvm(ctx: Context, report: Report): void {
  const R = HVM_RULES;
  for (const dv of ctx.domains) {
    const { type } = dv.d.domain;
    if (type !== 'hvm' && type !== 'pvh') continue;
    dv.d.hvm_params.forEach((param, k) => {
      const p = `${dv.path}.hvm_params[${k}].value`;
      const portName = PORT_PARAMS.get(param.index);
      // 0 means "not set": port 0 is never bound, and Xen leaves unused params at 0.
      if (portName && param.value !== 0n && !ctx.portsOf(dv).has(Number(param.value))) {
        report.add(R.paramPort, p, `d${dv.domid} ${portName} is port ${param.value}, which is not bound`, dv.domid);
      }
      const pfnName = PFN_PARAMS.get(param.index);
      if (pfnName) {
        const j = ctx.p2mEntryAt(dv, Number(param.value));
        const mapped = j < 0 ? null : p2mTypeOf(ctx.p2mOf(dv), j);
        if (mapped === null || !P2M_RAM_TYPES.has(mapped)) {
          report.add(R.paramPfn, p, `d${dv.domid} ${pfnName} ${hex(param.value)} is ${mapped === null ? 'not mapped' : `mapped as ${mapped}`}, not RAM`, dv.domid);
        }
      }
    });
    dv.d.hvm_devices.forEach((dev, k) => {
      const want = HVM_SAVE_FIXED_SIZE[TYPE_CODE[dev.type] ?? -1];
      if (want !== undefined && dev.body.length !== want) {
        report.add(R.deviceSize, `${dv.path}.hvm_devices[${k}].body`, `d${dv.domid} ${dev.type} instance ${dev.instance} is ${dev.body.length} bytes, not ${want}`, dv.domid);
      }
    });
  }
}
