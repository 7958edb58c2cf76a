/**
 * `xenlu validate` over many files spreads them over worker threads (`-j`, default the number of
 * CPUs). Shown without timing: a preloaded observer in every thread records which thread
 * validated which file.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, FIXTURE, ROOT, scratch } from './helpers.js';

const tmp = scratch('validate-parallel');
afterAll(() => tmp.cleanup());

// Node runs --import in every worker thread too: there it logs each report the thread sends back.
// (Observing the replies, not the requests: listening for messages would start the port before
// the worker's own listener exists, and the first request would go to the observer alone.)
const observer = tmp.path('observer.mjs');
writeFileSync(observer, `import { appendFileSync } from 'node:fs';
import { isMainThread, parentPort, threadId } from 'node:worker_threads';
if (!isMainThread) {
  const post = parentPort.postMessage.bind(parentPort);
  parentPort.postMessage = (m, transfer) => {
    appendFileSync(process.env.XENLU_VALIDATED_LOG, threadId + ' ' + m.report?.file + '\\n');
    return post(m, transfer);
  };
}
`);

/** Validates `files` with `jobs` workers; returns the threads that validated each file. */
function validatedBy(files: readonly string[], jobs: number): Map<string, string[]> {
  const log = tmp.path(`validated-${jobs}.txt`);
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(observer).href, BIN, 'validate', '-j', String(jobs), ...files], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, XENLU_VALIDATED_LOG: log },
  });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toContain(`${files.length} files: ${files.length} valid, 0 invalid`);
  const byFile = new Map<string, string[]>();
  for (const line of readFileSync(log, 'utf8').split('\n').filter(Boolean)) {
    const [thread, file] = [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)];
    byFile.set(file, [...(byFile.get(file) ?? []), thread]);
  }
  return byFile;
}

describe('validate over many files', () => {
  const files = [1, 2, 3, 1, 2, 3].map((v, i) => {
    const f = tmp.path(`dump-${i}.xlu`);
    writeFileSync(f, readFileSync(FIXTURE(v as 1 | 2 | 3)));
    return f;
  });

  it('validates every file in exactly one worker, and with -j 2 in both workers', () => {
    const byFile = validatedBy(files, 2);
    expect([...byFile.keys()].sort()).toEqual([...files].sort());
    for (const threads of byFile.values()) expect(threads).toHaveLength(1);
    expect(new Set([...byFile.values()].flat()).size).toBe(2);
  });

  it('with -j 1, no worker: the files are validated in the main thread', () => {
    expect(validatedBy(files, 1).size).toBe(0);
  });
});
