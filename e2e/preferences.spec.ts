import { expect, test } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { storageStatePath } from "./support/accounts";

/*
 * Language: the profile's choice, else the browser's, else the organisation's default. Finance staff
 * with a Russian browser read the back-office in Russian without setting anything; anyone can choose
 * on the preferences page.
 */

test("a Russian browser gets the back-office in Russian", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStatePath("viewer"), baseURL: BASE_URL, locale: "ru-RU" });
  try {
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "ru");
    const nav = page.getByRole("navigation", { name: "Главное меню" });
    await expect(nav.getByRole("link", { name: "Платежи" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Выплаты" })).toBeVisible();
    await expect(page.getByTestId("current-user")).toContainText("Финансовый сотрудник");
  } finally {
    await context.close();
  }
});

test("the preferences page switches the language and back", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStatePath("viewer"), baseURL: BASE_URL, locale: "en-US" });
  const page = await context.newPage();
  try {
    await page.goto("/");
    await page.getByRole("link", { name: "Language and time zone" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Language and time zone" })).toBeVisible();
    const form = page.getByTestId("preferences-form");
    await expect(form.getByLabel("Language")).toHaveValue("");
    await form.getByLabel("Language").selectOption("ru");
    await form.getByLabel("Time zone").selectOption("Asia/Bishkek");
    await form.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Сохранено.")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: "Язык и часовой пояс" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Главное меню" }).getByRole("link", { name: "Платежи" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  } finally {
    // Back to automatic, so the viewer's other tests read English again.
    await page.goto("/preferences");
    const form = page.getByTestId("preferences-form");
    await form.locator("select[name=locale]").selectOption("");
    await form.locator("select[name=timeZone]").selectOption("");
    await form.getByRole("button").click();
    await expect(page.getByRole("heading", { level: 1, name: "Language and time zone" })).toBeVisible();
    await context.close();
  }
});
