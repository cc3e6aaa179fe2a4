import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLogDir } from '../../core/config/node/hostLog.js';
import { shellRig } from './testing/shellRig.js';

const rig = shellRig('stratus-diag-');

describe('"Copy diagnostics" names the log folder', () => {
  it('says where main.log and crash.log are (the folder the desktop app writes both to)', async () => {
    const logDir = defaultLogDir({ STRATUS_HOME: join('/home', 'pilot', '.stratus') });
    const { fake } = await rig.boot({ shell: { logDir, logFile: join(logDir, 'main.log') } });
    fake.trays[0]!.click('copy-diagnostics');
    const text = fake.clipboard.at(-1) ?? '';
    expect(text).toContain(`Logs folder: ${logDir} (main.log, crash.log)`);
    expect(text).toContain(`Log file: ${join(logDir, 'main.log')}`);
  });
});
