/** A numeric setting from a `wrangler.toml` variable, or `fallback` when it is missing or not a number ≥ `min`. */
export function envNumber(text: string | undefined, fallback: number, min = 0): number {
  const value = Number(text);
  return text !== undefined && text !== "" && Number.isFinite(value) && value >= min ? value : fallback;
}
