/**
 * The update image a caller hands to `client.upload()`: bytes, a `Blob`/`File`, a stream of bytes
 * (a web `ReadableStream` or, in Node, any async iterable such as `fs.createReadStream()`), or in
 * Node a file path. It becomes the `file` part of a multipart body without being read into memory
 * (a file path is opened as a file-backed Blob), except a stream in a browser: browsers cannot
 * stream a request body over HTTP/1.1, so it is collected into a Blob first.
 */
import { isNode } from '../../util/env.js';
import { fileBlob } from '../platform/node.js';

/** An update image for `failover.upgrade`: bytes, a Blob or File, a byte stream, or (Node) the path of the file. */
export type UpdateImage = Blob | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | string;

/** The image, ready to be a multipart part: a Blob (size known) or a byte stream. */
export type ImageSource = { kind: 'blob'; blob: Blob; name: string } | { kind: 'stream'; stream: ReadableStream<Uint8Array>; name: string };

const DEFAULT_NAME = 'updatefile.sqsh';

const isReadableStream = (v: unknown): v is ReadableStream<Uint8Array> =>
  typeof ReadableStream !== 'undefined' && v instanceof ReadableStream;

const isAsyncIterable = (v: unknown): v is AsyncIterable<Uint8Array> =>
  typeof v === 'object' && v !== null && typeof (v as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';

/** A web stream over an async iterable of byte chunks (Node streams yield Buffers, which are Uint8Arrays). */
function streamOf(iterable: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = iterable[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else if (next.value instanceof Uint8Array) controller.enqueue(next.value);
      else controller.error(new TypeError('upload: the image stream must yield bytes (Uint8Array or Buffer chunks)'));
    },
    async cancel(reason) {
      await iterator.return?.(reason);
    },
  });
}

/** True for the values `imageSource` accepts (checked before anything is sent). */
export function isUpdateImage(value: unknown): value is UpdateImage {
  if (typeof value === 'string') return value !== '';
  if (typeof Blob !== 'undefined' && value instanceof Blob) return true;
  return value instanceof Uint8Array || value instanceof ArrayBuffer || isReadableStream(value) || isAsyncIterable(value);
}

/** Checks the image's type (a `TypeError` naming `image` otherwise) and prepares it. */
export async function imageSource(image: UpdateImage): Promise<ImageSource> {
  if (typeof image === 'string') {
    if (image === '') throw new TypeError('upload: image must not be an empty path');
    return { kind: 'blob', blob: await fileBlob(image), name: image.split(/[\\/]/).pop() || DEFAULT_NAME };
  }
  if (typeof Blob !== 'undefined' && image instanceof Blob) {
    const named = (image as Blob & { name?: unknown }).name;
    return { kind: 'blob', blob: image, name: typeof named === 'string' && named !== '' ? named : DEFAULT_NAME };
  }
  if (image instanceof Uint8Array || image instanceof ArrayBuffer) {
    return { kind: 'blob', blob: new Blob([image as BlobPart]), name: DEFAULT_NAME };
  }
  const stream = isReadableStream(image) ? image : isAsyncIterable(image) ? streamOf(image) : undefined;
  if (!stream) {
    throw new TypeError(
      'upload: image must be a Blob or File, a Uint8Array or ArrayBuffer, a ReadableStream or async iterable of bytes, or (Node) a file path',
    );
  }
  // Browsers refuse streamed request bodies over HTTP/1.1: collect the stream into a Blob (browsers may keep large ones on disk).
  if (!isNode()) return { kind: 'blob', blob: await new Response(stream).blob(), name: DEFAULT_NAME };
  return { kind: 'stream', stream, name: DEFAULT_NAME };
}
