/** Every destination type a transfer task may name, and the one that handles it. */
import type { DestinationType } from "../descriptor";
import type { Destination } from "./destination";
import { obsDestination } from "./obs/obs";

const DESTINATIONS: Partial<Record<DestinationType, Destination>> = {
  OBS: obsDestination,
};

/** Destination types this deployment delivers to. */
export const SUPPORTED_DESTINATIONS = Object.keys(DESTINATIONS) as DestinationType[];

/** The destination of a type, or null when this deployment does not deliver there. */
export function destinationOf(type: DestinationType): Destination | null {
  return DESTINATIONS[type] ?? null;
}
