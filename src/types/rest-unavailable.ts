/**
 * The type a REST client gives a method that TrueNAS does not expose over REST /api/v2.0 in that
 * API version: it is not callable, so `tsc` reports the call. At run time such a call rejects with
 * `NotAvailableOverRestError`. Use a WebSocket client (`wss://`) for it.
 */
export interface RestUnavailable<M extends string> {
  /** Why this is not callable. */
  readonly notAvailableOverRest: `${M} is not exposed over REST by this TrueNAS version; use a WebSocket (wss://) client`;
}
