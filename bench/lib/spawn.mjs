/** Runs a child measurement (child.mjs) and returns its parsed result. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./child.mjs', import.meta.url));

/**
 * `nodeArgs` are Node flags (e.g. a larger heap for the in-memory speed runs); the RSS
 * measurements run with Node's defaults.
 */
export function runChild(task, args = {}, { nodeArgs = [] } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, CHILD, task, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (s) => (out += s));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = out.trim().split('\n').pop() ?? '';
      let msg;
      try {
        msg = JSON.parse(line);
      } catch {
        reject(new Error(`child ${task} exited with ${signal ?? code} and no result`));
        return;
      }
      if (msg.ok) resolve({ ...msg.result, maxRssMiB: msg.maxRssMiB });
      else reject(new Error(`child ${task} failed: ${msg.error}`));
    });
  });
}
