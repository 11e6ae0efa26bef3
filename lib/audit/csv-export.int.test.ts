import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications } from "@/drizzle/schema";
import { createUser } from "@/lib/accounts/commands";
import { ALL_PROJECTS } from "@/lib/accounts/register-scope";
import { CSV_DIALECTS, csvByteStream } from "@/lib/csv/dialect";
import { parseCsv } from "@/test/csv";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { recordAudit } from "./commands";
import { auditCsvHeader, auditCsvRow } from "./csv-export";
import { auditExportBatches, auditNames } from "./queries";
import { parseAuditParams } from "./url-state";

/** The file as the route writes it, read back: rows of cells (quoted cells unquoted). */
async function exportFile(database: TestDatabase, query: string, dialectName: "comma" | "semicolon", locale: string) {
  const dialect = CSV_DIALECTS[dialectName];
  const { ignored: _ignored, ...params } = parseAuditParams(new URLSearchParams(query));
  const batches = (async function* () {
    for await (const rows of auditExportBatches(database.db, params, ALL_PROJECTS, 2)) {
      const names = await auditNames(database.db, rows);
      yield rows.map((row) => ({ row, names }));
    }
  })();
  const stream = csvByteStream(auditCsvHeader({ dialect, locale, timeZone: "Asia/Almaty" }), batches, null, ({ row, names }) =>
    auditCsvRow(row, { dialect, timeZone: "Asia/Almaty", names }),
  );
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  return { text, rows: parseCsv(text.replace(/^\ufeff/, ""), dialect.separator) };
}

describe.each(testDatabaseKinds())("audit log CSV on %s", (kind) => {
  let database: TestDatabase;
  let aliceId: number;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const alice = await createUser(database.db, {
      email: "alice@example.kz",
      name: "Alice Admin",
      role: "admin",
      password: "alice long password",
    });
    const bob = await createUser(database.db, {
      email: "bob@example.kz",
      name: "Bob Operator",
      role: "operator",
      password: "bob long password",
    });
    aliceId = alice.id;
    const [app] = await database.db
      .insert(applications)
      .values({
        projectId: "csv",
        paymentId: "PAY-CSV",
        type: "payin",
        product: "p2p",
        integration: "h2h",
        amount: 150_050,
        currency: "KZT",
      })
      .returning();
    const asAlice = { userId: alice.id, email: alice.email, ip: "10.0.0.1" };
    await recordAudit(database.db, asAlice, {
      action: "payin.create",
      targetType: "application",
      targetId: "PAY-CSV",
      applicationId: app!.id,
      details: { amount: 150_050, currency: "KZT", flow: "h2h" },
    });
    await recordAudit(database.db, asAlice, {
      action: "user.admin_confirm",
      targetType: "user",
      targetId: String(bob.id),
      details: { email: bob.email, requestedBy: alice.id, note: '=HYPERLINK("x"); "quoted"' },
    });
    await recordAudit(database.db, asAlice, { action: "system.tick", targetType: "system" });
  });

  afterAll(async () => {
    await database?.drop();
  });

  it("writes the filtered log newest first: names, amounts in major units, Russian dialect with a BOM", async () => {
    const { text, rows } = await exportFile(database, "action=payin.", "semicolon", "ru");
    expect(text.startsWith("\ufeff")).toBe(true);
    expect(rows[0]).toEqual([
      "ID",
      "Время (Asia/Almaty)",
      "Время (UTC)",
      "Email пользователя",
      "Имя пользователя",
      "Действие",
      "Тип объекта",
      "Объект",
      "ID объекта",
      "ID платежа",
      "IP",
      "Подробности",
    ]);
    expect(rows).toHaveLength(2);
    const [, , utc, email, name, action, targetType, target, , paymentId, ip, details] = rows[1]!;
    expect(utc).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect([email, name, action, targetType, target, paymentId, ip]).toEqual([
      "alice@example.kz",
      "Alice Admin",
      "payin.create",
      "application",
      "PAY-CSV",
      "PAY-CSV",
      "10.0.0.1",
    ]);
    expect(details).toBe("amount: 1500,50 KZT; flow: h2h");
  });

  it("names users in targets and details, quotes what needs it, and pages through the whole log in English", async () => {
    const { rows } = await exportFile(database, "", "comma", "en");
    expect(rows[0]![0]).toBe("ID");
    // Newest first; the accounts' own creation entries are the oldest.
    expect(rows.slice(1).map((r) => r[5])).toEqual([
      "system.tick",
      "user.admin_confirm",
      "payin.create",
      "user.create",
      "user.create",
    ]);
    const confirm = rows[2]!;
    expect(confirm[7]).toBe("Bob Operator");
    expect(confirm[11]).toBe(
      `email: bob@example.kz; note: =HYPERLINK("x"); "quoted"; requestedBy: Alice Admin <alice@example.kz>`,
    );
    const payin = rows[3]!;
    expect(payin[11]).toBe("amount: 1500.50 KZT; flow: h2h");
    expect(aliceId).toBeGreaterThan(0);
  });
});
