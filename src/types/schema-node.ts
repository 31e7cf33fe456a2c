/**
 * A node of a validator written as data: what `npm run generate` emits for each component of the
 * schema (src/generated/<family>/nodes.ts), and what src/validation/schema-check.ts checks values
 * against. Plain objects that refer to each other, so that a named type is written once.
 */
export type SchemaNode =
  | { readonly type: 'unknown' | 'null' | 'boolean' | 'record' }
  | {
      readonly type: 'string';
      /** Length bounds. */
      readonly min?: number;
      readonly max?: number;
    }
  | {
      readonly type: 'int' | 'number';
      /** Inclusive bounds. */
      readonly min?: number;
      readonly max?: number;
    }
  /** One of these values (a `const` is an enum of one). */
  | { readonly type: 'enum'; readonly values: readonly unknown[] }
  | {
      readonly type: 'object';
      readonly shape: Readonly<Record<string, SchemaNode>>;
      /** Unknown keys: refused (`strict`), left out of the value (`strip`), or kept (`keep`). */
      readonly keys: 'strict' | 'strip' | 'keep';
      /** The message when the value is not an object (pydantic names the model class). */
      readonly error?: string;
    }
  | {
      readonly type: 'array';
      readonly items: SchemaNode;
      /** Length bounds. */
      readonly min?: number;
      readonly max?: number;
    }
  | { readonly type: 'tuple'; readonly items: readonly SchemaNode[] }
  | {
      readonly type: 'union';
      readonly options: readonly SchemaNode[];
      /** The discriminating key of a tagged union (its options are objects with an `enum` there). */
      readonly tag?: string;
    }
  | { readonly type: 'nullable' | 'optional'; readonly inner: SchemaNode }
  /** `inner`, with `value` taking the place of a missing value. */
  | { readonly type: 'default'; readonly inner: SchemaNode; readonly value: unknown };
