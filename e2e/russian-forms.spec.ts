import { expect, test } from "@playwright/test";
import { storageStatePath } from "./support/accounts";

/*
 * The payin and payout forms for a Russian browser: labels, hints and messages in Russian, amounts
 * typed the Russian way (`1 500,50`), and an amount that could be read two ways refused next to its
 * field, with the focus on it.
 */

const SANDBOX = "http://127.0.0.1:4110";
const CARD = "4400430123456789"; // passes Luhn

test.use({ locale: "ru-RU" });

test.describe("operator", () => {
  test.use({ storageState: storageStatePath("operator") });

  test("creates a payin typing 1 500,50 and reads the answer in Russian", async ({ page }) => {
    await page.goto("/payins/new");
    await expect(page.getByRole("heading", { level: 1, name: "Новый платёж" })).toBeVisible();
    const paymentId = (await page.getByTestId("new-payment-id").textContent()) ?? "";
    await expect(page.getByText("В основных единицах, например 1 500,50")).toBeVisible();
    await page.getByLabel("Сумма").fill("1 500,50");
    await page.getByLabel("ID клиента (необязательно)").fill("cus-ru");
    await page.getByRole("button", { name: "Создать платёж" }).click();
    await expect(page).toHaveURL(/\/applications\/\d+$/);
    await expect(page.getByText("Платёж создан в HighHelp.")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(paymentId);
    // Exactly 1500.50 reached HighHelp, in minor units.
    const record = (await (await fetch(`${SANDBOX}/sandbox/applications/${encodeURIComponent(paymentId)}`)).json()) as {
      amount?: number;
    };
    expect(record.amount).toBe(150_050);
    await expect(page.getByRole("main")).toContainText(/1\s500[.,]50/);
  });
});

test.describe("admin", () => {
  test.use({ storageState: storageStatePath("admin") });

  test("refuses an ambiguous amount next to the field, then reviews the payout in Russian", async ({ page }) => {
    await page.goto("/payouts/new");
    await expect(page.getByRole("heading", { level: 1, name: "Новая выплата" })).toBeVisible();
    const amount = page.getByLabel("Сумма");
    await expect(page.locator("#field-amount-hint")).toContainText("по времени Asia/Almaty");
    await page.getByLabel("Номер карты получателя").fill(CARD);
    await amount.fill("1,500");
    await page.getByRole("button", { name: "Проверить выплату" }).click();
    const message = page.locator("#field-amount-error");
    await expect(message).toHaveText(
      "«1,500» — это тысячи или дробная часть? Тысячи пишите с пробелом (1 500) или слитно (1500), а дробную часть — не больше 2 цифр (1,50).",
    );
    await expect(amount).toHaveAttribute("aria-invalid", "true");
    await expect(amount).toHaveAttribute("aria-describedby", "field-amount-error");
    await expect(amount).toBeFocused();
    await expect(page.getByTestId("payout-review")).toHaveCount(0);

    await amount.fill("1 500,50");
    await page.getByRole("button", { name: "Проверить выплату" }).click();
    const review = page.getByTestId("payout-review");
    await expect(review.getByRole("heading", { name: "Проверка выплаты" })).toBeVisible();
    await expect(review).toContainText("440043******6789");
    await expect(review).toContainText("1\u00a0500,50\u00a0₸");
    await expect(review.getByRole("button", { name: "Отправить выплату" })).toBeVisible();
    await review.getByRole("button", { name: "Изменить" }).click();
    await expect(amount).toHaveValue("1 500,50");
  });
});
