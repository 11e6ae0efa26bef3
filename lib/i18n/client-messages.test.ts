import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

import { CLIENT_NAMESPACES, clientMessages } from "./client-messages";
import { MESSAGES } from "./translate";

const ROOT = resolve(__dirname, "../..");
const SCANNED_DIRS = ["app", "components", "lib"];

/*
 * Lookups whose key is not written in the code, with where the keys come from. The scan fails on any
 * other lookup it cannot read; an entry here that no longer matches a dynamic lookup fails too.
 */
const DYNAMIC_LOOKUPS: Record<string, { roots: string[]; why: string }> = {
  "lib/i18n/words.ts": {
    // useMessageText (components/use-message-text.ts) in the browser: amount-field's amountProblem
    // (lib/applications/schemas.ts, lib/money/amounts.ts), the register check's summary
    // (lib/registers/connection.ts, lib/highhelp/errors.ts) and the bank list's problem
    // (lib/banks/commands.ts). Action messages and field errors arrive already in words (lib/server/action.ts).
    roots: ["amount", "registers", "highhelpErrors", "banks"],
    why: "putIntoWords looks up the key of a message made elsewhere",
  },
  "app/(app)/payouts/new/_components/new-payout-form.tsx": {
    roots: ["payoutForm"],
    why: "PAYOUT_METHODS labels (lib/payouts/schemas.ts) are payoutForm.methods.* keys",
  },
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" ? [] : walk(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

function parse(path: string): ts.SourceFile {
  return ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
}

function isClientModule(source: ts.SourceFile): boolean {
  const first = source.statements[0];
  return (
    first !== undefined &&
    ts.isExpressionStatement(first) &&
    ts.isStringLiteral(first.expression) &&
    first.expression.text === "use client"
  );
}

function resolveImport(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/")
    ? join(ROOT, specifier.slice(2))
    : specifier.startsWith(".")
      ? resolve(dirname(from), specifier)
      : null;
  if (base === null) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts"), join(base, "index.tsx")]) {
    if (/\.tsx?$/.test(candidate) && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** The project modules a module loads at run time (type-only imports load nothing). */
function runtimeImports(path: string, source: ts.SourceFile): string[] {
  const specifiers: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) {
      const bindings = node.importClause?.namedBindings;
      const onlyTypes =
        node.importClause !== undefined &&
        node.importClause.name === undefined &&
        bindings !== undefined &&
        ts.isNamedImports(bindings) &&
        bindings.elements.length > 0 &&
        bindings.elements.every((e) => e.isTypeOnly);
      if (!onlyTypes) specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      !node.isTypeOnly &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers.map((s) => resolveImport(path, s)).filter((p): p is string => p !== null);
}

/** Every "use client" module and every project module they load, transitively. */
function browserModules(): Map<string, ts.SourceFile> {
  const sources = new Map<string, ts.SourceFile>();
  const load = (path: string) => {
    let source = sources.get(path);
    if (!source) sources.set(path, (source = parse(path)));
    return source;
  };
  const queue = SCANNED_DIRS.flatMap((dir) => walk(join(ROOT, dir))).filter((path) => isClientModule(load(path)));
  const seen = new Set<string>();
  const modules = new Map<string, ts.SourceFile>();
  while (queue.length > 0) {
    const path = queue.pop()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const source = load(path);
    modules.set(path, source);
    queue.push(...runtimeImports(path, source));
  }
  return modules;
}

type Binding = { kind: "root" } | { kind: "namespaced" } | { kind: "other" };
// A parameter typed as a translator is read as the root one. Given a namespaced translator instead, its keys
// name namespaces that are not needed (over-sending), never hide one: the caller's namespace is counted.
const TRANSLATOR_TYPE = /\b(Translate|Translator)\b|useTranslations/;
const TRANSLATOR_METHODS = new Set(["rich", "markup", "has", "raw"]);

function declaredIn(scope: ts.Node, name: string): Binding | null {
  if (ts.isFunctionLike(scope)) {
    for (const param of scope.parameters) {
      const bound = ts.isIdentifier(param.name)
        ? param.name.text === name
        : ts.isObjectBindingPattern(param.name) &&
          param.name.elements.some((e) => ts.isIdentifier(e.name) && e.name.text === name);
      if (bound) return param.type && TRANSLATOR_TYPE.test(param.type.getText()) ? { kind: "root" } : { kind: "other" };
    }
  }
  if (ts.isBlock(scope) || ts.isSourceFile(scope)) {
    for (const statement of scope.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || declaration.name.text !== name) continue;
        const init = declaration.initializer;
        if (init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === "useTranslations") {
          return init.arguments.length === 0 ? { kind: "root" } : { kind: "namespaced" };
        }
        return declaration.type && TRANSLATOR_TYPE.test(declaration.type.getText()) ? { kind: "root" } : { kind: "other" };
      }
    }
  }
  return null;
}

function bindingOf(identifier: ts.Identifier): Binding {
  for (let scope: ts.Node | undefined = identifier.parent; scope; scope = scope.parent) {
    const found = declaredIn(scope, identifier.text);
    if (found) return found;
  }
  return { kind: "other" };
}

/** The top-level namespace of a key written in the code, or null when the code does not say. */
function rootOf(argument: ts.Expression | undefined): string | null {
  if (argument === undefined) return null;
  const text = ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument) ? argument.text : null;
  const head = ts.isTemplateExpression(argument) ? argument.head.text : null;
  if (text !== null) return text.split(".")[0] || null;
  if (head !== null && head.includes(".")) return head.split(".")[0] || null;
  return null;
}

