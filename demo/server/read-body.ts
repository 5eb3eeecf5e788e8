import type { IncomingMessage } from 'node:http';
import { HttpError, createValidationError } from './http-error.js';

/** Largest request body accepted (1 MiB): a tracker batch is far smaller. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads the whole request body as UTF-8 text.
 * @throws HttpError 413 when it is larger than `limitBytes`, 400 when the client aborts it.
 */
export function readBody(req: IncomingMessage, limitBytes = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (error: Error) => {
      if (done) return;
      done = true;
      reject(error);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limitBytes) {
        fail(new HttpError(413, `request body is larger than ${limitBytes} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (error) => fail(new HttpError(400, `request body could not be read: ${error.message}`)));
    req.on('close', () => fail(new HttpError(400, 'request body was cut off')));
  });
}

/**
 * Parses an API request body as JSON.
 * @throws HttpError 422 `json_invalid` (as Signals answers a body that is not JSON).
 */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw createValidationError([{ loc: ['body'], msg: `JSON decode error: ${(error as Error).message}`, type: 'json_invalid' }]);
  }
}
