/** Worker thread of `xenlu validate`: validates the files it is sent, one message each. */
import { parentPort } from 'node:worker_threads';
import { type ValidateRequest, validateFile } from './validate-file.js';

parentPort!.on('message', (req: ValidateRequest & { id: number }) => {
  validateFile(req).then(
    (report) => parentPort!.postMessage({ id: req.id, report }),
    (e: unknown) => parentPort!.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
