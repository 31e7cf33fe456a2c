/** Who may subscribe to an event and who receives it, shared by both WebSocket protocols. */
import { Accounts } from '../auth/accounts.js';
import type { PairApiEvent } from '../pair/pair.js';
import { eventOf } from '../versions.js';
import type { Session } from './session.js';

/** TrueNAS's `can_subscribe`: a logged-in credential whose roles grant the event (unknown names: admins only). */
export function canSubscribe(session: Session, name: string): boolean {
  const credential = session.credential;
  if (!credential) return false;
  const description = eventOf(session.endpoint, name.split(':')[0]!);
  return description ? Accounts.authorized(credential, description.roles) : credential.user.roles.includes('FULL_ADMIN');
}

/** Job events go only to logged-in connections that may read the job. */
export function mayReceive(session: Session, event: PairApiEvent): boolean {
  if (!event.job) return true;
  const credential = session.credential;
  if (!credential) return false;
  const roles = credential.user.roles;
  if (roles.includes('FULL_ADMIN') || roles.includes('READONLY_ADMIN')) return true;
  return event.job.spec.credentials?.data.username === credential.user.username;
}

/** Whether any of the subscribed names matches the event (`*` matches every plain event). */
export function subscribedTo(names: Iterable<string>, event: string): boolean {
  for (const name of names) if (name === event || name === '*') return true;
  return false;
}

/** One connection's subscriptions (id → event name), for both WebSocket protocols. */
export class Subscriptions {
  private readonly byId = new Map<string, string>();

  constructor(private readonly newId: () => string) {}

  /** Records a subscription; the id is the client's own (legacy `sub`) or a new one (`core.subscribe`). */
  add(name: string, id: string = this.newId()): string {
    this.byId.set(id, name);
    return id;
  }

  remove(id: string): void {
    this.byId.delete(id);
  }

  clear(): void {
    this.byId.clear();
  }

  /** Ends every subscription to exactly `name` (the server ending an event source); returns how many. */
  end(name: string): number {
    let ended = 0;
    for (const [id, subscribed] of this.byId) {
      if (subscribed !== name) continue;
      this.byId.delete(id);
      ended++;
    }
    return ended;
  }

  /** Parameterised event sources (`name:{args}`) end on logout; plain events stay. */
  dropSources(): void {
    for (const [id, name] of this.byId) if (name.includes(':')) this.byId.delete(id);
  }

  /** The notification body for `event` (`msg`, `collection`, `id`?, `fields`?), or undefined when this connection gets none. */
  notification(session: Session, event: PairApiEvent): Record<string, unknown> | undefined {
    if (this.byId.size === 0 || !subscribedTo(this.byId.values(), event.name) || !mayReceive(session, event)) return undefined;
    const body: Record<string, unknown> = { msg: event.msg, collection: event.name };
    if (Object.hasOwn(event, 'id')) body.id = event.id;
    if (event.fields !== undefined) body.fields = event.fields;
    return body;
  }
}
