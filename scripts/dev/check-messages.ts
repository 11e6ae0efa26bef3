/**
 * `npm run lint` step: every message key exists in both languages, and every key is used somewhere in
 * app/, components/ or lib/ (as the key's full path, or as its last part next to its namespace, the
 * way `useTranslations("nav")` + `t("payins")` reads it). Exit 1 with the list otherwise.
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

const sources = ["app", "components", "lib"]
  .flatMap((dir) => sourceFiles(path.join(root, dir)))
  .map((file) => readFileSync(file, "utf8"));
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

if (problems.length > 0) {
  console.error(`Message files need attention:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`Messages: ${all.size} keys in ${Object.keys(keysByLocale).join(", ")}, all present and used.`);
