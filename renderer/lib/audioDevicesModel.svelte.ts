import { audioDevicesSchema, type AudioDevices } from '../../core/api/common/contract.js';
import type { CommandReply, EngineCommandInput } from './transport.js';

/**
 * The audio devices as the engine's audio worker sees them (not the browser: the engine records
 * and plays), for the settings window's pickers. Only talks through `send`.
 */
export class AudioDevicesModel {
  /** null until the engine has answered once. */
  devices = $state.raw<AudioDevices | null>(null);
  loading = $state(false);
  /** The command failed or its answer did not match the contract. */
  error = $state('');

  constructor(private readonly send: (command: EngineCommandInput) => Promise<CommandReply>) {}

  async refresh(): Promise<void> {
    this.loading = true;
    try {
      const reply = await this.send({ type: 'audioDevices' });
      if (!reply.ok) {
        this.error = `Could not list the audio devices: ${reply.error ?? 'no answer'}`;
        return;
      }
      const parsed = audioDevicesSchema.safeParse(reply.result);
      if (!parsed.success) {
        this.error = 'The engine sent a device list that does not match the contract.';
        return;
      }
      this.error = '';
      this.devices = parsed.data;
    } finally {
      this.loading = false;
    }
  }
}
