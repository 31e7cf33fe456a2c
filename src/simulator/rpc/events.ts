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
