/**
 * What `npm start` leaves out of the output of wrangler's local platform, which it starts once to
 * seed the development identities: lines that read as failures to a newcomer but are not (local
 * Durable Objects bound in the same worker, the `Request.cf` lookup that fails offline).
 * Everything else, real errors included, is shown as printed.
 */

/** A block begun by its first line and ended by its last (both dropped with everything between). */
const NOISY_BLOCKS: [RegExp, RegExp][] = [[/You have defined bindings to the following internal Durable Objects/, /supported-bindings/]];

const NOISY_LINES: RegExp[] = [
  /A DurableObjectNamespace in the config referenced the class ".*", but no such Durable Object class is exported/,
  /Unable to fetch the `Request\.cf` object/,
  /getaddrinfo (ENOTFOUND|EAI_AGAIN) workers\.cloudflare\.com/,
  // Said again when the service itself starts.
  /Using secrets defined in \.dev\.vars/,
];

// ANSI colour codes, which wrangler adds on a terminal.
const COLOUR = new RegExp(String.fromCharCode(27) + "\\[[0-9;]*m", "g");

/** Filters lines one at a time, remembering blocks and the stack traces that follow a dropped line. */
export class OutputFilter {
  private blockEnd: RegExp | null = null;
  private droppingTrace = false;

  /** Whether a line is worth showing. */
  keep(raw: string): boolean {
    const line = raw.replace(COLOUR, "");
    if (this.blockEnd) {
      if (this.blockEnd.test(line)) this.blockEnd = null;
      return false;
    }
    if (this.droppingTrace && /^\s+at |^\s*\}?\s*$|^\s+\w+: /.test(line)) return false;
    this.droppingTrace = false;
    for (const [start, end] of NOISY_BLOCKS) {
      if (start.test(line)) {
        this.blockEnd = end;
        return false;
      }
    }
    if (NOISY_LINES.some((pattern) => pattern.test(line))) {
      this.droppingTrace = true;
      return false;
    }
    return true;
  }

  /** The lines of a chunk of output worth showing, joined again. */
  filter(text: string): string {
    return text
      .split("\n")
      .filter((line) => this.keep(line))
      .join("\n");
  }
}
