import { engineEventSchema, engineStateSchema } from '../../core/api/common/contract.js';
import { describeZodError } from '../../core/base/common/zodError.js';
import type { StratusPreloadApi, Unsubscribe } from './preloadApi.js';
import type { CommandReply, EngineCommandInput, Transport, TransportSink } from './transport.js';

/** The Electron preload API as a transport. Main validates what we send; we validate what it sends. */
export class PreloadTransport implements Transport {
  readonly host = 'electron' as const;
  private subs: Unsubscribe[] = [];

  constructor(private readonly api: StratusPreloadApi) {}

  start(sink: TransportSink): void {
    sink.link('connecting');
    this.subs.push(
      this.api.engine.onState((raw) => {
        const parsed = engineStateSchema.safeParse(raw);
        if (parsed.success) sink.state(parsed.data);
        else sink.rejected(describeZodError(parsed.error));
      }),
      this.api.engine.onEvent((raw) => {
        const parsed = engineEventSchema.safeParse(raw);
        if (parsed.success) sink.event(parsed.data);
        else sink.rejected(describeZodError(parsed.error));
      }),
    );
    this.api.engine.hello().then(
      (hello) => {
        const parsed = engineStateSchema.safeParse(hello.state);
        if (!parsed.success) {
          sink.link('disconnected', `engine state did not match the contract: ${describeZodError(parsed.error)}`);
          return;
        }
        sink.state(parsed.data);
        sink.link('connected');
      },
      (err: unknown) => sink.link('disconnected', `engine not available: ${String(err)}`),
    );
  }

  send(command: EngineCommandInput): Promise<CommandReply> {
    return this.api.engine.execute(command);
  }

  getSettings(): Promise<unknown> {
    return this.api.settings.get();
  }

  dispose(): void {
    for (const unsub of this.subs.splice(0)) unsub();
  }
}
