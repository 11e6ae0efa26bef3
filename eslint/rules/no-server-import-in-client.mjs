import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A client component (first statement "use client") may not import a server-only module: anything
 * under @/lib/server or @/sandbox, or a module that leads, through its value imports, to a file that
 * imports "server-only". Next reports the latter too, but only at build time and one import at a
 * time. Type-only imports are erased and allowed; a "use server" module is sent to the client as
 * references, so the walk stops there.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ALWAYS_SERVER = /^@\/(lib\/server|sandbox)(\/|$)/;
const EXTENSIONS = ["", ".ts", ".tsx", ".js", ".mjs", "/index.ts", "/index.tsx"];
// Value imports and re-exports; `import type` / `export type` are skipped, the rest of the line may span lines.
const IMPORT = /^\s*(?:import|export)\s+(?!type[\s{])(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm;
const SERVER_ONLY = /^\s*import\s+["']server-only["']/m;
const USE_SERVER = /^\s*["']use server["']/;

function resolveImport(fromFile, source) {
  let base;
  if (source.startsWith("@/")) base = path.join(ROOT, source.slice(2));
  else if (source.startsWith(".")) base = path.resolve(path.dirname(fromFile), source);
  else return null;
  for (const extension of EXTENSIONS) {
    const candidate = base + extension;
    if (fs.statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
  }
  return null;
}

const scans = new Map(); // file -> { mtimeMs, serverOnly, useServer, imports }
function scan(file) {
  const { mtimeMs } = fs.statSync(file);
  const cached = scans.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached;
  const text = fs.readFileSync(file, "utf8");
  const result = {
    mtimeMs,
    serverOnly: SERVER_ONLY.test(text),
    useServer: USE_SERVER.test(text),
    imports: [...text.matchAll(IMPORT)].map((match) => match[1]),
  };
  scans.set(file, result);
  return result;
}

/** The chain of files from `file` to one that imports "server-only", or null. */
function serverOnlyChain(file, seen = new Set()) {
  if (seen.has(file)) return null;
  seen.add(file);
  const { serverOnly, useServer, imports } = scan(file);
  if (serverOnly) return [file];
  if (useServer) return null;
  for (const source of imports) {
    const next = resolveImport(file, source);
    const chain = next && serverOnlyChain(next, seen);
    if (chain) return [file, ...chain];
  }
  return null;
}

function isUseClient(program) {
  const first = program.body[0];
  return first?.type === "ExpressionStatement" && first.expression.type === "Literal" && first.expression.value === "use client";
}

/** @type {import("eslint").Rule.RuleModule} */
const rule = {
  meta: {
    type: "problem",
    docs: { description: 'Client components ("use client") must not import server-only modules' },
    schema: [],
    messages: {
      serverFolder: '"{{source}}" is server-only (lib/server and the sandbox never reach the browser).',
      serverOnly: '"{{source}}" is server-only: {{chain}} imports "server-only".',
    },
  },
  create(context) {
    const filename = context.filename;
    let client = false;
    function check(node, sourceNode) {
      if (!client || node.importKind === "type" || node.exportKind === "type") return;
      if (node.specifiers?.length > 0 && node.specifiers.every((specifier) => specifier.importKind === "type")) return;
      if (sourceNode?.type !== "Literal" || typeof sourceNode.value !== "string") return;
      const source = sourceNode.value;
      if (ALWAYS_SERVER.test(source)) {
        context.report({ node: sourceNode, messageId: "serverFolder", data: { source } });
        return;
      }
      const resolved = resolveImport(filename, source);
      const chain = resolved && serverOnlyChain(resolved);
      if (chain) {
        const shown = chain.map((file) => path.relative(ROOT, file)).join(" → ");
        context.report({ node: sourceNode, messageId: "serverOnly", data: { source, chain: shown } });
      }
    }
    return {
      Program(program) {
        client = isUseClient(program);
      },
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    };
  },
};

export default rule;
