/** TSC rules: Xen reports never_emulate domains with kHz and elapsed time 0 and ignores both. */
import { hex } from './context.js';
import type { Context } from './context.js';
import type { Report } from './report.js';
import { defineRules } from './rule.js';

export const TSC_RULES = defineRules('tsc', {
  neverEmulate: { id: 'tsc.never-emulate-zero', severity: 'warning', scope: 'domain', summary: 'a never_emulate TSC carries gtsc_khz 0 and elapsed_ns 0' },
});

export function checkTsc(ctx: Context, report: Report): void {
  for (const dv of ctx.domains) {
    const t = dv.d.tsc_info;
    if (t.mode !== 'never_emulate') continue;
    if (t.gtsc_khz !== 0) report.add(TSC_RULES.neverEmulate, `${dv.path}.tsc_info.gtsc_khz`, `d${dv.domid} TSC is never_emulate but gtsc_khz is ${t.gtsc_khz}`, dv.domid);
    if (t.elapsed_ns !== 0n) report.add(TSC_RULES.neverEmulate, `${dv.path}.tsc_info.elapsed_ns`, `d${dv.domid} TSC is never_emulate but elapsed_ns is ${hex(t.elapsed_ns)}`, dv.domid);
  }
}
