import { describe, expect, it } from "vitest";

import { CSV_COLUMNS, CSV_DIALECTS, csvCell, csvDialectFor, csvHeader, csvHeaderCells, csvRow } from "./csv-export";
import type { ApplicationExportRow } from "./list-queries";

const row = {
  id: 7,
  createdAt: new Date("2026-11-30T09:00:00Z"),
  updatedAt: new Date("2026-11-30T09:05:00Z"),
  paymentId: "PAY-7",
  requestId: "req-7",
  projectId: "p1",
  product: "p2p",
  integration: "h2h",
  method: "card-p2p",
  widgetMethod: null,
  status: "success",
  subStatus: null,
  statusDescription: "paid; thanks",
  amount: 150050,
  oldAmount: null,
  initialAmount: 150000,
  currency: "KZT",
  customerId: null,
  cardLast4: "6789",
  senderPanMasked: null,
  receiverPanMasked: null,
  expiresAt: null,
} as unknown as ApplicationExportRow;

describe("CSV dialects", () => {
  it("chooses semicolons and decimal commas for Russian, commas and dots for English", () => {
    expect(csvDialectFor("ru-RU")).toBe("semicolon");
    expect(csvDialectFor("ru")).toBe("semicolon");
    expect(csvDialectFor("en")).toBe("comma");
    expect(csvDialectFor("ru", "comma")).toBe("comma");
    expect(csvDialectFor("en", "nonsense")).toBe("comma");
  });

  it("writes amounts with the dialect's decimal mark and splits cells with its separator", () => {
    const ru = csvRow(row, "payin", { dialect: CSV_DIALECTS.semicolon, registerNames: new Map([["p1", "Kazakhstan KZT"]]) });
    // The description holds the separator, so it is quoted.
    expect(ru).toContain('"paid; thanks"');
    const cells = ru.replace('"paid; thanks"', "description").trimEnd().split(";");
    expect(cells).toHaveLength(csvHeader({ dialect: CSV_DIALECTS.semicolon }).trimEnd().split(";").length);
    expect(cells).toContain("1500,50");
    expect(cells).toContain("Kazakhstan KZT");
    const en = csvRow(row, "payin");
    expect(en.split(",")).toContain("1500.50");
    expect(en).toContain(",paid; thanks,");
  });

  it("quotes a cell holding the separator of either dialect and defuses formulas", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("a;b")).toBe("a;b");
    expect(csvCell("a;b", CSV_DIALECTS.semicolon)).toBe('"a;b"');
    expect(csvCell("=SUM(A1)", CSV_DIALECTS.semicolon)).toBe("'=SUM(A1)");
  });
});

describe("CSV headers and times for the reader", () => {
  it("names the columns in the reader's language, with the zone of the time columns", () => {
    const ru = csvHeaderCells("ru", "Asia/Almaty");
    expect(ru).toHaveLength(CSV_COLUMNS.length);
    expect(ru[CSV_COLUMNS.indexOf("created_at")]).toBe("Создана (Asia/Almaty)");
    expect(ru[CSV_COLUMNS.indexOf("created_at_utc")]).toBe("Создана (UTC)");
    expect(ru[CSV_COLUMNS.indexOf("amount")]).toBe("Сумма");
    expect(csvHeaderCells("en")[CSV_COLUMNS.indexOf("payment_id")]).toBe("Payment ID");
    // Every header is a translation, never a key left over.
    for (const cell of [...ru, ...csvHeaderCells("en")]) expect(cell).not.toMatch(/^csv\./);
    expect(csvHeader({ dialect: CSV_DIALECTS.semicolon, locale: "ru", timeZone: "Asia/Almaty" })).toMatch(
      /^ID;Создана \(Asia\/Almaty\);Создана \(UTC\);/,
    );
  });

  it("writes times on the reader's clock, and the UTC instant of creation beside them", () => {
    const cells = csvRow(row, "payin", { timeZone: "Asia/Almaty" }).trimEnd().split(",");
    expect(cells[CSV_COLUMNS.indexOf("created_at")]).toBe("2026-11-30 14:00:00");
    expect(cells[CSV_COLUMNS.indexOf("created_at_utc")]).toBe("2026-11-30T09:00:00.000Z");
    expect(cells[CSV_COLUMNS.indexOf("updated_at")]).toBe("2026-11-30 14:05:00");
    expect(cells[CSV_COLUMNS.indexOf("expires_at")]).toBe("");
  });
});

describe("CSV status column", () => {
  const statusOf = (patch: Partial<ApplicationExportRow>) => {
    const cells = csvRow({ ...row, ...patch } as ApplicationExportRow, "payout")
      .trimEnd()
      .split(",");
    return cells[CSV_COLUMNS.indexOf("status")];
  };

  it("writes HighHelp's status, else our side's state: never empty", () => {
    expect(statusOf({ status: "success", submission: "sent" })).toBe("success");
    expect(statusOf({ status: null, submission: "refused" })).toBe("refused");
    expect(statusOf({ status: null, submission: "awaiting_approval" })).toBe("awaiting_approval");
    expect(statusOf({ status: null, submission: "sending" })).toBe("sending");
  });
});
