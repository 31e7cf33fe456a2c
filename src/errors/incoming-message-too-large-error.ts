import { type ConnectionClosedDetails, ConnectionClosedError } from './connection-closed-error.js';

/**
 * The server sent a message larger than `maxIncomingMessage`: the client closed the connection
 * (WebSocket close code 1009) instead of holding it in memory. Reads on that connection fail with
 * this error rather than being sent again (the same answer would come back); writes in flight fail
 * with `OutcomeUnknownError` caused by it. The client reconnects for later calls.
 */
export class IncomingMessageTooLargeError extends ConnectionClosedError {
  static override readonly kind: string = 'IncomingMessageTooLargeError';
  /** The limit in bytes (`maxIncomingMessage`). */
  readonly limit: number | undefined;

  constructor(message: string, details: ConnectionClosedDetails & { limit?: number }) {
    super(message, { closeCode: 1009, ...details });
    this.limit = details.limit;
  }
}
