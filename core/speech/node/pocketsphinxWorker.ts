import { parentPort } from 'node:worker_threads';
import { phoneLoop, PocketsphinxDecoder, removeLogFolder } from '../../../native/pocketsphinx.js';
import type { PocketsphinxScores } from '../common/pocketsphinxConfidence.js';
import type { PocketsphinxRequest, PocketsphinxResponse } from './pocketsphinxProtocol.js';

/**
 * Hosts two resident libpocketsphinx decoders: the command grammar (with n-best and lattice
 * posteriors) and the phone loop that verifies it. Both decode the same audio at once on libuv's
 * pool, so verification costs wall time only where the loop is slower. Requests run one at a
 * time; a request aborted before its turn comes is answered at once without decoding, one aborted
 * during its decode is answered when the decode ends (the engine has stopped waiting by then).
 */
const port = parentPort;
if (!port) throw new Error('pocketsphinxWorker must run in a worker thread');

/**
 * Both decoders score every senone of every frame: a decoder normalises its scores by the best
 * senone it computed, and a grammar search computes only those its live states need (how many
 * depends on the grammar's size), so without this the two scores do not share a scale and the
 * verification margin drifts with the grammar. Costs ~1.5x on the command search.
 */
const SCORING = { '-compallsen': 'yes' };
/**
 * At most this many HMMs stay alive per frame. The full phraseology makes a large grammar, and
 * unbounded, long speech outside it kept thousands alive (seconds per utterance); at 1500 the
 * spoken test set decodes 3.5x faster with the same hypotheses (1000 and below start to lose them).
 */
const COMMAND_SEARCH = { '-maxhmmpf': '1500', ...SCORING };
/** Distinct n-best texts kept: the runner-up is what matters, a few more help rescoring. */
const NBEST = 5;
/**
 * Below this per-frame margin over the phone loop a sentence is not believed whatever its
 * lattice says: on the spoken test set said commands sit above -16, free speech and noise mostly
 * below -20 (evidence.llrPerFrame, per frame of words; recognition bench).
 */
const MIN_LLR_FOR_DETAILS = -30;

let decoders: { command: PocketsphinxDecoder; garbage: PocketsphinxDecoder } | undefined;
let queue: Promise<unknown> = Promise.resolve();
const aborted = new Set<number>();

function send(msg: PocketsphinxResponse): void {
  port!.postMessage(msg);
}

function release(): void {
  decoders?.command.free();
  decoders?.garbage.free();
  decoders = undefined;
}

port.on('message', (msg: PocketsphinxRequest) => {
  if (msg.type === 'abort') {
    aborted.add(msg.id);
    return;
  }
  const run = queue.then(() => handle(msg));
  queue = run.catch((e: unknown) => {
    if ('id' in msg) send({ type: 'error', id: msg.id, message: (e as Error).message });
  });
});

async function handle(msg: Exclude<PocketsphinxRequest, { type: 'abort' }>): Promise<void> {
  switch (msg.type) {
    case 'load': {
      const t0 = performance.now();
      release();
      const loop = phoneLoop();
      const command = PocketsphinxDecoder.open({ jsgf: msg.jsgf, nbest: NBEST, args: COMMAND_SEARCH });
      try {
        decoders = { command, garbage: PocketsphinxDecoder.open({ jsgf: loop.jsgf, words: loop.words, args: SCORING }) };
      } catch (e) {
        command.free();
        throw e;
      }
      send({ type: 'loaded', id: msg.id, loadMs: performance.now() - t0 });
      return;
    }
    case 'transcribe': {
      if (!decoders) throw new Error('pocketsphinx is not loaded');
      for (const id of aborted) if (id < msg.id) aborted.delete(id); // aborts that came after their answer
      if (aborted.delete(msg.id)) return send({ type: 'result', id: msg.id, scores: empty(), decodeMs: 0, aborted: true });
      const t0 = performance.now();
      const [command, garbage] = await Promise.all([decoders.command.decode(msg.pcm), decoders.garbage.decode(msg.pcm)]);
      const wasAborted = aborted.delete(msg.id);
      // The lattice is weighed only for a sentence that could be believed: speech the phone loop
      // explains far better (outside the grammar, noise) is not worth its cost.
      const plausible = !wasAborted && command.text !== '' && (command.score - garbage.score) / Math.max(1, command.wordFrames || command.frames) > MIN_LLR_FOR_DETAILS;
      const details = plausible ? decoders.command.details() : { nbest: [], words: [] };
      send({ type: 'result', id: msg.id, scores: { ...command, ...details, garbageScore: garbage.score }, decodeMs: performance.now() - t0, aborted: wasAborted });
      return;
    }
    case 'dispose':
      release();
      removeLogFolder();
      send({ type: 'disposed' });
      port!.close();
      return;
  }
}

function empty(): PocketsphinxScores {
  return { text: '', score: 0, frames: 0, wordFrames: 0, nbest: [], words: [], garbageScore: 0 };
}

send({ type: 'ready' });
