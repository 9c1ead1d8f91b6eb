/** Schemas for query parameters, which always arrive as text. */
import { z } from "zod";

/** An integer parameter within [min, max], or `fallback` when absent. */
export function intParam(min: number, max: number, fallback: number) {
  return z
    .string()
    .regex(/^\d+$/, "must be an integer")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional()
    .transform((v) => v ?? fallback);
}
