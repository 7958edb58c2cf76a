/**
 * What `workerData` says when the launcher (bin/xenlu.js) runs the bundle on a worker thread: the
 * bundle then answers the files `validate` sends it instead of parsing a command line. Workers
 * run the bundle rather than a module file of their own so that they compile from its code cache.
 */
export const VALIDATE_WORKER = 'xenlu-validate-worker';
