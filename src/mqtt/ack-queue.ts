/**
 * Answers to a connection's publishes, released in the order the publishes arrived (MQTT 5
 * §4.6: PUBACKs in the order of the PUBLISH packets), however their puts finish.
 */

export interface AckSlot<T> {
  settled: boolean;
  value?: T;
}

export class AckQueue<T> {
  private readonly slots: AckSlot<T>[] = [];

  /** Slots not yet released (publishes taken and not yet answered). */
  get size(): number {
    return this.slots.length;
  }

  /** A place in line for the next publish. */
  take(): AckSlot<T> {
    const slot: AckSlot<T> = { settled: false };
    this.slots.push(slot);
    return slot;
  }

  /** Settles a slot; returns the answers now free to go, oldest first. */
  settle(slot: AckSlot<T>, value: T): T[] {
    slot.settled = true;
    slot.value = value;
    const ready: T[] = [];
    while (this.slots.length > 0 && this.slots[0]!.settled) ready.push(this.slots.shift()!.value as T);
    return ready;
  }
}
