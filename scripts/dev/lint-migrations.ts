import fs from "node:fs";
import path from "node:path";

/*
 * `npm run lint`'s migration check (docs/migrations.md): statements that lock or rewrite a table the app is using,
 * or break the instances still running the previous build, in migrations newer than BASELINE. A statement the
 * author has thought through carries `-- lint:allow <rule>, <rule>: why` among its own lines.
 */

/** Shipped before this check existed: left as they are. */
export const BASELINE = [
  "0000_init",
  "0001_audit_log_append_only",
  "0002_list_indexes",
  "0003_payout_submission",
  "0004_revoked_sessions",
  "0005_callback_quarantine",
  "0006_card_data_retention",
  "0007_apply_status_event",
  "0008_registers",
  "0009_staff_hardening",
  "0010_rollups",
  "0011_attention_index_covering",
  "0012_user_register_scope",
  "0013_user_preferences",
  "0014_four_eyes_lineage",
  "0015_account_lineage_backfill",
  "0016_register_banks",
  "0017_open_payouts_index",
  "0018_second_factor",
  "0019_audit_log_privileges",
];

/** Same text as lib/server/migrations.ts (a server module this script cannot load); a unit test keeps them equal. */
export const NO_TRANSACTION_MARKER = "-- migrate:no-transaction";

export type Rule =
  | "index-not-concurrent"
  | "concurrently-in-transaction"
  | "not-null-column-without-default"
  | "rewriting-column"
  | "constraint-not-valid"
  | "unique-constraint"
  | "validate-with-add"
  | "set-not-null"
  | "column-type"
  | "drop-column"
  | "drop-table"
  | "rename";

const ADVICE: Record<Rule, string> = {
  "index-not-concurrent":
    "CREATE INDEX on an existing table blocks its writes while it builds: CREATE INDEX CONCURRENTLY in a migration marked no-transaction",
  "concurrently-in-transaction": `CONCURRENTLY cannot run in a transaction: start the migration with "${NO_TRANSACTION_MARKER}"`,
  "not-null-column-without-default":
    "ADD COLUMN … NOT NULL without DEFAULT fails on a table with rows and breaks the previous build's inserts: add it nullable or with a default",
  "rewriting-column":
    "ADD COLUMN … GENERATED ALWAYS AS (…) STORED, an identity or serial column, or a volatile DEFAULT writes a value into every row: the table is rewritten under an exclusive lock. Add it nullable, have a trigger (or the app) write new rows, and fill the others in batches",
  "constraint-not-valid":
    "ADD CONSTRAINT on an existing table scans it under an exclusive lock: add it NOT VALID, then VALIDATE CONSTRAINT in a later migration",
  "unique-constraint":
    "a UNIQUE or PRIMARY KEY constraint builds its index under an exclusive lock: CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT … USING INDEX",
  "validate-with-add":
    "VALIDATE in the transaction that added the constraint keeps the exclusive lock for the whole scan: validate in a later migration",
  "set-not-null":
    "SET NOT NULL scans the table under an exclusive lock: first a CHECK (col IS NOT NULL) NOT VALID, validated, then SET NOT NULL",
  "column-type":
    "ALTER COLUMN … TYPE rewrites the table under an exclusive lock and breaks the previous build: add a new column instead",
  "drop-column":
    "the previous build still reads the column during a rolling deploy: stop using it in one release, drop it in a later one",
  "drop-table":
    "the previous build still reads the table during a rolling deploy: stop using it in one release, drop it in a later one",
  rename: "the previous build still uses the old name during a rolling deploy: add the new name, copy, drop the old one later",
};

export interface Finding {
  tag: string;
  /** 1-based, counting the statements of the file. */
  statement: number;
  rule: Rule;
  message: string;
  text: string;
}

