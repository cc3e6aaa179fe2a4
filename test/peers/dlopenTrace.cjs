// Preloaded with `--require` (it runs in every thread, workers included): appends
// "<pid>\t<threadId>\t<file>" to $STRATUS_DLOPEN_TRACE for each native addon a thread loads, so a test can
// check that no addon is loaded by two threads and PortAudio only by the audio worker.
const { appendFileSync } = require('node:fs');
const { threadId } = require('node:worker_threads');

const out = process.env.STRATUS_DLOPEN_TRACE;
if (out) {
  const dlopen = process.dlopen;
  process.dlopen = function traced(module, filename, ...rest) {
    appendFileSync(out, `${process.pid}\t${threadId}\t${filename}\n`);
    return dlopen.call(this, module, filename, ...rest);
  };
}
