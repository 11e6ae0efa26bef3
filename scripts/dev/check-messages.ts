/**
 * `npm run lint` step: every message key exists in both languages, every key is used somewhere in
 * app/, components/ or lib/ (as the key's full path, or as its last part next to its namespace, the
 * way `useTranslations("nav")` + `t("payins")` reads it), and every literal key a translator is called
 * with exists. Exit 1 with the list otherwise.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const messagesDir = path.join(root, "lib/i18n/messages");

function leafKeys(tree: unknown, prefix = ""): string[] {
  if (typeof tree !== "object" || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([key, value]) => leafKeys(value, prefix ? `${prefix}.${key}` : key));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "node_modules" || name.startsWith(".") ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

const keysByLocale = Object.fromEntries(
  readdirSync(messagesDir)
    .filter((name) => name.endsWith(".json"))
    .map((name) => [
      name.replace(/\.json$/, ""),
      new Set(leafKeys(JSON.parse(readFileSync(path.join(messagesDir, name), "utf8")))),
    ]),
);
const problems: string[] = [];
const all = new Set(Object.values(keysByLocale).flatMap((keys) => [...keys]));
for (const [locale, keys] of Object.entries(keysByLocale)) {
  for (const key of all) if (!keys.has(key)) problems.push(`missing in ${locale}.json: ${key}`);
}

const files = ["app", "components", "lib"].flatMap((dir) => sourceFiles(path.join(root, dir)));
const sources = files.map((file) => readFileSync(file, "utf8"));
const quoted = (text: string) => [`"${text}"`, `'${text}'`, `\`${text}\``, `"${text}.`, `\`${text}.`];
for (const key of all) {
  const parts = key.split(".");
  const used = sources.some((source) => {
    if (source.includes(key)) return true;
    // A namespace given to the translator, then the rest of the key (or a template building it).
    for (let cut = 1; cut < parts.length; cut += 1) {
      const namespace = parts.slice(0, cut).join(".");
      const rest = parts.slice(cut).join(".");
      if (quoted(namespace).some((q) => source.includes(q)) && quoted(rest).some((q) => source.includes(q))) return true;
    }
    // A key built from a template such as t(`roles.${role}`).
    return source.includes(`\`${parts.slice(0, -1).join(".")}.\${`);
  });
  if (!used) problems.push(`unused: ${key}`);
}

// Literal keys given to a translator: `const t = useTranslations("ns")` (or getTranslations, with or
// without a namespace) then `t("key")`, `t.rich("key")`, `t.raw("key")`. A name bound to several
// namespaces in one file passes when the key exists under any of them.
const prefixes = new Set([...all].flatMap((key) => key.split(".").map((_, i, parts) => parts.slice(0, i + 1).join("."))));
const BINDING =
  /(?:const|let)\s+(\w+)\s*=\s*(?:await\s+)?(?:useTranslations|getTranslations)\(\s*(?:"([^"]*)"|\{[^}]*namespace:\s*"([^"]*)"[^}]*\})?\s*\)/g;
files.forEach((file, index) => {
  const source = sources[index]!;
  const namespaces = new Map<string, Set<string>>();
  for (const match of source.matchAll(BINDING)) {
    const set = namespaces.get(match[1]!) ?? new Set<string>();
    set.add(match[2] ?? match[3] ?? "");
    namespaces.set(match[1]!, set);
  }
  for (const [name, spaces] of namespaces) {
    const call = new RegExp(`(?<![\\w.])${name}(?:\\.(?:rich|markup|raw))?\\(\\s*"([^"$]+)"`, "g");
    for (const match of source.matchAll(call)) {
      const key = match[1]!;
      const found = [...spaces].some((space) => prefixes.has(space ? `${space}.${key}` : key));
      if (!found)
        problems.push(
          `missing key in ${path.relative(root, file)}: ${[...spaces].map((space) => (space ? `${space}.` : "")).join("|")}${key}`,
        );
    }
  }
});

if (problems.length > 0) {
  console.error(`Message files need attention:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`Messages: ${all.size} keys in ${Object.keys(keysByLocale).join(", ")}, all present and used.`);
