/**
 * The driver sets an entry hands `clientFactory`: WebSocket alone (TrueNAS 26 and later serve no
 * REST), or WebSocket and REST with the job polling REST needs (25.x). Each entry names the set its
 * versions speak; a bundler keeps the classes of that set only.
 */
import type { Drivers } from '../client/select-transport.js';
import { PollJobFeed } from '../jobs/job-feeds.js';
import { RestDriver } from '../transport/rest/rest-driver.js';
import { WebSocketDriver } from '../transport/websocket/websocket-driver.js';

export const WEBSOCKET_ONLY: Drivers = { websocket: WebSocketDriver };
export const WEBSOCKET_AND_REST: Drivers = { websocket: WebSocketDriver, rest: { driver: RestDriver, jobs: PollJobFeed } };
