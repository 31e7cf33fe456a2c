/**
 * The body of `POST /_upload`: `multipart/form-data` with the `data` part (the call as JSON) first
 * and the `file` part (the image) second, as TrueNAS's file application requires. A Blob image
 * gives a Blob body (the size is known and nothing is copied); a stream image a stream body.
 */
import type { ImageSource } from './image.js';

export interface MultipartBody {
  contentType: string;
  body: Blob | ReadableStream<Uint8Array>;
}

function randomBoundary(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `----truenas-failover-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Quotes a file name for `Content-Disposition` (no quotes, backslashes or line breaks inside). */
const quoted = (name: string) => `"${name.replace(/["\\\r\n]/g, '_')}"`;

/** `data` = JSON text of the call; `image` the file. */
export function multipartBody(data: string, image: ImageSource, partName: 'data' = 'data'): MultipartBody {
  const boundary = randomBoundary();
  const encoder = new TextEncoder();
  const head = encoder.encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="${partName}"\r\nContent-Type: application/json\r\n\r\n${data}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename=${quoted(image.name)}\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  const contentType = `multipart/form-data; boundary=${boundary}`;
  if (image.kind === 'blob') return { contentType, body: new Blob([head, image.blob, tail]) };
  const reader = image.stream.getReader();
  let stage: 'head' | 'file' | 'tail' | 'done' = 'head';
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (stage === 'head') {
        stage = 'file';
        controller.enqueue(head);
        return;
      }
      if (stage === 'file') {
        const next = await reader.read();
        if (!next.done) {
          controller.enqueue(next.value);
          return;
        }
        stage = 'tail';
      }
      if (stage === 'tail') {
        stage = 'done';
        controller.enqueue(tail);
        return;
      }
      controller.close();
    },
    async cancel(reason) {
      await reader.cancel(reason);
    },
  });
  return { contentType, body };
}
