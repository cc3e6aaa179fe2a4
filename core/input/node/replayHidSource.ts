/**
 * A HidSource that plays a recorded report stream (core/input/common/hidRecording.ts): the device
 * in the header is the only one listed, and opening it plays its reports from the start, at their
 * recorded times divided by `speed`. For tests and for reproducing a pilot's bug report.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseRecording, type RecordedReport, type RecordingHeader } from '../common/hidRecording.js';
import type { HidDevice, HidDeviceInfo, HidSource } from '../common/hidSource.js';

export class ReplayHidSource implements HidSource {
  readonly name: string;
  private readonly header: RecordingHeader;
  private readonly reports: RecordedReport[];

  constructor(
    recording: { header: RecordingHeader; reports: RecordedReport[] },
    private readonly opts: { speed?: number; label?: string } = {},
  ) {
    this.header = recording.header;
    this.reports = recording.reports;
    this.name = `replay of ${opts.label ?? 'a recording'}`;
  }

  static fromFile(file: string, speed = 1): ReplayHidSource {
    return new ReplayHidSource(parseRecording(readFileSync(file, 'utf8')), { speed, label: basename(file) });
  }

  /** When the last report plays (ms after opening, at this speed). */
  get durationMs(): number {
    return (this.reports.at(-1)?.t ?? 0) / (this.opts.speed ?? 1);
  }

  list(): Promise<HidDeviceInfo[]> {
    return Promise.resolve([this.header.device]);
  }

  open(path: string): Promise<HidDevice> {
    if (path !== this.header.device.path) return Promise.reject(new Error(`no HID device at ${path} in this recording`));
    return Promise.resolve(new ReplayDevice(this.header, this.reports.filter((r) => r.path === path), this.opts.speed ?? 1));
  }
}

class ReplayDevice implements HidDevice {
  readonly info: HidDeviceInfo;
  readonly descriptor: Uint8Array | null;
  private readonly listeners = new Set<(r: Uint8Array) => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private next = 0;
  private startedAt = 0;

  constructor(
    header: RecordingHeader,
    private readonly reports: RecordedReport[],
    private readonly speed: number,
  ) {
    this.info = header.device;
    this.descriptor = header.descriptor;
  }

  onReport(listener: (report: Uint8Array) => void): () => void {
    this.listeners.add(listener);
    if (this.timer === null && this.next === 0) {
      this.startedAt = performance.now();
      this.schedule();
    }
    return () => this.listeners.delete(listener);
  }

  onError(): () => void {
    return () => {};
  }

  private schedule(): void {
    const r = this.reports[this.next];
    if (!r) {
      this.timer = null;
      return;
    }
    const due = this.startedAt + r.t / this.speed - performance.now();
    this.timer = setTimeout(() => {
      this.next += 1;
      for (const l of this.listeners) l(r.report);
      this.schedule();
    }, Math.max(0, due));
  }

  close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.next = this.reports.length;
    this.listeners.clear();
    return Promise.resolve();
  }
}
