import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  clientMessageSchema,
  contractVersion,
  engineStateSchema,
  serverMessageSchema,
  type ClientMessage,
  type EngineCommand,
  type EngineEvent,
  type EngineState,
  type ServerMessage,
} from '../../../core/api/common/contract.js';
import { defaultConfig, type Config } from '../../../core/config/common/configSchema.js';

/** A scripted answer to one command type: its result, or a thrown error for a failed reply. */
type Answer = (command: EngineCommand) => unknown;

const rendererDir = join(import.meta.dirname, '..', '..', '..', 'out', 'renderer');
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/**
 * A test peer for the overlay: serves the built renderer and speaks the engine contract over
 * WebSocket, sending exactly the states and events a test scripts (each validated against the
 * contract before it goes out). Used for overlay states the engine cannot be driven into on a
 * build machine (speaking without an audio device, a missing speech model).
 */
export class ContractPeer {
  readonly token = randomBytes(12).toString('hex');
  readonly commands: ClientMessage[] = [];
  private readonly clients = new Set<WebSocket>();
  private server!: Server;
  private wss!: WebSocketServer;
  state: EngineState;
  /** What GET /api/settings returns (the settings window loads it before anything else). */
  settings: Config = defaultConfig();
  private readonly answers = new Map<EngineCommand['type'], Answer>();

  private constructor(initial: EngineState) {
    this.state = engineStateSchema.parse(initial);
  }

  static async start(initial: EngineState): Promise<ContractPeer> {
    const peer = new ContractPeer(initial);
    await peer.listen();
    return peer;
  }

  private async listen(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/api/settings' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.settings));
        return;
      }
      const file = join(rendererDir, normalize(path === '/' ? '/index.html' : path));
      if (!file.startsWith(rendererDir) || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      createReadStream(file).pipe(res);
    });
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== '/ws' || url.searchParams.get('token') !== this.token) return socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  private accept(ws: WebSocket): void {
    this.clients.add(ws);
    ws.on('close', () => this.clients.delete(ws));
    ws.on('message', (data: Buffer) => {
      const parsed = clientMessageSchema.safeParse(JSON.parse(data.toString()));
      if (!parsed.success) return;
      this.commands.push(parsed.data);
      const { id, command } = parsed.data;
      const answer = this.answers.get(command.type);
      if (!answer) return this.send(ws, { kind: 'reply', id, ok: true, result: this.state });
      void Promise.resolve()
        .then(() => answer(command))
        .then(
          (result) => this.send(ws, { kind: 'reply', id, ok: true, result }),
          (e: unknown) => this.send(ws, { kind: 'reply', id, ok: false, error: (e as Error).message }),
        );
    });
    this.send(ws, { kind: 'hello', contractVersion, state: this.state });
  }

  private send(ws: WebSocket, msg: ServerMessage): void {
    ws.send(JSON.stringify(serverMessageSchema.parse(msg)));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/?token=${this.token}`;
  }

  /** The settings window of this peer. */
  get settingsUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/settings.html?token=${this.token}`;
  }

  /** Answers every later `type` command with what `answer` returns (or its error); others get the state. */
  answer(type: EngineCommand['type'], answer: Answer): void {
    this.answers.set(type, answer);
  }

  setState(patch: (s: EngineState) => EngineState): void {
    this.state = engineStateSchema.parse(patch(structuredClone(this.state)));
    for (const ws of this.clients) this.send(ws, { kind: 'state', state: this.state });
  }

  /** Sends a frame as-is (for checking that the overlay drops what does not match the contract). */
  sendRaw(frame: string): void {
    for (const ws of this.clients) ws.send(frame);
  }

  emit(event: EngineEvent): void {
    for (const ws of this.clients) this.send(ws, { kind: 'event', event });
  }

  async dispose(): Promise<void> {
    for (const ws of this.clients) ws.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A plausible cruise state: the demo C172-like aircraft at 5,500 ft, autopilot on. */
export function cruiseState(): EngineState {
  const ready = { state: 'ready' as const, detail: 'ready' };
  return engineStateSchema.parse({
    contractVersion,
    version: '0.1.0',
    sim: { kind: 'xplane', phase: 'connected', detail: 'X-Plane 12', aircraft: 'Cessna 172 SP', packets: { received: 1200, dropped: 0 } },
    telemetry: {
      simTimeS: 420, altitudeFt: 5500, altitudeAglFt: 5100, iasKt: 110, groundSpeedKt: 121, headingDegMag: 272, verticalSpeedFpm: 0,
      latDeg: 47.45, lonDeg: -122.3, flapsIndex: 0, flapsRatio: 0, gearDown: true, onGround: false, fuelKg: 120,
      apMaster: true, apHeadingDegMag: 270, apAltitudeFt: 5500, apSpeedKt: 110, apVerticalSpeedFpm: 0, apModes: ['HDG', 'ALT'],
      com1ActiveKhz: 118300, com1StandbyKhz: 121900, xpdrCode: 1200,
    },
    ptt: { mode: 'hold', pressed: false },
    stage: 'idle',
    levelDb: -100,
    engines: { audio: ready, vad: { state: 'ready', detail: 'Silero' }, stt: { state: 'ready', detail: 'whisper base.en' }, tts: { state: 'ready', detail: 'espeak-ng' }, llm: ready },
    warnings: [],
    ui: { showTextInput: true, calloutsMuted: false },
  });
}
