import { join } from 'node:path';
import { parseArgs, UsageError, type CliIo } from '../cliArgs.js';
import { ConfigStore, defaultConfigPath, userConfigDir } from '../../../config/node/configStore.js';
import { ModelManager, type DownloadProgress } from '../../../speech/node/modelManager.js';
import { whisperModelInfo } from '../../../speech/common/whisperModels.js';
import type { ModelDeleteResult } from '../../../speech/common/models.js';
import { ModelInUseError, ModelService } from '../../../speech/node/modelService.js';


/** Progress lines at most this often, so a slow link does not flood the terminal. */
const PROGRESS_INTERVAL_MS = 1000;

/** Megabytes as the settings window shows them (MiB, one decimal). */
function mb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

/** The engine's model service without an engine: a fallback after deleting the model in use is saved to the config. */
function service(manager: ModelManager, config: ConfigStore): ModelService {
  return new ModelService(manager.modelsDir, () => {}, async () => {}, async (fallback) => {
    await config.update({ speech: { stt: { ...fallback, modelPath: null } } });
  });
}

/**
 * `stratus model list | download ID [--url URL] | use FILE | delete ID [--yes]`: the whisper models the speech
 * engine uses, in the user's models folder (downloads resume, are checked against the catalogue's
 * SHA-256 and in full, and are installed atomically). `download ID` and `use FILE` (after checking
 * the file in full) select the model in the config. `download ID --url URL` (a model of the
 * pilot's own, under a name not in the catalogue) prints the file's SHA-256 and selects nothing:
 * compare it with the publisher's, then `stratus model use` the path.
 */
export async function runModelCli(args: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  const [sub, ...rest] = args;
  const { flags, positional } = parseArgs(rest, { url: { value: true }, config: { value: true }, yes: { value: false } });
  const manager = new ModelManager(join(userConfigDir(), 'models'));
  const config = new ConfigStore(typeof flags.config === 'string' ? flags.config : defaultConfigPath());
  switch (sub) {
    case 'list': {
      const current = (await config.load()).config.speech.stt;
      const entries = service(manager, config).list(current);
      for (const m of entries) {
        const size = m.sizeMb !== undefined ? `${String(m.sizeMb).padStart(4)} MB` : ' custom';
        const state = m.installed ? `installed, ${mb(m.bytes)} MB on disk` : 'not downloaded';
        io.out(`${m.id.padEnd(9)} ${size}  ${state}${m.selected ? ' (selected)' : ''}  ${m.path}`);
      }
      io.out(`total on disk: ${mb(entries.reduce((sum, m) => sum + m.bytes, 0))} MB in ${manager.modelsDir}`);
      if (current.modelPath) io.out(`custom file selected: ${current.modelPath}`);
      return 0;
    }
    case 'delete': {
      const id = positional[0];
      if (!id || positional.length > 1) throw new UsageError('model delete needs one model id, e.g. stratus model delete small.en (add --yes for the model in use)');
      await config.load();
      const svc = service(manager, config);
      let result: ModelDeleteResult;
      try {
        result = await svc.delete(id, () => config.config.speech.stt, flags.yes === true);
      } catch (e) {
        // The model in use: the refusal names the fallback; --yes confirms.
        if (e instanceof ModelInUseError) throw new UsageError(`${e.message} (add --yes)`);
        throw e;
      }
      io.out(`deleted ${id}: ${mb(result.freedBytes)} MB freed`);
      if (result.fallback) io.out(`speech recognition now uses ${result.fallback}`);
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
        io.err(p.totalBytes ? `${id}: ${mb(p.receivedBytes)} / ${mb(p.totalBytes)} MB (${Math.floor((100 * p.receivedBytes) / p.totalBytes)}%)` : `${id}: ${mb(p.receivedBytes)} MB`);
      };
      if (typeof flags.url === 'string') {
        if (whisperModelInfo(id)) throw new UsageError(`${id} is a catalogue model: it downloads only from its catalogue address; give a model from another address a name of its own`);
        const path = await manager.download({ id, url: flags.url }, { onProgress, ...(signal ? { signal } : {}) });
        io.out(`downloaded ${id} to ${path} (checked: a complete whisper model)`);
        io.out(`SHA-256 ${manager.sha256Of(id) ?? '?'}: compare it with the publisher's, then select it with: stratus model use ${path}`);
        return 0;
      }
      const path = await manager.download(id, { onProgress, ...(signal ? { signal } : {}) });
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
      throw new UsageError('model needs list, download ID, use FILE or delete ID');
  }
}