/** Statements of a migration: split on `;` outside quotes, dollar quotes and comments (and on drizzle's breakpoints). */
export function splitStatements(sqlText: string): string[] {
  const statements: string[] = [];
  let current = "";
  let i = 0;
  while (i < sqlText.length) {
    const rest = sqlText.slice(i);
    const dollar = /^\$[A-Za-z_0-9]*\$/.exec(rest);
    if (rest.startsWith("--")) {
      const end = rest.indexOf("\n");
      const comment = end === -1 ? rest : rest.slice(0, end + 1);
      current += comment;
      i += comment.length;
    } else if (rest.startsWith("/*")) {
      const end = rest.indexOf("*/");
      const comment = end === -1 ? rest : rest.slice(0, end + 2);
      current += comment;
      i += comment.length;
    } else if (rest[0] === "'" || rest[0] === '"') {
      const quote = rest[0];
      let j = 1;
      while (j < rest.length && !(rest[j] === quote && rest[j + 1] !== quote)) j += rest[j] === quote ? 2 : 1;
      current += rest.slice(0, j + 1);
      i += j + 1;
    } else if (dollar) {
      const end = rest.indexOf(dollar[0], dollar[0].length);
      const body = end === -1 ? rest : rest.slice(0, end + dollar[0].length);
      current += body;
      i += body.length;
    } else if (rest[0] === ";") {
      statements.push(current);
      current = "";
      i += 1;
    } else {
      current += rest[0];
      i += 1;
    }
  }
  statements.push(current);
  return statements.filter((s) => stripComments(s).trim() !== "");
}

