/**
 * Update images as the simulator sees them. A real TrueNAS update file is a squashfs image whose
 * `manifest.json` names the version it installs; the simulator accepts any bytes and reads the
 * version from a one-line JSON header instead: an image that starts with `{"version":"27.0.1"}`
 * and a newline installs 27.0.1 (`simulatedUpdateImage()` makes one). An image without that line
 * installs the simulator's `upgradeVersion`; an empty image cannot be mounted, as on TrueNAS. Only
 * the first few KiB and the size are kept: an upload of any size costs constant memory.
 */

/** What the simulator keeps of an uploaded image (TrueNAS keeps the file itself). */
export interface UploadedImage {
  /** Bytes received. */
  size: number;
  /** The version its header line names, or null when it has none. */
  version: string | null;
}

/** The header line is looked for in this many first bytes. */
export const IMAGE_HEADER_BYTES = 4096;

/**
 * A simulated update image that installs `version`: the header line, then `padding` filler bytes
 * (to exercise large uploads). Any bytes are accepted; only this line is read.
 */
export function simulatedUpdateImage(version: string, padding = 0): Uint8Array {
  if (typeof version !== 'string' || version === '' || /[\r\n]/.test(version)) {
    throw new TypeError('simulatedUpdateImage: version must be a non-empty string on one line');
  }
  if (!Number.isInteger(padding) || padding < 0) throw new TypeError('simulatedUpdateImage: padding must be a non-negative integer');
  const header = new TextEncoder().encode(`${JSON.stringify({ version })}\n`);
  const image = new Uint8Array(header.length + padding);
  image.set(header);
  image.fill(0x2e, header.length);
  return image;
}

/** The version named by an image's first bytes, or null. */
export function imageVersion(head: Uint8Array): string | null {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, IMAGE_HEADER_BYTES));
  const newline = text.indexOf('\n');
  if (newline < 0) return null;
  try {
    const header = JSON.parse(text.slice(0, newline)) as unknown;
    const version = (header as { version?: unknown } | null)?.version;
    return typeof version === 'string' && version !== '' ? version : null;
  } catch {
    return null;
  }
}

/**
 * Receives an image while it uploads: the transport pushes chunks, then finishes or fails; the
 * upgrade job awaits `received`. Keeps the first `IMAGE_HEADER_BYTES` and counts the rest.
 */
export class ImageReceiver {
  private readonly head: Buffer[] = [];
  private headSize = 0;
  private size = 0;
  private settle!: { resolve(image: UploadedImage): void; reject(error: Error): void };
  /** Resolves when the whole image has arrived; rejects when the upload was cut off or refused. */
  readonly received: Promise<UploadedImage>;

  constructor() {
    this.received = new Promise<UploadedImage>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // The job may end (e.g. on the standby) without ever waiting for its image.
    this.received.catch(() => {});
  }

  push(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.headSize < IMAGE_HEADER_BYTES) {
      const part = chunk.subarray(0, IMAGE_HEADER_BYTES - this.headSize);
      this.head.push(Buffer.from(part));
      this.headSize += part.length;
    }
  }

  finish(): void {
    this.settle.resolve({ size: this.size, version: imageVersion(Buffer.concat(this.head)) });
  }

  fail(reason: string): void {
    this.settle.reject(new Error(reason));
  }
}
