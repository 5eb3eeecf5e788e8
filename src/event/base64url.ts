const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/**
 * Decodes base64url (`-`/`_`, padding optional; standard `+`/`/` also accepted) into UTF-8 text, as
 * the tracker encodes `cx`/`ue_px`. Returns null when the input is not base64 or not valid UTF-8.
 */
export function decodeBase64Url(encoded: string): string | null {
  let b64 = encoded.replaceAll('-', '+').replaceAll('_', '/');
  const rest = b64.length % 4;
  if (rest === 1) return null;
  if (rest !== 0) b64 += rest === 2 ? '==' : '=';
  let binary: string;
  try {
    binary = atob(b64);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    return null;
  }
}

/** Encodes text as base64url of its UTF-8 bytes without padding (the tracker's `cx`/`ue_px` encoding). */
export function encodeBase64Url(text: string): string {
  const bytes = utf8Encoder.encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  let b64 = btoa(binary);
  while (b64.endsWith('=')) b64 = b64.slice(0, -1);
  return b64.replaceAll('+', '-').replaceAll('/', '_');
}
