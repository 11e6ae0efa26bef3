import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

import { clientMessages, pickPaths, ROUTE_CLIENT_PATHS, SHARED_CLIENT_PATHS, type MessageRoute } from "./client-messages";
import { MESSAGES } from "./translate";

const ROOT = resolve(__dirname, "../..");
const SCANNED_DIRS = ["app", "components", "lib"];

/*
 * Lookups whose key is not written in the code, with where the keys come from. The scan fails on any
 * other lookup it cannot read; an entry here that no longer matches a dynamic lookup fails too.
 */
const DYNAMIC_LOOKUPS: Record<string, { paths: string[]; why: string }> = {
  "lib/i18n/words.ts": {
    // useMessageText (components/use-message-text.ts) in the browser: amount-field's amountProblem
    // (lib/applications/schemas.ts, lib/money/amounts.ts), the register check's summary
    // (lib/registers/connection.ts, lib/highhelp/errors.ts) and the bank list's problem
    // (lib/banks/commands.ts). Action messages and field errors arrive already in words (lib/server/action.ts).
    paths: ["amount", "registers", "highhelpErrors", "banks"],
    why: "putIntoWords looks up the key of a message made elsewhere",
  },
  "app/(app)/payouts/new/_components/new-payout-form.tsx": {
    paths: ["payoutForm.methods"],
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

function hasDirective(source: ts.SourceFile, directive: "use client" | "use server"): boolean {
  const first = source.statements[0];
  return (
    first !== undefined &&
    ts.isExpressionStatement(first) &&
    ts.isStringLiteral(first.expression) &&
    first.expression.text === directive
  );
}

const isClientModule = (source: ts.SourceFile) => hasDirective(source, "use client");
/** A "use server" module reaches the browser as references to its actions: what it imports stays on the server. */
const isActionModule = (source: ts.SourceFile) => hasDirective(source, "use server");

const sources = new Map<string, ts.SourceFile>();
function load(path: string): ts.SourceFile {
  let source = sources.get(path);
  if (!source) sources.set(path, (source = parse(path)));
  return source;
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

/**
 * The modules that run in the browser when `entries` render: the "use client" modules they reach, through server
 * modules too, and every project module those load.
 */
function reachedInBrowser(entries: string[]): Set<string> {
  const onServer = new Set<string>();
  const inBrowser = new Set<string>();
  const pending: Array<[string, boolean]> = entries.map((entry) => [entry, false]);
  while (pending.length > 0) {
    const [path, fromBrowser] = pending.pop()!;
    const source = load(path);
    if (fromBrowser && isActionModule(source)) continue;
    const browser = fromBrowser || isClientModule(source);
    const seen = browser ? inBrowser : onServer;
    if (seen.has(path)) continue;
    seen.add(path);
    for (const next of runtimeImports(path, source)) pending.push([next, browser]);
  }
  return inBrowser;
}

/** Every "use client" module and every project module they load, transitively. */
function browserModules(): Set<string> {
  return reachedInBrowser(SCANNED_DIRS.flatMap((dir) => walk(join(ROOT, dir))).filter((path) => isClientModule(load(path))));
}

type Binding = { kind: "root" } | { kind: "namespaced"; declaration: ts.VariableDeclaration } | { kind: "other" };
// A parameter typed as a translator is read as the root one. Given a namespaced translator instead, its keys
// name paths that are not needed (over-sending), never hide one: the caller's translator, passed as a
// value, counts its whole namespace.
const TRANSLATOR_TYPE = /\b(Translate|Translator)\b|useTranslations/;
const TRANSLATOR_METHODS = new Set(["rich", "markup", "has", "raw"]);

function isUseTranslations(node: ts.Node | undefined): node is ts.CallExpression {
  return (
    node !== undefined &&
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === "useTranslations"
  );
}

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
        if (isUseTranslations(init)) {
          return init.arguments.length === 0 ? { kind: "root" } : { kind: "namespaced", declaration };
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

/** The whole segments a key written in the code starts with ([] when the code does not say). */
function segmentsOf(argument: ts.Expression | undefined): string[] {
  if (argument === undefined) return [];
  if (ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument)) return argument.text.split(".");
  // `status.${s}`: the text after the head's last dot is only the start of a segment.
  if (ts.isTemplateExpression(argument)) return argument.head.text.split(".").slice(0, -1);
  return [];
}

/** The key of a lookup through `translator`: t(key), t.rich(key), …; null when it is used as a value. */
function lookupKey(translator: ts.Identifier): ts.Expression | null | undefined {
  const parent = translator.parent;
  if (ts.isCallExpression(parent) && parent.expression === translator) return parent.arguments[0];
  if (
    ts.isPropertyAccessExpression(parent) &&
    TRANSLATOR_METHODS.has(parent.name.text) &&
    ts.isCallExpression(parent.parent) &&
    parent.parent.expression === parent
  ) {
    return parent.parent.arguments[0];
  }
  return null;
}

/** Whether an identifier names a variable here (not a property name, a JSX attribute name or the declaration itself). */
function isReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isJsxAttribute(parent) || ts.isPropertySignature(parent)) && parent.name === node)
    return false;
  if (ts.isVariableDeclaration(parent) && parent.name === node) return false;
  return true;
}

