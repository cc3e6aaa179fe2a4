/**
 * A HID utility process over the recorded Extreme 3D Pro (test/fixtures/hid/): the product's own
 * process body (runHidProcess) with the replay source instead of node-hid. Run through tsx.
 */
import { join } from 'node:path';
import { runHidProcess } from '../../../../core/input/node/hidProcessMain.js';
import { ReplayHidSource } from '../../../../core/input/node/replayHidSource.js';

const FIXTURE = join(import.meta.dirname, '../../../../test/fixtures/hid/extreme3dpro-button2.ndjson');
void runHidProcess(() => Promise.resolve(ReplayHidSource.fromFile(FIXTURE)));
