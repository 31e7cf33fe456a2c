/** Streams a `file` part into the image an upgrade job waits for; both upload routes use it. */
import type { ImageReceiver } from './image.js';
import { MultipartError, type Part, PartTooLargeError } from './multipart.js';

/** How the file arrived: whole, over the upload limit, or cut off / malformed. */
export type Received = 'whole' | 'too-large' | 'broken';

export async function receiveImage(part: Part, image: ImageReceiver, limit: number): Promise<Received> {
  try {
    await part.pipe((chunk) => image.push(chunk), limit);
    image.finish();
    return 'whole';
  } catch (error) {
    image.fail(error instanceof Error ? error.message : String(error));
    if (error instanceof PartTooLargeError) return 'too-large';
    if (error instanceof MultipartError) return 'broken';
    throw error;
  }
}
