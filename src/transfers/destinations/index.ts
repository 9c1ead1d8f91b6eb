/** Every destination type a transfer task may name, and the one that handles it. */
import type { DestinationType } from "../descriptor";
import type { Destination } from "./destination";
import { parseCloudtableDescriptor } from "./cloudtable/descriptor";
import { dwsDestination } from "./dws/dws";
import { obsDestination } from "./obs/obs";

const DESTINATIONS: Partial<Record<DestinationType, Destination>> = {
  OBS: obsDestination,
  DWS: dwsDestination,
};

/** Destination types this deployment delivers to. */
export const SUPPORTED_DESTINATIONS = Object.keys(DESTINATIONS) as DestinationType[];

/** The destination of a type, or null when this deployment does not deliver there. */
export function destinationOf(type: DestinationType): Destination | null {
  return DESTINATIONS[type] ?? null;
}

/**
 * Types this deployment does not deliver to but whose descriptors it checks in full, so a client
 * learns of every mistake first; each answers why its task is refused.
 */
const CHECKED_ONLY: Partial<Record<DestinationType, (raw: unknown) => string>> = {
  CLOUDTABLE: (raw) =>
    "cloudtable_schema" in parseCloudtableDescriptor(raw)
      ? "CloudTable HBase tasks cannot be delivered by this deployment (no HBase-compatible server to deliver to)."
      : "CloudTable OpenTSDB tasks are not delivered by this deployment.",
};

/** Why a task of a type this deployment does not deliver to is refused, once its descriptor was checked (a DIS error when it is wrong). */
export function refusalOf(type: DestinationType, raw: unknown): string {
  return CHECKED_ONLY[type]?.(raw) ?? `destination_type: ${type} is not supported by this deployment.`;
}
