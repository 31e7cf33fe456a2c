/**
 * A TypeScript program over src/generated/ plus one in-memory "probe" file, for tests that ask the
 * compiler what an editor would show: which members a type has, their JSDoc (hover text), and
 * whether two types are equal. The probe lives in test/types/ so that its relative imports resolve.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const probePath = join(root, 'test/types/__probe__.ts');

export interface Probe {
  program: ts.Program;
  checker: ts.TypeChecker;
  source: ts.SourceFile;
  /** Errors reported in the probe file, with their 1-based line. */
  errors: { line: number; message: string }[];
  /** The type of the probe's `export declare const <name>`. */
  typeOf(name: string): ts.Type;
  /** The symbols a module exports (re-exports followed), by name. */
  exportsOf(specifier: string): Map<string, ts.Symbol>;
}

/** Compiles `text` as test/types/__probe__.ts with the project's compiler options. */
export function probe(text: string): Probe {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, onError) =>
    resolve(file) === probePath ? ts.createSourceFile(file, text, language) : read(file, language, onError);
  const exists = host.fileExists.bind(host);
  host.fileExists = (file) => resolve(file) === probePath || exists(file);
  const program = ts.createProgram([probePath], { ...options, noEmit: true }, host);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(probePath)!;
  const errors = ts.getPreEmitDiagnostics(program, source).map((d) => ({
    line: d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line + 1,
    message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  }));
  const declarations = new Map<string, ts.Declaration>();
  const imports = new Map<string, ts.Expression>();
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement))
      for (const d of statement.declarationList.declarations) declarations.set(d.name.getText(source), d);
    if (ts.isImportDeclaration(statement)) imports.set((statement.moduleSpecifier as ts.StringLiteral).text, statement.moduleSpecifier);
  }
  const resolveAlias = (s: ts.Symbol) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  return {
    program,
    checker,
    source,
    errors,
    typeOf: (name) => checker.getTypeAtLocation(declarations.get(name)!),
    exportsOf: (specifier) => {
      const module = checker.getSymbolAtLocation(imports.get(specifier)!)!;
      return new Map(checker.getExportsOfModule(module).map((s) => [s.name, resolveAlias(s)]));
    },
  };
}

/** The hover text of a symbol: its JSDoc text followed by its tags (`@param x …`). */
export function hover(checker: ts.TypeChecker, symbol: ts.Symbol): string {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker));
  const tags = symbol.getJsDocTags(checker).map((t) => `@${t.name} ${ts.displayPartsToString(t.text)}`);
  return [text, ...tags].join('\n');
}
