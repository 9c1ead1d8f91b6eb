/**
 * Traffic control per partition (API.md "Records and cursors"): token buckets refilled
 * continuously at the stream type's rate, holding up to BURST_SECONDS of it.
 */

export const BURST_SECONDS = 2;
const MIB = 1024 * 1024;

export interface TrafficLimits {
  writeBytesPerSecond: number;
  writeRecordsPerSecond: number;
  readBytesPerSecond: number;
}

export const LIMITS: Record<"COMMON" | "ADVANCED", TrafficLimits> = {
  COMMON: { writeBytesPerSecond: 1 * MIB, writeRecordsPerSecond: 1000, readBytesPerSecond: 2 * MIB },
  ADVANCED: { writeBytesPerSecond: 5 * MIB, writeRecordsPerSecond: 2000, readBytesPerSecond: 10 * MIB },
};

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    now: number,
  ) {
    this.tokens = ratePerSecond * BURST_SECONDS;
    this.updatedAt = now;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.ratePerSecond * BURST_SECONDS, this.tokens + elapsed * this.ratePerSecond);
    this.updatedAt = now;
  }

  /** Takes `amount` if the bucket holds it; false (and nothing taken) otherwise. */
  take(amount: number, now: number): boolean {
    this.refill(now);
    if (amount > this.tokens) return false;
    this.tokens -= amount;
    return true;
  }

  /** Whether anything is left to spend. */
  hasTokens(now: number): boolean {
    this.refill(now);
    return this.tokens > 0;
  }

  /** Spends `amount`, possibly into debt (a read is measured after it is served). */
  spend(amount: number, now: number): void {
    this.refill(now);
    this.tokens -= amount;
  }
}

/** The buckets of one partition. */
export class PartitionTraffic {
  private readonly writeBytes: TokenBucket;
  private readonly writeRecords: TokenBucket;
  private readonly readBytes: TokenBucket;

  constructor(limits: TrafficLimits, now: number) {
    this.writeBytes = new TokenBucket(limits.writeBytesPerSecond, now);
    this.writeRecords = new TokenBucket(limits.writeRecordsPerSecond, now);
    this.readBytes = new TokenBucket(limits.readBytesPerSecond, now);
  }

  /** Admits one record of `bytes` for writing, or refuses it (nothing taken). */
  admitWrite(bytes: number, now: number): boolean {
    if (!this.writeRecords.take(1, now)) return false;
    if (!this.writeBytes.take(bytes, now)) {
      this.writeRecords.spend(-1, now);
      return false;
    }
    return true;
  }

  canRead(now: number): boolean {
    return this.readBytes.hasTokens(now);
  }

  recordRead(bytes: number, now: number): void {
    this.readBytes.spend(bytes, now);
  }
}
