/** JSDoc comments for generated code. */

/** A JSDoc block from text lines (undefined lines are left out), indented; empty when there is no text. */
export function jsdoc(lines: (string | undefined)[], indent = ''): string {
  const body = lines.filter((l): l is string => l !== undefined).flatMap((l) => l.replace(/\*\//g, '*\\/').split('\n'));
  if (body.length === 0) return '';
  if (body.length === 1) return `${indent}/** ${body[0]} */\n`;
  return `${indent}/**\n${body.map((l) => `${indent} *${l ? ` ${l}` : ''}`).join('\n')}\n${indent} */\n`;
}
