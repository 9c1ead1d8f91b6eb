/** The reference's limits for tag operations (§5.7), written once. */
import { z } from "zod";
import { tag, TAG_KEY } from "../streams/validation";

export const MAX_FILTER_KEYS = 10;
export const MAX_FILTER_VALUES = 10;

export const addTagBody = z.object({ tag });

export const batchTagsBody = z.object({
  action: z.string(),
  tags: z.array(z.object({ key: z.string().min(1), value: z.string().nullish() })).min(1),
});

const condition = z.object({
  key: z.string().regex(TAG_KEY, "must be 1-36 letters, digits, '_', '-' or CJK characters"),
  values: z
    .array(z.string().max(43))
    .max(MAX_FILTER_VALUES)
    .refine((v) => new Set(v).size === v.length, "values must not repeat")
    .default([]),
});

const conditions = z
  .array(condition)
  .max(MAX_FILTER_KEYS)
  .refine((c) => new Set(c.map((x) => x.key)).size === c.length, "keys must not repeat")
  .optional();

/** Counts given as strings (the reference's type), numbers accepted too. */
const countText = (min: number, max: number) =>
  z
    .union([z.string().regex(/^\d+$/, "must be a non-negative integer").transform(Number), z.number().int()])
    .pipe(z.number().int().min(min).max(max));

export const filterBody = z.object({
  action: z.string(),
  limit: countText(1, 1000).optional(),
  offset: countText(0, Number.MAX_SAFE_INTEGER).optional(),
  tags: conditions,
  tags_any: conditions,
  not_tags: conditions,
  not_tags_any: conditions,
  matches: z
    .array(z.object({ key: z.literal("resource_name"), value: z.string() }))
    .max(1)
    .optional(),
});

export { tag };
