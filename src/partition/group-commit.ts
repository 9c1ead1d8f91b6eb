/**
 * Group commit: appends that arrive while the previous write is being made durable wait, and are
 * written together, in arrival order, as soon as it is. An append that finds nothing in flight is
 * written at once, in the same turn (no fixed delay). Each append is answered only once the write
 * holding it is durable; a write that fails, or does not become durable, fails every append in it.
 *
 * Pure of storage: the partition log supplies `write` (synchronous, all or nothing) and `durable`
 * (resolves when what was written is durable).
 */

interface Waiting<I, R> {
  item: I;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export class GroupCommit<I, R> {
  private waiting: Waiting<I, R>[] = [];
  private writing = false;

  constructor(
    /** Writes a group of items at once, in order; returns each item's result. Throws to fail them all. */
    private readonly write: (items: I[]) => R[],
    /** Resolves once everything written so far is durable. */
    private readonly durable: () => Promise<void>,
  ) {}

  /** How many appends wait for the write in flight. */
  get backlog(): number {
    return this.waiting.length;
  }

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting;
        this.waiting = [];
        let results: R[];
        try {
          results = this.write(group.map((w) => w.item));
          await this.durable();
        } catch (error) {
          for (const w of group) w.reject(error);
          continue;
        }
        group.forEach((w, i) => w.resolve(results[i]!));
      }
    } finally {
      this.writing = false;
    }
  }
}
