import { createWriteStream } from 'node:fs';
import { parseArgs, UsageError, intFlag, type CliIo } from '../cliArgs.js';
import { buttonStates, bitAt } from '../../../input/common/hidButtons.js';
import { parseReportDescriptor, type HidLayout } from '../../../input/common/hidDescriptor.js';
import { headerLine, reportLine } from '../../../input/common/hidRecording.js';
import { deviceName, isGameController, type HidDevice, type HidDeviceInfo, type HidSource } from '../../../input/common/hidSource.js';
import { NodeHidSource } from '../../../input/node/nodeHidSource.js';
import { ReplayHidSource } from '../../../input/node/replayHidSource.js';

/** `hid record` stops after this long unless told otherwise. */
const DEFAULT_RECORD_SECONDS = 20;
/** A recording longer than this is not needed for a bug report (a 250 Hz stick: ~150k lines). */
const MAX_RECORD_SECONDS = 600;
/** `hid watch` on a live device runs until Ctrl+C unless --seconds is given; at most this long. */
const MAX_WATCH_SECONDS = 3600;

const USAGE = `Usage: stratus hid list | hid record --device N --out FILE [--seconds N] | hid watch [--device N] [--seconds N]
       (each also takes --replay FILE: use a recording instead of the connected devices)

Joysticks and HOTAS read natively (node-hid), as the desktop app does for push-to-talk.
  list     the HID devices, numbered; game controllers are marked *
  record   write device N's report descriptor and input reports to FILE (NDJSON), for a bug
           report about a stick whose button cannot be bound; stops after --seconds (default ${DEFAULT_RECORD_SECONDS})
  watch    print each button of device N (default: the first game controller) as it goes
           down and up; without a report descriptor, each report bit that changes
Options:
  --device N      the device number from hid list
  --replay FILE   play a recording made with hid record instead of reading devices
  --seconds N     how long to record or watch`;

/** `stratus hid ...`: list, record and watch joystick/HOTAS devices. */
export async function runHidCli(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || sub === undefined || rest.includes('--help') || rest.includes('-h')) {
    io.out(USAGE);
    return sub === undefined ? 2 : 0;
  }
  const { flags, positional } = parseArgs(rest, { device: { value: true }, out: { value: true }, seconds: { value: true }, replay: { value: true } });
  if (positional.length) throw new UsageError(`hid ${sub} takes no arguments (got "${positional[0]}")`);
  const replay = typeof flags.replay === 'string' ? flags.replay : null;
  let source: HidSource;
  try {
    source = replay ? ReplayHidSource.fromFile(replay) : await NodeHidSource.load();
  } catch (e) {
    io.err(`error: ${(e as Error).message}${replay ? '' : '\nOn Linux node-hid needs libudev1 and libusb-1.0-0 (apt install libusb-1.0-0).'}`);
    return 1;
  }
  const devices = await source.list();
  switch (sub) {
    case 'list': {
      if (devices.length === 0) io.out(`no HID devices found (${source.name})`);
      devices.forEach((d, i) => io.out(`${isGameController(d) ? '*' : ' '} ${i + 1}  ${deviceName(d)}  usage ${d.usagePage.toString(16)}:${d.usage.toString(16)}  ${d.path}`));
      return 0;
    }
    case 'record': {
      if (typeof flags.out !== 'string') throw new UsageError('hid record needs --out FILE');
      const device = await openDevice(source, devices, flags, true);
      const seconds = intFlag(flags, 'seconds', 1, MAX_RECORD_SECONDS) ?? DEFAULT_RECORD_SECONDS;
      const out = createWriteStream(flags.out);
      out.write(`${headerLine({ device: device.info, descriptor: device.descriptor, note: `stratus hid record, ${source.name}` })}\n`);
      const started = performance.now();
      let n = 0;
      const off = device.onReport((report) => {
        n += 1;
        out.write(`${reportLine({ t: performance.now() - started, path: device.info.path, report })}\n`);
      });
      io.err(`recording ${deviceName(device.info)} for ${seconds} s: press the button you want to bind, then move the stick…`);
      await waitFor(seconds, replay ? (source as ReplayHidSource).durationMs : null);
      off();
      await device.close();
      await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
      io.out(`${n} reports written to ${flags.out}`);
      return 0;
    }
    case 'watch': {
      const device = await openDevice(source, devices, flags, false);
      const layout = device.descriptor ? parseReportDescriptor(device.descriptor) : null;
      const useDescriptor = layout !== null && (layout.buttons.length > 0 || layout.arrays.length > 0);
      io.out(`watching ${deviceName(device.info)}: ${useDescriptor ? `${layout.buttons.length + layout.arrays.length} button fields from its report descriptor` : 'no report descriptor, every report bit that changes'}`);
      const off = device.onReport(useDescriptor ? buttonPrinter(layout, io) : bitPrinter(io));
      const seconds = intFlag(flags, 'seconds', 1, MAX_WATCH_SECONDS) ?? (replay ? null : MAX_WATCH_SECONDS);
      await waitFor(seconds, replay ? (source as ReplayHidSource).durationMs : null);
      off();
      await device.close();
      return 0;
    }
    default:
      throw new UsageError(`hid needs list, record or watch (got "${sub}")\n${USAGE}`);
  }
}

async function openDevice(source: HidSource, devices: HidDeviceInfo[], flags: Record<string, string | true>, required: boolean): Promise<HidDevice> {
  const n = intFlag(flags, 'device', 1, Math.max(1, devices.length));
  if (n === undefined && required) throw new UsageError('hid record needs --device N (see stratus hid list)');
  const info = n !== undefined ? devices[n - 1] : devices.find(isGameController);
  if (!info) throw new UsageError(n !== undefined ? `no device ${n} (see stratus hid list)` : 'no joystick or gamepad found (see stratus hid list)');
  return source.open(info.path);
}

/** Until `seconds` pass, or a replay has played out (whichever comes first). */
function waitFor(seconds: number | null, replayMs: number | null): Promise<void> {
  const ms = Math.min(seconds === null ? Infinity : seconds * 1000, replayMs === null ? Infinity : replayMs + 50);
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      process.off('SIGINT', done);
      resolve();
    }
    process.once('SIGINT', done);
  });
}

function buttonPrinter(layout: HidLayout, io: CliIo): (r: Uint8Array) => void {
  const last = new Map<number, boolean>();
  return (r) => {
    for (const [button, on] of buttonStates(layout, r)) {
      if ((last.get(button) ?? false) !== on) io.out(`button ${button} ${on ? 'down' : 'up'}`);
      last.set(button, on);
    }
  };
}

function bitPrinter(io: CliIo): (r: Uint8Array) => void {
  const last = new Map<number, Uint8Array>();
  return (r) => {
    const prev = last.get(r.length);
    last.set(r.length, r.slice());
    if (!prev) return;
    for (let bit = 0; bit < r.length * 8; bit++) if (bitAt(r, bit) !== bitAt(prev, bit)) io.out(`report of ${r.length} bytes: bit ${bit} ${bitAt(r, bit) ? '1' : '0'}`);
  };
}
