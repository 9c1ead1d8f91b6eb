/** Standard base64 with the runtime's native codec (Uint8Array.fromBase64 / toBase64). */

interface Base64Uint8ArrayConstructor {
  fromBase64(text: string): Uint8Array<ArrayBuffer>;
}
interface Base64Uint8Array {
  toBase64(): string;
}

/** Decodes standard base64 (padding optional); null when the text is not base64. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    return (Uint8Array as unknown as Base64Uint8ArrayConstructor).fromBase64(text);
  } catch {
    return null;
  }
}

export function encodeBase64(bytes: Uint8Array): string {
  return (bytes as unknown as Base64Uint8Array).toBase64();
}
