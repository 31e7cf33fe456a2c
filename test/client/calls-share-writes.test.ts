/**
 * Calls made in one turn of the event loop leave in few socket writes: a call alone on the
 * connection at once, the ones made while others are in flight together, at most 8 messages in one
 * write (so that the server starts on the first ones while the client prepares the rest), none held
 * past the turn. Counted at the client's TCP socket, against the simulator over a real socket.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { clientOf, simulator } from './helpers.js';

type WriteFn = (this: net.Socket, ...args: unknown[]) => unknown;
const proto = net.Socket.prototype as unknown as { _write: WriteFn; _writev: WriteFn };
const original = { _write: proto._write, _writev: proto._writev };

/** Counts the writes of sockets connected to `port` (the client's side only). */
function countWrites(port: number): { writes: number; chunks: number } {
  const counted = { writes: 0, chunks: 0 };
  proto._write = function (...args) {
    if (this.remotePort === port) {
      counted.writes++;
      counted.chunks++;
    }
    return original._write.apply(this, args);
  };
  proto._writev = function (...args) {
    if (this.remotePort === port) {
      counted.writes++;
      counted.chunks += (args[0] as unknown[]).length;
    }
    return original._writev.apply(this, args);
  };
  return counted;
}

afterEach(() => {
  proto._write = original._write;
  proto._writev = original._writev;
});

describe('calls made together', () => {
  it('20 calls in one turn leave in 4 writes (the first alone, then 8, 8 and 3); one call alone in one write', async () => {
    const sim = await simulator();
    const client = clientOf(sim, { keepAlive: false });
    try {
      await client.connect();
      const counted = countWrites(Number(new URL(sim.vip.ws).port));
      const results = await Promise.all(Array.from({ length: 20 }, () => client.failover.config()));
      expect(results).toHaveLength(20);
      expect(counted.writes).toBe(4);
      expect(counted.chunks).toBeGreaterThanOrEqual(20);

      counted.writes = 0;
      await client.failover.config();
      expect(counted.writes).toBe(1);
    } finally {
      await client.close();
      await sim.stop();
    }
  });
});
