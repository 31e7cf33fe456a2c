/** An update image given as a file path, in Node: a file-backed Blob, read in chunks while it is sent, never whole. */
import { importNodeModule } from '../../util/env.js';

interface NodeFs {
  openAsBlob(path: string): Promise<Blob>;
  promises: { stat(path: string): Promise<{ isFile(): boolean }> };
}

export async function fileBlob(path: string): Promise<Blob> {
  const fs = await importNodeModule<NodeFs>('node:fs');
  let regular: boolean;
  try {
    regular = (await fs.promises.stat(path)).isFile();
  } catch (error) {
    throw new TypeError(`upload: cannot read the image file ${path}: ${(error as Error).message}`);
  }
  if (!regular) throw new TypeError(`upload: the image ${path} is not a regular file`);
  return fs.openAsBlob(path);
}
