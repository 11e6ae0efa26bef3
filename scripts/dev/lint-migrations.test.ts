import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { NO_TRANSACTION_MARKER as RUNNER_MARKER } from "@/lib/server/migrations";
import { BASELINE, lintFolder, lintMigration, NO_TRANSACTION_MARKER, splitStatements } from "./lint-migrations";

const rules = (sqlText: string) => lintMigration("0100_test", sqlText).map((f) => f.rule);
const BREAK = "--> statement-breakpoint";

describe("the migration linter", () => {
  it("knows the runner's marker", () => {
    expect(NO_TRANSACTION_MARKER).toBe(RUNNER_MARKER);
  });

  it("passes every shipped migration as grandfathered, and the folder has no finding today", () => {
    expect(lintFolder(path.resolve("drizzle", "migrations"))).toEqual([]);
    const journal = JSON.parse(fs.readFileSync("drizzle/migrations/meta/_journal.json", "utf8")) as {
      entries: { tag: string }[];
    };
    expect(journal.entries.map((e) => e.tag).slice(0, BASELINE.length)).toEqual(BASELINE);
  });

  it("splits statements on semicolons outside quotes, dollar quotes and comments", () => {
    const text = `-- a; comment\nCREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;${BREAK}\nSELECT 'a;b', "x;y";\n/* c; */ SELECT 2;`;
    expect(splitStatements(text).map((s) => s.trim().split("\n").at(-1))).toEqual([
      "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql",
      `SELECT 'a;b', "x;y"`,
      "/* c; */ SELECT 2",
    ]);
  });

  it("flags an index built without CONCURRENTLY on an existing table, not on a table of the same migration", () => {
    expect(rules(`CREATE INDEX "applications_x_idx" ON "applications" USING btree ("x");`)).toEqual(["index-not-concurrent"]);
    expect(rules(`CREATE UNIQUE INDEX IF NOT EXISTS x ON public.applications (x);`)).toEqual(["index-not-concurrent"]);
    expect(rules(`CREATE TABLE "things" ("id" integer);${BREAK}\nCREATE INDEX "things_idx" ON "things" ("id");`)).toEqual([]);
    expect(rules(`${NO_TRANSACTION_MARKER}\nCREATE INDEX CONCURRENTLY "x_idx" ON "applications" ("x");`)).toEqual([]);
  });

  it("flags CONCURRENTLY in a migration that runs in a transaction", () => {
    expect(rules(`CREATE INDEX CONCURRENTLY "x_idx" ON "applications" ("x");`)).toEqual(["concurrently-in-transaction"]);
    expect(rules(`DROP INDEX CONCURRENTLY "x_idx";`)).toEqual(["concurrently-in-transaction"]);
  });

  it("flags a NOT NULL column without a default on an existing table", () => {
    expect(rules(`ALTER TABLE "applications" ADD COLUMN "x" text NOT NULL;`)).toEqual(["not-null-column-without-default"]);
    expect(rules(`ALTER TABLE "applications" ADD COLUMN "x" text NOT NULL DEFAULT 'a';`)).toEqual([]);
    expect(rules(`ALTER TABLE "applications" ADD COLUMN "x" text;`)).toEqual([]);
    expect(rules(`CREATE TABLE "t" ("id" int);${BREAK}\nALTER TABLE "t" ADD COLUMN "x" text NOT NULL;`)).toEqual([]);
    expect(rules(`ALTER TABLE "applications" ADD COLUMN "a" int, ADD COLUMN "b" numeric(10, 2) NOT NULL;`)).toEqual([
      "not-null-column-without-default",
    ]);
  });

  it("wants NOT VALID on a new check or foreign key, and validation in a later transaction", () => {
    expect(rules(`ALTER TABLE "applications" ADD CONSTRAINT "c" CHECK ("amount" > 0);`)).toEqual(["constraint-not-valid"]);
    expect(
      rules(
        `ALTER TABLE "audit_log" ADD CONSTRAINT "fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action;`,
      ),
    ).toEqual(["constraint-not-valid"]);
    expect(rules(`ALTER TABLE "applications" ADD CONSTRAINT "c" CHECK ("amount" > 0) NOT VALID;`)).toEqual([]);
    expect(
      rules(
        `ALTER TABLE "applications" ADD CONSTRAINT "c" CHECK ("amount" > 0) NOT VALID;${BREAK}\nALTER TABLE "applications" VALIDATE CONSTRAINT "c";`,
      ),
    ).toEqual(["validate-with-add"]);
    expect(
      rules(
        `${NO_TRANSACTION_MARKER}\nALTER TABLE "applications" ADD CONSTRAINT "c" CHECK ("amount" > 0) NOT VALID;${BREAK}\nALTER TABLE "applications" VALIDATE CONSTRAINT "c";`,
      ),
    ).toEqual([]);
    expect(rules(`ALTER TABLE "applications" VALIDATE CONSTRAINT "c";`)).toEqual([]);
    expect(rules(`ALTER TABLE "applications" ADD CONSTRAINT "u" UNIQUE ("x");`)).toEqual(["unique-constraint"]);
    expect(rules(`ALTER TABLE "applications" ADD CONSTRAINT "u" UNIQUE USING INDEX "u_idx";`)).toEqual([]);
  });

  it("flags type changes, SET NOT NULL, dropped columns and tables, and renames", () => {
    expect(rules(`ALTER TABLE "applications" ALTER COLUMN "amount" SET DATA TYPE numeric;`)).toEqual(["column-type"]);
    expect(rules(`ALTER TABLE applications ALTER amount TYPE numeric USING amount::numeric;`)).toEqual(["column-type"]);
    expect(rules(`ALTER TABLE "applications" ALTER COLUMN "x" SET NOT NULL;`)).toEqual(["set-not-null"]);
    expect(rules(`ALTER TABLE "applications" DROP COLUMN "x";`)).toEqual(["drop-column"]);
    expect(rules(`ALTER TABLE "applications" DROP CONSTRAINT "c";`)).toEqual([]);
    expect(rules(`DROP TABLE "old_things";`)).toEqual(["drop-table"]);
    expect(rules(`ALTER TABLE "applications" RENAME COLUMN "x" TO "y";`)).toEqual(["rename"]);
    expect(rules(`ALTER TABLE "applications" RENAME TO "apps";`)).toEqual(["rename"]);
  });

  it("lets a statement carry its reasoned exception", () => {
    expect(
      rules(`-- lint:allow drop-column: unused since the previous release\nALTER TABLE "applications" DROP COLUMN "x";`),
    ).toEqual([]);
    expect(
      rules(
        `-- lint:allow drop-column\nALTER TABLE "applications" DROP COLUMN "x";${BREAK}\nALTER TABLE "applications" DROP COLUMN "y";`,
      ),
    ).toEqual(["drop-column"]);
  });

  it("ignores words inside strings and comments", () => {
    expect(rules(`-- CREATE INDEX x ON applications (x);\nUPDATE "applications" SET "description" = 'DROP COLUMN x';`)).toEqual(
      [],
    );
  });

  it("reads the journal of a folder and lints only what the baseline does not hold", () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "lint-migrations-"));
    try {
      fs.mkdirSync(path.join(folder, "meta"));
      fs.writeFileSync(
        path.join(folder, "meta", "_journal.json"),
        JSON.stringify({ entries: [{ tag: "0000_old" }, { tag: "0001_new" }] }),
      );
      fs.writeFileSync(path.join(folder, "0000_old.sql"), `ALTER TABLE "a" DROP COLUMN "x";`);
      fs.writeFileSync(path.join(folder, "0001_new.sql"), `SELECT 1;${BREAK}\nALTER TABLE "a" DROP COLUMN "y";`);
      expect(lintFolder(folder, ["0000_old"]).map((f) => [f.tag, f.statement, f.rule])).toEqual([["0001_new", 2, "drop-column"]]);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
