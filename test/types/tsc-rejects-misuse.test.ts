/**
 * Runs the TypeScript compiler on the files in test/fixtures/tsc/. Correct use must compile with no
 * diagnostic at all; each misuse must fail exactly where a `// expect-error TSxxxx text` comment
 * says, with that error code and a message containing the text. Nothing else may be reported.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, test } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = join(root, 'test/fixtures/tsc');
const files = readdirSync(fixtures)
  .filter((f) => f.endsWith('.ts'))
  .sort();

interface Expectation {
  line: number;
  code: number;
  text: string;
}

/** `// expect-error TS2322 some text` applies to the next line that is not a comment. */
function expectations(source: string): Expectation[] {
  const lines = source.split('\n');
  const out: Expectation[] = [];
  lines.forEach((line, index) => {
    const m = /\/\/ expect-error TS(\d+) (.+)$/.exec(line);
    if (!m) return;
    let target = index + 1;
    while (target < lines.length && lines[target]!.trim().startsWith('//')) target++;
    out.push({ line: target + 1, code: Number(m[1]), text: m[2]!.trim() });
  });
  return out;
}

interface Reported {
  line: number;
  code: number;
  message: string;
}

let program: ts.Program;

beforeAll(() => {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  program = ts.createProgram(
    files.map((f) => join(fixtures, f)),
    { ...parsed.options, noEmit: true },
  );
}, 120_000);

function reported(file: string): Reported[] {
  const sourceFile = program.getSourceFile(join(fixtures, file))!;
  const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
  return diagnostics.map((d) => ({
    line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0,
    code: d.code,
    message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  }));
}

describe('tsc on the fixtures', () => {
  test('there is a correct-use fixture and at least four misuse fixtures', () => {
    expect(files).toContain('correct-use.ts');
    const misuse = files.filter((f) => expectations(readFileSync(join(fixtures, f), 'utf8')).length > 0);
    expect(misuse.length).toBeGreaterThanOrEqual(4);
  });

  test.each(files)('%s reports exactly the expected errors', (file) => {
    const expected = expectations(readFileSync(join(fixtures, file), 'utf8'));
    const actual = reported(file);
    if (file === 'correct-use.ts') expect(expected).toEqual([]);
    for (const e of expected) {
      const match = actual.find((a) => a.line === e.line && a.code === e.code && a.message.includes(e.text));
      expect(match, `${file}:${e.line}: expected TS${e.code} mentioning "${e.text}"; got ${JSON.stringify(actual)}`).toBeDefined();
    }
    const unexpected = actual.filter((a) => !expected.some((e) => e.line === a.line && e.code === a.code));
    expect(unexpected, `${file}: unexpected diagnostics`).toEqual([]);
  });
});