/**
 * Whether the lookups through `const t = useTranslations("…")` can be followed: its references are found by
 * bindingOf, which knows variables declared in a block or a module. Others count the whole namespace.
 */
function isTrackable(call: ts.CallExpression): call is ts.CallExpression & { parent: ts.VariableDeclaration } {
  const declaration = call.parent;
  if (!ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return false;
  const scope = declaration.parent.parent.parent;
  const binding = scope && declaredIn(scope, declaration.name.text);
  return binding?.kind === "namespaced" && binding.declaration === declaration;
}

const covers = (entry: string, path: string) => path === entry || path.startsWith(`${entry}.`);

interface Scan {
  paths: Map<string, Set<string>>;
  unreadable: string[];
  dynamicFiles: Set<string>;
}

function scan(modules: Iterable<string>): Scan {
  const paths = new Map<string, Set<string>>();
  const unreadable: string[] = [];
  const dynamicFiles = new Set<string>();
  const add = (path: string, where: string) => (paths.get(path) ?? paths.set(path, new Set()).get(path)!).add(where);
  for (const path of modules) {
    const source = load(path);
    const file = relative(ROOT, path);
    const where = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    // Per namespaced translator variable: the paths of its lookups and where, or null once one cannot be read.
    const namespaced = new Map<ts.VariableDeclaration, { namespace: string; where: string; paths: [string, string][] | null }>();
    const translators = (node: ts.Node) => {
      if (isUseTranslations(node) && node.arguments.length > 0) {
        const argument = node.arguments[0]!;
        if (!ts.isStringLiteral(argument)) unreadable.push(`${where(node)} useTranslations(<not a literal>)`);
        else if (isTrackable(node)) namespaced.set(node.parent, { namespace: argument.text, where: where(node), paths: [] });
        else add(argument.text, where(node));
      } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "useMessages") {
        unreadable.push(`${where(node)} useMessages() reads the whole catalogue`);
      }
      ts.forEachChild(node, translators);
    };
    translators(source);
    const namespacedNames = new Set([...namespaced.keys()].map((d) => (d.name as ts.Identifier).text));
    const lookups = (node: ts.Node) => {
      if (ts.isIdentifier(node) && isReference(node) && (namespacedNames.has(node.text) || lookupKey(node) !== null)) {
        const binding = bindingOf(node);
        const key = lookupKey(node);
        if (binding.kind === "root" && key !== null) {
          const segments = segmentsOf(key);
          if (segments.length > 0) add(segments.slice(0, 2).join("."), where(node));
          else if (DYNAMIC_LOOKUPS[file]) dynamicFiles.add(file);
          else unreadable.push(`${where(node)} ${key?.parent.getText().slice(0, 80)}`);
        } else if (binding.kind === "namespaced") {
          const translator = namespaced.get(binding.declaration)!;
          const segments = key === null ? [] : segmentsOf(key);
          if (translator.paths)
            translator.paths =
              segments.length > 0 ? [...translator.paths, [`${translator.namespace}.${segments[0]}`, where(node)]] : null;
        }
      }
      ts.forEachChild(node, lookups);
    };
    lookups(source);
    for (const translator of namespaced.values()) {
      if (translator.paths === null) add(translator.namespace, translator.where);
      else for (const [used, at] of translator.paths) add(used, at);
    }
  }
  return { paths, unreadable, dynamicFiles };
}

