/**
 * A per-property shrink budget. fast-check's own `interruptAfterTimeLimit` counts from the start of
 * the property, so a failure found late would get no shrinking and one found early all of it;
 * a broken build makes nearly every property fail, and unbounded shrinking then kept `verify`
 * running for minutes. This wrapper starts a clock at the first failure and, once it runs out,
 * answers every further shrink candidate with an interrupting precondition failure: fast-check
 * stops and reports the smallest counterexample found so far.
 */
import fc from 'fast-check';

type RunOutcome = fc.PreconditionFailure | fc.PropertyFailure | null;

function isFailure(r: RunOutcome): boolean {
  return r !== null && !fc.PreconditionFailure.isFailure(r);
}

export class ShrinkBudget<Ts> implements fc.IRawProperty<Ts> {
  private firstFailureAt: number | undefined;
  /** True once a shrink candidate was refused for lack of time. */
  stopped = false;

  constructor(
    private readonly inner: fc.IRawProperty<Ts>,
    private readonly budgetMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  isAsync(): boolean {
    return this.inner.isAsync();
  }
  generate(mrng: fc.Random, runId?: number): fc.Value<Ts> {
    return this.inner.generate(mrng, runId);
  }
  shrink(value: fc.Value<Ts>): fc.Stream<fc.Value<Ts>> {
    return this.inner.shrink(value);
  }
  runBeforeEach(): void | Promise<void> {
    return this.inner.runBeforeEach() as void | Promise<void>;
  }
  runAfterEach(): void | Promise<void> {
    return this.inner.runAfterEach() as void | Promise<void>;
  }

  run(v: Ts): RunOutcome | Promise<RunOutcome> {
    if (this.firstFailureAt !== undefined && this.now() - this.firstFailureAt > this.budgetMs) {
      this.stopped = true;
      const interrupt = new fc.PreconditionFailure(true);
      return this.isAsync() ? Promise.resolve(interrupt) : interrupt;
    }
    const note = (r: RunOutcome): RunOutcome => {
      if (this.firstFailureAt === undefined && isFailure(r)) this.firstFailureAt = this.now();
      return r;
    };
    const out = this.inner.run(v) as RunOutcome | Promise<RunOutcome>;
    return out instanceof Promise ? out.then(note) : note(out);
  }
}

/**
 * A replay (`--path`) checks the one value its path names: fast-check reaches it through the shrink
 * tree, then would go on through the rest of that value's shrinks (thousands for a state) when it
 * passes. Every run after the first is answered with an interrupting precondition failure.
 */
export class OneValue<Ts> extends ShrinkBudget<Ts> {
  private ran = false;

  constructor(inner: fc.IRawProperty<Ts>) {
    super(inner, Infinity);
  }

  override run(v: Ts): RunOutcome | Promise<RunOutcome> {
    if (this.ran) {
      const interrupt = new fc.PreconditionFailure(true);
      return this.isAsync() ? Promise.resolve(interrupt) : interrupt;
    }
    this.ran = true;
    return super.run(v);
  }
}