interface Scan {
  roots: Map<string, Set<string>>;
  unreadable: string[];
}

function scan(modules: Map<string, ts.SourceFile>): Scan {
  const roots = new Map<string, Set<string>>();
  const unreadable: string[] = [];
  const add = (root: string, where: string) => (roots.get(root) ?? roots.set(root, new Set()).get(root)!).add(where);
  for (const [path, source] of modules) {
    const file = relative(ROOT, path);
    const where = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        if (ts.isIdentifier(callee) && callee.text === "useTranslations" && node.arguments.length > 0) {
          const root = rootOf(node.arguments[0]);
          if (root === null || !ts.isStringLiteral(node.arguments[0]!))
            unreadable.push(`${where(node)} useTranslations(<not a literal>)`);
          else add(root, where(node));
        } else if (ts.isIdentifier(callee) && callee.text === "useMessages") {
          unreadable.push(`${where(node)} useMessages() reads the whole catalogue`);
        } else {
          const translator = ts.isIdentifier(callee)
            ? callee
            : ts.isPropertyAccessExpression(callee) &&
                ts.isIdentifier(callee.expression) &&
                TRANSLATOR_METHODS.has(callee.name.text)
              ? callee.expression
              : null;
          if (translator && bindingOf(translator).kind === "root") {
            const root = rootOf(node.arguments[0]);
            if (root !== null) add(root, where(node));
            else if (DYNAMIC_LOOKUPS[file]) add(`(dynamic)`, file);
            else unreadable.push(`${where(node)} ${node.getText().slice(0, 80)}`);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { roots, unreadable };
}

describe("client messages", () => {
  const modules = browserModules();
  const { roots, unreadable } = scan(modules);
  const dynamicFiles = [...(roots.get("(dynamic)") ?? [])];
  roots.delete("(dynamic)");
  for (const [file, entry] of Object.entries(DYNAMIC_LOOKUPS)) {
    for (const root of entry.roots) (roots.get(root) ?? roots.set(root, new Set()).get(root)!).add(file);
  }

  it("finds the browser's modules", () => {
    const files = [...modules.keys()].map((p) => relative(ROOT, p));
    expect(files).toContain("components/amount-field.tsx");
    // Loaded by client components without a directive of its own.
    expect(files).toContain("lib/i18n/words.ts");
    expect(files.length).toBeGreaterThan(50);
  });

  it("reads the namespace of every lookup in the browser", () => {
    expect(unreadable, "write the key's namespace in the code, or list the file in DYNAMIC_LOOKUPS").toEqual([]);
    expect(dynamicFiles.sort(), "a DYNAMIC_LOOKUPS entry without a dynamic lookup").toEqual(Object.keys(DYNAMIC_LOOKUPS).sort());
  });

  it("sends every namespace the browser looks up, and no other", () => {
    const missing = [...roots.keys()].filter((root) => !(CLIENT_NAMESPACES as readonly string[]).includes(root));
    expect(missing.map((root) => `${root} (${[...roots.get(root)!].join(", ")})`)).toEqual([]);
    expect(CLIENT_NAMESPACES.filter((ns) => !roots.has(ns))).toEqual([]);
  });

  it("names only namespaces of both catalogues", () => {
    for (const ns of CLIENT_NAMESPACES) {
      expect(MESSAGES.en, ns).toHaveProperty([ns]);
      expect(MESSAGES.ru, ns).toHaveProperty([ns]);
    }
  });

  it("picks the client namespaces of a catalogue", () => {
    const picked = clientMessages(MESSAGES.en);
    expect(Object.keys(picked).sort()).toEqual([...CLIENT_NAMESPACES].sort());
    expect(clientMessages({ other: 1 })).toEqual({});
  });
});
