/** The result of a verifier run, as the formatters and the CLI consume it. */
import type { CompatReport } from '../compat/check.js';
import type { GoldenResult } from '../golden.js';
import type { PropertyFailureInfo, PropertyResult } from './run-property.js';
import type { Shard } from './shard.js';

export interface Throughput {
  readonly workers: number;
  /** Sum over properties of the runs fast-check executed. */
  readonly propertyRuns: number;
  readonly seconds: number;
  /** propertyRuns / seconds: "properties x runs per second". */
  readonly perSecond: number;
}

export interface ReportedFailure extends Omit<PropertyFailureInfo, 'xlu'> {
  /** Where the counterexample dump was written. */
  readonly xluFile?: string;
  /** The command that replays exactly this counterexample. */
  readonly replay: string;
}

export interface ReportedProperty extends Omit<PropertyResult, 'failure'> {
  readonly failure?: ReportedFailure;
}

export interface Report {
  readonly seed: number;
  /** The run budget (--runs); each property runs a share of it. */
  readonly runs: number;
  /** The share of a sharded run this report covers (`--shard i/n`). */
  readonly shard?: Shard;
  readonly startedAt: string;
  readonly durationMs: number;
  /** The wall-clock budget of the run (ms). */
  readonly timeBudgetMs: number;
  readonly properties: readonly ReportedProperty[];
  /** Properties the time budget left no time for: not run, so the run fails. */
  readonly notRun: readonly string[];
  readonly compat?: CompatReport;
  /** The frozen golden fixtures, read with the current schemas. */
  readonly golden?: readonly GoldenResult[];
  readonly throughput: Throughput;
  /** With `measureScaling`: the same suite with one worker, then with the pool. */
  readonly scaling?: { readonly oneWorker: Throughput; readonly pool: Throughput };
  readonly ok: boolean;
}