const scanned = new Map<string, Scan>();
/** The message paths the modules look up, with where (DYNAMIC_LOOKUPS included). */
function usedPaths(modules: Set<string>): Map<string, Set<string>> {
  const paths = new Map<string, Set<string>>();
  const add = (path: string, where: string) => (paths.get(path) ?? paths.set(path, new Set()).get(path)!).add(where);
  for (const file of modules) {
    let found = scanned.get(file);
    if (!found) scanned.set(file, (found = scan([file])));
    for (const [path, wheres] of found.paths) for (const where of wheres) add(path, where);
    for (const path of DYNAMIC_LOOKUPS[relative(ROOT, file)]?.paths ?? []) add(path, relative(ROOT, file));
  }
  return paths;
}

/** The files Next.js renders for a route folder: its layout and page, and the boundaries around them. */
const SEGMENT_FILES = /^(layout|template|page|loading|error|not-found|default)\.tsx$/;

const ROUTES = Object.keys(ROUTE_CLIENT_PATHS) as MessageRoute[];

/**
 * Every file Next.js renders for a route, with the paths its browser modules may look up: a route folder's own
 * (ROUTE_CLIENT_PATHS) for what its layout's RouteMessages wraps, the shared ones for the rest (the folder's layout
 * itself, and every file outside such folders).
 */
function routeFiles(): Array<{ file: string; route: MessageRoute | null }> {
  return walk(join(ROOT, "app"))
    .filter((path) => SEGMENT_FILES.test(path.split("/").at(-1)!))
    .map((path) => {
      const file = relative(join(ROOT, "app"), path);
      const route = ROUTES.find((r) => file.startsWith(`${r}/`) && file !== `${r}/layout.tsx`) ?? null;
      return { file: relative(ROOT, path), route };
    });
}

const listOf = (route: MessageRoute | null): readonly string[] =>
  route === null ? SHARED_CLIENT_PATHS : ROUTE_CLIENT_PATHS[route];

