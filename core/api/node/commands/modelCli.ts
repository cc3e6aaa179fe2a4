import { join } from 'node:path';
import { parseArgs, UsageError, type CliIo } from '../cliArgs.js';
import { ConfigStore, defaultConfigPath, userConfigDir } from '../../../config/node/configStore.js';
import { ModelManager, type DownloadProgress } from '../../../speech/node/modelManager.js';


/** Progress lines at most this often, so a slow link does not flood the terminal. */
const PROGRESS_INTERVAL_MS = 1000;

/**
 * `stratus model list | download ID [--url URL] | use FILE`: the whisper models the speech
 * engine uses, in the user's models folder (downloads resume, are checksummed and installed
 * atomically). `download` and `use` also select the model in the config.
 */
export async function runModelCli(args: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  const [sub, ...rest] = args;
  const { flags, positional } = parseArgs(rest, { url: { value: true }, config: { value: true } });
  const manager = new ModelManager(join(userConfigDir(), 'models'));
  const config = new ConfigStore(typeof flags.config === 'string' ? flags.config : defaultConfigPath());
  switch (sub) {
    case 'list': {
      const current = (await config.load()).config.speech.stt;
      for (const m of manager.list()) {
        const selected = current.modelPath === null && current.whisperModel === m.id ? ' (selected)' : '';
        io.out(`${m.id.padEnd(9)} ${String(m.sizeMb).padStart(4)} MB  ${m.installed ? 'installed' : 'not downloaded'}${selected}  ${m.path}`);
      }
      if (current.modelPath) io.out(`custom file selected: ${current.modelPath}`);
      return 0;
    }
    case 'download': {
      const id = positional[0];
      if (!id || positional.length > 1) throw new UsageError('model download needs one model id, e.g. stratus model download base.en');
      let last = 0;
      const onProgress = (p: DownloadProgress): void => {
        const now = Date.now();
        if (now - last < PROGRESS_INTERVAL_MS && p.receivedBytes !== p.totalBytes) return;
        last = now;
        const mb = (n: number): string => (n / 1e6).toFixed(1);
        io.err(p.totalBytes ? `${id}: ${mb(p.receivedBytes)} / ${mb(p.totalBytes)} MB (${Math.floor((100 * p.receivedBytes) / p.totalBytes)}%)` : `${id}: ${mb(p.receivedBytes)} MB`);
      };
      const source = typeof flags.url === 'string' ? { id, url: flags.url } : id;
      const path = await manager.download(source, { onProgress, ...(signal ? { signal } : {}) });
      await config.load();
      await config.update({ speech: { stt: { engine: 'whisper', whisperModel: id, modelPath: null } } });
      io.out(`installed ${id} at ${path}; speech recognition now uses it`);
      return 0;
    }
    case 'use': {
      const file = positional[0];
      if (!file || positional.length > 1) throw new UsageError('model use needs one model file, e.g. stratus model use ~/models/ggml-base.en.bin');
      const path = await manager.useLocalFile(file);
      await config.load();
      await config.update({ speech: { stt: { engine: 'whisper', modelPath: path } } });
      io.out(`speech recognition now uses ${path}`);
      return 0;
    }
    default:
      throw new UsageError('model needs list, download ID or use FILE');
  }
}
