/** What commands print: a table for people, or the service's JSON (`--output json`) for scripts. */

export type Column<T> = [header: string, value: (row: T) => unknown];

export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map(([, value]) => text(value(row))));
  const widths = columns.map(([header], i) => Math.max(header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(columns.map(([h]) => h.toUpperCase())), ...cells.map(line)].join("\n");
}

/** Field-per-line view of one object. */
export function fields(record: Record<string, unknown>): string {
  const width = Math.max(...Object.keys(record).map((k) => k.length));
  return Object.entries(record)
    .map(([k, v]) => `${k.padEnd(width)}  ${text(v)}`)
    .join("\n");
}

function text(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export interface Printer {
  json: boolean;
  /** Prints the service's answer as JSON, or the human form. */
  result(answer: unknown, human: () => string): void;
  /** A line for people only (nothing in JSON mode, where the answer says it). */
  note(message: string): void;
}

export function printer(json: boolean, out: NodeJS.WritableStream = process.stdout): Printer {
  return {
    json,
    result(answer, human) {
      out.write(`${json ? JSON.stringify(answer ?? {}, null, 2) : human()}\n`);
    },
    note(message) {
      if (!json) out.write(`${message}\n`);
    },
  };
}