describe("client messages", () => {
  const modules = browserModules();
  const { unreadable, dynamicFiles } = scan(modules);
  const files = routeFiles().map((f) => ({ ...f, used: usedPaths(reachedInBrowser([join(ROOT, f.file)])) }));
  const lists = [null, ...ROUTES].map((route) => ({ route, name: route ?? "shared", list: listOf(route) }));

  it("finds the browser's modules, and what each route renders", () => {
    const all = [...modules].map((p) => relative(ROOT, p));
    expect(all).toContain("components/amount-field.tsx");
    // Loaded by client components without a directive of its own.
    expect(all).toContain("lib/i18n/words.ts");
    // An action module is a reference in the browser: its imports stay on the server.
    expect(all).not.toContain("lib/server/action.ts");
    expect(all.length).toBeGreaterThan(50);
    const newPayin = files.find((f) => f.file === "app/(app)/payins/new/page.tsx")!;
    expect(newPayin.route).toBe("(app)/payins/new");
    expect([...newPayin.used.keys()]).toContain("payinForm.create");
    expect(files.find((f) => f.file === "app/(app)/payins/new/layout.tsx")!.route).toBeNull();
  });

  it("reads the path of every lookup in the browser", () => {
    expect(unreadable, "write the key's namespace in the code, or list the file in DYNAMIC_LOOKUPS").toEqual([]);
    expect([...dynamicFiles].sort(), "a DYNAMIC_LOOKUPS entry without a dynamic lookup").toEqual(
      Object.keys(DYNAMIC_LOOKUPS).sort(),
    );
  });

  it("sends every path a page's client components look up, where they render", () => {
    const missing = files.flatMap(({ file, route, used }) =>
      [...used.keys()]
        .filter((path) => !listOf(route).some((entry) => covers(entry, path)))
        .map((path) => `${file} → ${route ?? "shared"}: ${path} (${[...used.get(path)!].join(", ")})`),
    );
    expect(missing.sort()).toEqual([]);
  });

  it("sends no path that is not looked up where it is sent, and none twice", () => {
    for (const { route, name, list } of lists) {
      const used = files.filter((f) => f.route === route).flatMap((f) => [...f.used.keys()]);
      expect(
        list.filter((entry) => !used.some((path) => covers(entry, path))),
        `${name}: not looked up there`,
      ).toEqual([]);
      expect(
        list.filter((entry, i) => list.some((other, j) => i !== j && covers(other, entry))),
        `${name}: covered by another entry`,
      ).toEqual([]);
    }
  });

  it("wraps each route folder's pages in its messages, one folder never inside another", () => {
    for (const route of ROUTES) {
      const layout = join(ROOT, "app", route, "layout.tsx");
      expect(existsSync(layout), `${route}/layout.tsx`).toBe(true);
      expect(readFileSync(layout, "utf8"), `${route}/layout.tsx`).toContain(`<RouteMessages route="${route}">`);
      expect(ROUTES.filter((other) => other !== route && route.startsWith(`${other}/`))).toEqual([]);
    }
  });

  it("names only paths of both catalogues", () => {
    for (const { name, list } of lists) {
      for (const path of list) {
        expect(MESSAGES.en, `${name}: ${path}`).toHaveProperty(path.split("."));
        expect(MESSAGES.ru, `${name}: ${path}`).toHaveProperty(path.split("."));
      }
    }
  });

  it("picks the shared paths of a catalogue, or a route's", () => {
    const shared = clientMessages(MESSAGES.en) as Record<string, unknown>;
    for (const path of SHARED_CLIENT_PATHS) expect(shared, path).toHaveProperty(path.split("."), get(MESSAGES.en, path));
    expect(Object.keys(shared).sort()).toEqual([...new Set(SHARED_CLIENT_PATHS.map((path) => path.split(".")[0]))].sort());
    expect(shared).not.toHaveProperty("payinForm");
    const form = clientMessages(MESSAGES.en, "(app)/payins/new") as Record<string, unknown>;
    expect(form).toHaveProperty(["payinForm", "create"], MESSAGES.en.payinForm.create);
    expect(form).not.toHaveProperty("savedViews");
    expect(clientMessages(MESSAGES.en)).toBe(shared);
    expect(clientMessages({ other: 1 })).toEqual({});
  });

  it("merges sibling paths and keeps a path under a listed one whole, without writing into the catalogue", () => {
    const catalogue = { a: { b: { c: "1", d: "2" }, e: "3", f: "4" }, g: "5" };
    const before = JSON.stringify(catalogue);
    expect(pickPaths(catalogue, ["a.b.c", "a.e", "missing.x"])).toEqual({ a: { b: { c: "1" }, e: "3" } });
    expect(pickPaths(catalogue, ["a.b", "a.b.c", "g"])).toEqual({ a: { b: { c: "1", d: "2" } }, g: "5" });
    expect(pickPaths(catalogue, ["a.b.c", "a"])).toEqual({ a: catalogue.a });
    expect(JSON.stringify(catalogue)).toBe(before);
  });
});

function get(tree: unknown, path: string): unknown {
  return path.split(".").reduce((value, key) => (value as Record<string, unknown>)[key], tree);
}
