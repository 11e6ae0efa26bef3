import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications, auditLog, statusEvents, users } from "@/drizzle/schema";
import { executeRows } from "@/lib/server/sql";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";

describe.each(testDatabaseKinds())("schema and migrations on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.drop();
  });

  const baseApplication = {
    projectId: "p-1",
    type: "payin",
    product: "p2p",
    integration: "h2h",
    amount: 10_000,
    currency: "KZT",
  } as const;

  it("creates every table of the data model", async () => {
    const rows = await executeRows<{ table_name: string }>(
      database.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const names = rows.map((r) => r.table_name);
    expect(names).toEqual([
      "account_interventions",
      "app_settings",
      "application_rollup_contributions",
      "application_rollup_months",
      "application_rollups",
      "applications",
      "audit_log",
      "balance_snapshots",
      "callback_deliveries",
      "callback_quarantine",
      "default_views",
      "job_leases",
      "job_watermarks",
      "notifications",
      "recovery_codes",
      "register_alert_keys",
      "register_banks",
      "registers",
      "revoked_sessions",
      "saved_views",
      "session_factors",
      "sign_in_throttle",
      "status_events",
      "user_factors",
      "user_registers",
      "users",
      "webhook_deliveries",
      "webhook_settings",
      "work_items",
      "work_notes",
    ]);
  });

  it("makes email unique regardless of case", async () => {
    await database.db.insert(users).values({ email: "Ops@Example.kz", name: "A", role: "admin", passwordHash: "x" });
    await expect(
      database.db.insert(users).values({ email: "ops@example.KZ", name: "B", role: "viewer", passwordHash: "x" }),
    ).rejects.toThrow();
  });

  it("keeps payment_id unique per cash register only", async () => {
    await database.db.insert(applications).values({ ...baseApplication, paymentId: "ORD-1" });
    await database.db.insert(applications).values({ ...baseApplication, projectId: "p-2", paymentId: "ORD-1" });
    await expect(database.db.insert(applications).values({ ...baseApplication, paymentId: "ORD-1" })).rejects.toThrow();
  });

  it("stores amounts up to 10^13 exactly", async () => {
    const [row] = await database.db
      .insert(applications)
      .values({ ...baseApplication, paymentId: "ORD-max", amount: 10_000_000_000_000, initialAmount: 1 })
      .returning();
    expect(row?.amount).toBe(10_000_000_000_000);
    expect(row?.initialAmount).toBe(1);
  });

  it("refuses a full card number in a masked card column", async () => {
    await expect(
      database.db
        .insert(applications)
        .values({ ...baseApplication, paymentId: "ORD-pan", receiverPanMasked: "4400430140020306" }),
    ).rejects.toThrow();
    await database.db
      .insert(applications)
      .values({ ...baseApplication, paymentId: "ORD-masked", receiverPanMasked: "440043******0306" });
  });

  it("refuses a second status event with the same idempotency key", async () => {
    const [app] = await database.db
      .insert(applications)
      .values({ ...baseApplication, paymentId: "ORD-ev" })
      .returning();
    const event = {
      applicationId: app!.id,
      status: "processing",
      subStatus: "new",
      source: "callback",
      idempotencyKey: "p-1:ORD-ev:processing:new",
    } as const;
    await database.db.insert(statusEvents).values(event);
    await expect(database.db.insert(statusEvents).values({ ...event, source: "poll" })).rejects.toThrow();
  });

  it("keeps the audit log append-only", async () => {
    const [entry] = await database.db.insert(auditLog).values({ action: "test.append", targetType: "system" }).returning();
    await expect(
      database.db
        .update(auditLog)
        .set({ action: "tampered" })
        .where(sql`id = ${entry!.id}`),
    ).rejects.toThrow();
    await expect(database.db.delete(auditLog).where(sql`id = ${entry!.id}`)).rejects.toThrow();
    await expect(database.db.execute(sql`truncate audit_log`)).rejects.toThrow();
  });
});
