/** One validation problem, as TrueNAS reports it in `extra`. */
export interface ValidationIssue {
  /** Dotted path starting with the argument name, e.g. `data.timeout`; empty for the argument list itself. */
  attribute: string;
  message: string;
  errno: number;
}

/** The outcome of checking a call's arguments: the arguments to send, or what is wrong with them. */
export type ArgumentsCheck = { ok: true; value: unknown[] } | { ok: false; issues: ValidationIssue[] };
