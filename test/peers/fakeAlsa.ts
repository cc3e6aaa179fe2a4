import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A HOME folder under `dir` whose ~/.asoundrc gives PortAudio a real ALSA capture device reading
 * from a FIFO (`fifo`: write 16 kHz mono s16le PCM into it to "speak") and a null playback
 * device. Such devices have no clock: feed and stop by byte counts, not time. ALSA reads the file
 * when PortAudio initialises, so the process that opens audio must run with HOME set to `home`.
 */
export function fakeAlsaHome(dir: string): { home: string; fifo: string } {
  const home = join(dir, 'home');
  const fifo = join(dir, 'mic.fifo');
  mkdirSync(home);
  execFileSync('mkfifo', [fifo]);
  const rc = readFileSync(new URL('../fixtures/audio/fake-alsa.asoundrc', import.meta.url), 'utf8').replaceAll('INFILE', fifo);
  writeFileSync(join(home, '.asoundrc'), rc);
  return { home, fifo };
}
