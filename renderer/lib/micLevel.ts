/** The level test samples the analyser this often: smooth enough to watch, cheap. */
const LEVEL_POLL_MS = 50;

/** A live microphone level (0-1 RMS) from getUserMedia, for the settings window's level test. */
export class MicLevel {
  private stream: MediaStream | null = null;
  private ctx: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly onLevel: (level: number) => void) {}

  async start(): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia) throw new Error('this window has no microphone access');
    this.stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    this.ctx = new AudioContext();
    const analyser = this.ctx.createAnalyser();
    analyser.fftSize = 1024;
    this.ctx.createMediaStreamSource(this.stream).connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    this.timer = setInterval(() => {
      analyser.getFloatTimeDomainData(buf);
      let sum = 0;
      for (const v of buf) sum += v * v;
      // RMS scaled so normal speech sits mid-meter.
      this.onLevel(Math.min(1, Math.sqrt(sum / buf.length) * 4));
    }, LEVEL_POLL_MS);
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const t of this.stream?.getTracks() ?? []) t.stop();
    this.stream = null;
    void this.ctx?.close();
    this.ctx = null;
  }
}
