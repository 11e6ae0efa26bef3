import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, users } from "@/drizzle/schema";
import { AppError } from "@/lib/server/errors";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { deleteView, saveView, setDefaultView, viewQuery, type ViewActor } from "./commands";
import { findDefaultView, listVisibleViews } from "./queries";
import { saveViewSchema } from "./schemas";

describe.each(testDatabaseKinds())("saved views on %s", (kind) => {
  let database: TestDatabase;
  let operator: ViewActor;
  let viewer: ViewActor;
  let colleague: ViewActor;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const [a, b, c] = await database.db
      .insert(users)
      .values([
        { email: "op@views.test", name: "Op", role: "operator", passwordHash: "x" },
        { email: "viewer@views.test", name: "Viewer", role: "viewer", passwordHash: "x" },
        { email: "other@views.test", name: "Other", role: "viewer", passwordHash: "x" },
      ])
      .returning({ id: users.id, email: users.email });
    operator = { userId: a!.id, email: a!.email, canShare: true };
    viewer = { userId: b!.id, email: b!.email, canShare: false };
    colleague = { userId: c!.id, email: c!.email, canShare: false };
  });
  afterAll(async () => {
    await database?.drop();
  });

  const input = (name: string, query: string, shared = false) => saveViewSchema.parse({ listType: "payin", name, query, shared });

  it("keeps the list state as the list writes it: defaults, cursor and saved view left out", () => {
    expect(viewQuery("status=dispute&sort=created&dir=desc&size=50&saved=3&currency=kzt")).toBe("status=dispute&currency=KZT");
    expect(viewQuery("garbage=1&size=7")).toBe("");
  });

  it("shows personal views to their owner only, shared ones to everyone", async () => {
    const mine = await saveView(database.db, viewer, input("My disputes", "status=dispute"));
    const team = await saveView(database.db, operator, input("Team KZT", "currency=KZT&sort=amount", true));
    await saveView(database.db, operator, input("Op only", "q=abc"));

    const seenByViewer = await listVisibleViews(database.db, viewer.userId, "payin");
    expect(seenByViewer.map((v) => [v.name, v.mine, v.shared])).toEqual([
      ["My disputes", true, false],
      ["Team KZT", false, true],
    ]);
    expect(seenByViewer[1]).toMatchObject({ ownerEmail: "op@views.test", query: "currency=KZT&sort=amount" });
    expect((await listVisibleViews(database.db, colleague.userId, "payin")).map((v) => v.id)).toEqual([team.id]);
    expect(await listVisibleViews(database.db, colleague.userId, "payout")).toEqual([]);
    expect((await listVisibleViews(database.db, operator.userId, "payin")).map((v) => v.name)).toEqual(["Op only", "Team KZT"]);
    expect(mine.id).toBeGreaterThan(0);
  });

  it("refuses sharing without the permission, and overwrites a view saved again under its name", async () => {
    await expect(saveView(database.db, viewer, input("Shared?", "", true))).rejects.toMatchObject({
      code: "forbidden:views:share",
    });
    const first = await saveView(database.db, viewer, input("Again", "status=success"));
    const second = await saveView(database.db, viewer, input("Again", "status=decline"));
    expect(second.id).toBe(first.id);
    const again = (await listVisibleViews(database.db, viewer.userId, "payin")).find((v) => v.name === "Again");
    expect(again?.query).toBe("status=decline");
    expect(() => input("", "")).toThrow();
    expect(() => input("x".repeat(81), "")).toThrow();
  });

  it("applies a default view per user and list, own or shared; deleting it leaves no default", async () => {
    const team = (await listVisibleViews(database.db, colleague.userId, "payin")).find((v) => v.name === "Team KZT")!;
    await setDefaultView(database.db, colleague, "payin", team.id);
    expect(await findDefaultView(database.db, colleague.userId, "payin")).toEqual({ id: team.id, query: team.query });
    expect(await findDefaultView(database.db, colleague.userId, "payout")).toBeNull();
    expect(await findDefaultView(database.db, viewer.userId, "payin")).toBeNull();
    expect((await listVisibleViews(database.db, colleague.userId, "payin")).find((v) => v.id === team.id)?.isDefault).toBe(true);

    // A view of another list, or one the user cannot see, cannot be a default.
    const opOnly = (await listVisibleViews(database.db, operator.userId, "payin")).find((v) => v.name === "Op only")!;
    await expect(setDefaultView(database.db, colleague, "payin", opOnly.id)).rejects.toBeInstanceOf(AppError);
    await expect(setDefaultView(database.db, colleague, "payout", team.id)).rejects.toMatchObject({ code: "not_found:view" });

    // Only the owner deletes; the colleague's default goes with the view.
    await expect(deleteView(database.db, colleague, team.id)).rejects.toMatchObject({ code: "forbidden:views:owner" });
    await deleteView(database.db, operator, team.id);
    expect(await findDefaultView(database.db, colleague.userId, "payin")).toBeNull();

    await setDefaultView(database.db, viewer, "payin", (await listVisibleViews(database.db, viewer.userId, "payin"))[0]!.id);
    await setDefaultView(database.db, viewer, "payin", undefined);
    expect(await findDefaultView(database.db, viewer.userId, "payin")).toBeNull();
  });

  it("audits every change", async () => {
    const entries = await database.db.select().from(auditLog).where(eq(auditLog.targetType, "saved_view"));
    const actions = entries.map((e) => e.action);
    expect(actions).toContain("view.save");
    expect(actions).toContain("view.default");
    expect(actions).toContain("view.delete");
    expect(entries.find((e) => e.action === "view.delete")).toMatchObject({ actorEmail: "op@views.test" });
  });
});
