/**
 * The body of the HID utility process: loads a HidSource, says ready (or why it cannot), and
 * serves HidService over the process's message port. Runs under Electron's utilityProcess
 * (process.parentPort) and under a plain Node child in tests (process.send / 'message').
 */
import { parseHidRequest, type HidMessage } from '../common/hidProtocol.js';
import { HidService } from '../common/hidService.js';
import type { HidSource } from '../common/hidSource.js';

interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
}

export async function runHidProcess(load: () => Promise<HidSource>): Promise<void> {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  const post = (m: HidMessage): void => {
    if (parentPort) parentPort.postMessage(m);
    else process.send?.(m);
  };
  let source: HidSource;
  try {
    source = await load();
  } catch (e) {
    post({ type: 'unavailable', reason: (e as Error).message });
    return;
  }
  const service = new HidService(source, post);
  const onMessage = (raw: unknown): void => {
    const req = parseHidRequest(raw);
    if (!req) return post({ type: 'log', line: 'HID process: ignored a malformed request' });
    service.handle(req);
  };
  if (parentPort) parentPort.on('message', (e) => onMessage(e.data));
  else process.on('message', onMessage);
  post({ type: 'ready', source: source.name });
}
