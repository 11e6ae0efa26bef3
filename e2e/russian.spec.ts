import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { storageStatePath } from "./support/accounts";
import { parseCsv } from "../test/csv";

/*
 * A finance employee whose browser asks for Russian and who saved no language of their own (the demo
 * viewer) reads the payins list in Russian: words, statuses, amounts with a decimal comma, dates cut in
 * the organisation's zone, and a CSV export a Russian Excel opens as it is.
 */
test.use({ storageState: storageStatePath("viewer"), locale: "ru-RU" });

const rows = (page: Page) => page.getByTestId("applications-table").locator("tbody tr");

test("the payins list, its date filter and its CSV export in Russian", async ({ page }) => {
  // Times render on the server and again in the browser (the table is a client component): both must agree.
  const hydration: string[] = [];
  page.on("pageerror", (error) => hydration.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && /hydrat|Minified React error #(418|423|425)/i.test(message.text()))
      hydration.push(message.text());
  });
  await page.goto("/payins?q=SEED-PI-&status=success");
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  await expect(page.getByRole("heading", { level: 1, name: "Платежи" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Сумма" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Статус" })).toBeVisible();

  // A status in Russian, an amount with a decimal comma and the currency sign after it.
  const first = rows(page).first();
  await expect(first.locator("[data-status='success']")).toHaveText("успешно");
  await expect(first.locator("td:nth-child(3)")).toHaveText(/^\d{1,3}([\s\u00a0\u202f]\d{3})*,\d{2}\s\S+$/);
  await expect(page.getByTestId("list-count")).toContainText(/(платеж|платёж)/);

  // The date filter: the day of the newest row, in the organisation's zone (the page says which).
  await expect(page.getByTestId("filter-note")).toContainText("Даты — целые сутки по поясу организации");
  const shown = await first.locator("td:nth-child(1) time").innerText(); // "01.12.2026, 07:30 GMT+5"
  const [, dd, mm, yyyy] = /^(\d{2})\.(\d{2})\.(\d{4})/.exec(shown)!;
  const day = `${yyyy}-${mm}-${dd}`;
  await page.getByLabel("Создана с").fill(day);
  await page.getByLabel("Создана по").fill(day);
  await page.getByRole("button", { name: "Применить фильтры" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]from=${day}&to=${day}(&|$)`));
  await expect(rows(page).first()).toBeVisible();
  const count = Number(await page.getByTestId("list-count").getAttribute("data-count"));
  expect(count).toBeGreaterThan(0);
  for (const text of await rows(page).locator("td:nth-child(1) time").allInnerTexts()) {
    expect(text.startsWith(`${dd}.${mm}.${yyyy}`)).toBe(true);
  }

  // The export menu: the semicolon dialect, downloaded.
  await page.getByTestId("export-csv").getByText("Выгрузить CSV").click();
  const link = page.getByRole("link", { name: /точка с запятой/ });
  await expect(link).toHaveAttribute("href", new RegExp(`from=${day}.*dialect=semicolon`));
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const bytes = fs.readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...data] = parseCsv(bytes.toString("utf8").slice(1), ";");
  expect(header).toContain("ID платежа");
  expect(header).toContain("Сумма");
  expect(header).toContain("Создана (UTC)");
  expect(header!.some((cell) => /^Создана \(.+\/.+\)$/.test(cell))).toBe(true);
  expect(data.length).toBe(count);
  const amount = header!.indexOf("Сумма");
  const status = header!.indexOf("Статус");
  for (const row of data) {
    expect(row).toHaveLength(header!.length);
    expect(row[amount]).toMatch(/^\d+,\d{2}$/);
    expect(row[status]).toBe("success");
  }

  // Without a dialect the file follows the reader's language: semicolons for Russian.
  const plain = await page.request.get((await link.getAttribute("href"))!.replace(/&dialect=semicolon/, ""), {
    headers: { "accept-language": "ru-RU,ru;q=0.9" },
  });
  expect(plain.status()).toBe(200);
  const plainText = (await plain.text()).replace(/^\ufeff/, "");
  expect(plainText.split("\r\n")[0]).toMatch(/^ID;Создана/);
  expect(hydration).toEqual([]);
});

test("an application page and the dashboard in Russian", async ({ page }) => {
  await page.goto("/payins?q=SEED-PI-&status=success&method=card-p2p");
  const first = rows(page).first();
  const paymentId = (await first.locator("td:nth-child(2)").innerText()).trim();
  await expect(first.locator("td:nth-child(5)")).toHaveText("Перевод на карту (P2P)");
  await first.locator("td:nth-child(2) a").click();
  await expect(page).toHaveURL(/\/applications\/\d+$/);
  // A meaningful title: the type and the payment id.
  await expect(page).toHaveTitle(new RegExp(`^Платёж ${paymentId}`));
  await expect(page.getByTestId("application-status")).toHaveText("успешно");
  // The method by name, its code beside it for staff.
  await expect(page.getByTestId("application-method")).toContainText("Перевод на карту (P2P)");
  await expect(page.getByTestId("application-method").locator(".font-mono")).toHaveText("card-p2p");
  await expect(page.getByTestId("amount-current")).toHaveText(/,\d{2}\s\S+$/);
  // Times on the reader's clock, the UTC instant in the tooltip.
  const created = page.locator("time").first();
  await expect(created).toHaveAttribute("title", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  await expect(created).toHaveText(/^\d\d\.\d\d\.\d{4}, \d\d:\d\d:\d\d GMT/);

  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Сводка" })).toBeVisible();
  await expect(page.getByTestId("business-days")).toContainText("сутки по поясу");
});
