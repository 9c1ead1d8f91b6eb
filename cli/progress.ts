/** The put command's progress line on stderr: records and bytes sent, the rate, and a percentage when the input's size is known. */

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export interface ProgressState {
  records: number;
  bytes: number;
  /** Input bytes read so far, and in all (when known). */
  inputRead: number;
  inputTotal: number | null;
  elapsedMs: number;
}

/** One line, e.g. `[#########-----------]  45%  4500 records  1.2 MiB  3012 records/s`. */
export function progressLine(s: ProgressState, width = 20): string {
  const rate = s.elapsedMs > 0 ? Math.round((s.records * 1000) / s.elapsedMs) : 0;
  const tail = `${s.records} records  ${formatBytes(s.bytes)}  ${rate} records/s`;
  if (s.inputTotal === null || s.inputTotal === 0) return tail;
  const fraction = Math.min(1, s.inputRead / s.inputTotal);
  const filled = Math.round(fraction * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%  ${tail}`;
}

export class ProgressBar {
  private lastDraw = 0;
  private readonly started = Date.now();

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly enabled: boolean,
  ) {}

  /** Redraws at most ten times a second unless `force`. */
  update(state: Omit<ProgressState, "elapsedMs">, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.out.write(`\r\x1b[2K${progressLine({ ...state, elapsedMs: now - this.started })}`);
  }

  finish(state: Omit<ProgressState, "elapsedMs">): void {
    if (!this.enabled) return;
    this.update(state, true);
    this.out.write("\n");
  }
}
