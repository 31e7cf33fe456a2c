/** One validation problem, as TrueNAS reports it in `extra`. */
export interface ValidationIssue {
  /** Dotted path starting with the argument name, e.g. `data.timeout`; empty for the argument list itself. */
  attribute: string;
  message: string;
  errno: number;
}
