/** Every destination type a transfer task may name, and the one that handles it. */
import type { DestinationType } from "../descriptor";
import type { Destination } from "./destination";
import { cloudtableDestination } from "./cloudtable/cloudtable";
import { dliDestination } from "./dli/dli";
import { dwsDestination } from "./dws/dws";
import { mrsDestination } from "./mrs/mrs";
import { obsDestination } from "./obs/obs";

const DESTINATIONS: Record<DestinationType, Destination> = {
  OBS: obsDestination,
  DWS: dwsDestination,
  MRS: mrsDestination as Destination,
  DLI: dliDestination as Destination,
  CLOUDTABLE: cloudtableDestination as Destination,
};

/** The destination of a type. */
export function destinationOf(type: DestinationType): Destination {
  return DESTINATIONS[type];
}
