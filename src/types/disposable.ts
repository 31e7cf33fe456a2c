/**
 * `[Symbol.asyncDispose]` for `await using`, without making the shipped declarations need the
 * `esnext.disposable` lib or Node's types: where the user's lib declares `Symbol.asyncDispose`,
 * this is the method keyed by that very symbol (so `await using client = createClient(…)`
 * type-checks); where it does not (lib ES2022, TypeScript 5.0), it is an empty type and the
 * declarations still compile. The runtime objects always carry the method where the platform
 * has the symbol.
 */
export type AsyncDisposableLike = SymbolConstructor extends { readonly asyncDispose: infer Key extends symbol }
  ? { [K in Key]: () => Promise<void> }
  : {};