function stripComments(statement: string): string {
  return statement.replace(/--[^\n]*/g, " ").replace(/\/\*[\s\S]*?\*\//g, " ");
}

/** The statement's code on one line, string literals blanked, upper case: what the rules read. */
function normalise(statement: string): string {
  return stripComments(statement)
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/\s+/g, " ")
    .trim()
    .toUpperCase();
}

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Z_][A-Z0-9_$]*)`;
const NAME = String.raw`(${IDENT}(?:\.${IDENT})?)`;

function tableName(raw: string): string {
  const parts = raw.split(".").map((p) => p.replace(/^"|"$/g, "").toLowerCase());
  return parts.length === 2 && parts[0] === "public" ? parts[1]! : parts.join(".");
}

/** Splits on commas outside parentheses: the actions of one ALTER TABLE. */
function topLevelActions(text: string): string[] {
  const actions: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of text) {
    if (char === "(") depth++;
    if (char === ")") depth--;
    if (char === "," && depth === 0) {
      actions.push(current.trim());
      current = "";
    } else current += char;
  }
  actions.push(current.trim());
  return actions;
}

/** What makes ADD COLUMN compute a value for each existing row (a constant DEFAULT is stored once, in the catalog). */
const FILLS_EVERY_ROW = [
  /\bGENERATED ALWAYS AS \(.*\) STORED\b/,
  /\bGENERATED (?:ALWAYS|BY DEFAULT) AS IDENTITY\b/,
  /^ADD (?:COLUMN )?(?:IF NOT EXISTS )?\S+ (?:SMALL|BIG)?SERIAL\d?\b/,
  /\bDEFAULT\b.*\b(?:GEN_RANDOM_UUID|UUID_GENERATE_V[14]|RANDOM|CLOCK_TIMESTAMP|TIMEOFDAY|NEXTVAL)\s*\(/,
];

function allowed(statement: string): Set<string> {
  const rules = new Set<string>();
  for (const match of statement.matchAll(/--\s*lint:allow\s+([a-z-]+(?:\s*,\s*[a-z-]+)*)/g)) {
    for (const rule of match[1]!.split(",")) rules.add(rule.trim());
  }
  return rules;
}

/** The findings of one migration file. Tables it creates itself are new: anything goes on them. */
export function lintMigration(tag: string, sqlText: string): Finding[] {
  const transactional = !sqlText.trimStart().startsWith(NO_TRANSACTION_MARKER);
  const created = new Set<string>();
  const addedNotValid = new Set<string>();
  const findings: Finding[] = [];
  splitStatements(sqlText).forEach((statement, index) => {
    const code = normalise(statement);
    const allow = allowed(statement);
    const flag = (rule: Rule) => {
      if (allow.has(rule)) return;
      findings.push({
        tag,
        statement: index + 1,
        rule,
        message: ADVICE[rule],
        text: stripComments(statement).trim().slice(0, 200),
      });
    };

    const createTable = new RegExp(String.raw`^CREATE (?:UNLOGGED )?TABLE (?:IF NOT EXISTS )?${NAME}`).exec(code);
    if (createTable) created.add(tableName(createTable[1]!));

    if (/\bCONCURRENTLY\b/.test(code) && transactional) flag("concurrently-in-transaction");

    const createIndex = new RegExp(String.raw`^CREATE (?:UNIQUE )?INDEX (CONCURRENTLY )?.*? ON (?:ONLY )?${NAME}`).exec(code);
    if (createIndex && !createIndex[1] && !created.has(tableName(createIndex[2]!))) flag("index-not-concurrent");

    if (/^DROP TABLE\b/.test(code)) flag("drop-table");

    const alter = new RegExp(String.raw`^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?${NAME} (.*)$`).exec(code);
    if (!alter) return;
    const table = tableName(alter[1]!);
    const existing = !created.has(table);
    for (const action of topLevelActions(alter[2]!)) {
      if (/^ADD (?:COLUMN )?(?!CONSTRAINT\b)/.test(action) && !/^ADD (CHECK|FOREIGN|UNIQUE|PRIMARY)\b/.test(action)) {
        if (existing && /\bNOT NULL\b/.test(action) && !/\bDEFAULT\b/.test(action) && !/\bGENERATED\b/.test(action))
          flag("not-null-column-without-default");
        if (existing && FILLS_EVERY_ROW.some((pattern) => pattern.test(action))) flag("rewriting-column");
        continue;
      }
      const constraint = /^ADD (?:CONSTRAINT \S+ )?(CHECK|FOREIGN KEY|UNIQUE|PRIMARY KEY|EXCLUDE)\b/.exec(action);
      if (constraint && existing) {
        if (/USING INDEX/.test(action)) continue;
        if (constraint[1] === "UNIQUE" || constraint[1] === "PRIMARY KEY" || constraint[1] === "EXCLUDE")
          flag("unique-constraint");
        else if (!/\bNOT VALID\b/.test(action)) flag("constraint-not-valid");
        else addedNotValid.add(table);
        continue;
      }
      if (/^VALIDATE CONSTRAINT\b/.test(action) && transactional && addedNotValid.has(table)) flag("validate-with-add");
      if (/^ALTER (?:COLUMN )?\S+ (?:SET DATA )?TYPE\b/.test(action) && existing) flag("column-type");
      if (/^ALTER (?:COLUMN )?\S+ SET NOT NULL\b/.test(action) && existing) flag("set-not-null");
      if (/^DROP (?:COLUMN )?(?!CONSTRAINT\b)/.test(action) && existing) flag("drop-column");
      if (/^RENAME\b/.test(action) && !/^RENAME CONSTRAINT\b/.test(action)) flag("rename");
    }
  });
  return findings;
}

interface JournalEntries {
  entries: { tag: string }[];
}

/** The findings of every migration of `folder` not in `baseline`. */
export function lintFolder(folder: string, baseline: readonly string[] = BASELINE): Finding[] {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as JournalEntries;
  const grandfathered = new Set(baseline);
  return journal.entries
    .filter((entry) => !grandfathered.has(entry.tag))
    .flatMap((entry) => lintMigration(entry.tag, fs.readFileSync(path.join(folder, `${entry.tag}.sql`), "utf8")));
}

function main(): void {
  const folder = path.resolve("drizzle", "migrations");
  const findings = lintFolder(folder);
  for (const f of findings) {
    console.error(`drizzle/migrations/${f.tag}.sql, statement ${f.statement}: ${f.rule}: ${f.message}\n    ${f.text}`);
  }
  if (findings.length > 0) {
    console.error(
      `\n${findings.length} migration problem(s). See docs/migrations.md; a statement thought through can carry "-- lint:allow <rule>: why".`,
    );
    process.exit(1);
  }
  console.log("Migrations: no problems found.");
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) main();
