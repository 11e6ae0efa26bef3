// @vitest-environment happy-dom
import { NextIntlClientProvider } from "next-intl";
import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, describe, expect, it } from "vitest";
import { clientMessages } from "@/lib/i18n/client-messages";
import { MESSAGES } from "@/lib/i18n/translate";
import { AmountField } from "./amount-field";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

describe("AmountField", () => {
  let container: HTMLDivElement;
  let root: Root;
  const render = (locale: "en" | "ru", props: { currency?: string; error?: string } = {}) =>
    act(async () =>
      root.render(
        <NextIntlClientProvider
          locale={locale}
          messages={clientMessages(MESSAGES[locale], "(app)/payins/new")}
          timeZone="Asia/Almaty"
        >
          <AmountField label="Amount" name="amount" currency={props.currency ?? "KZT"} hint="Major units." error={props.error} />
        </NextIntlClientProvider>,
      ),
    );
  const input = () => document.querySelector<HTMLInputElement>("#field-amount")!;
  const type = (text: string) =>
    act(async () => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!.call(input(), text);
      input().dispatchEvent(new Event("input", { bubbles: true }));
      input().dispatchEvent(new FocusEvent("focusout", { bubbles: true }));
    });
  const hint = () => document.querySelector("#field-amount-hint")?.textContent;
  const error = () => document.querySelector("#field-amount-error")?.textContent;

  afterEach(async () => {
    await act(async () => root.unmount());
    container.remove();
  });
  const mount = () => {
    container = document.createElement("div");
    document.body.append(container);
    root = createRoot(container);
  };

  it("says how a Russian-typed amount reads, in the reader's locale", async () => {
    mount();
    await render("ru");
    expect(hint()).toBe("Major units.");
    await type("1 500,50");
    expect(hint()).toBe("Читается как 1\u00a0500,50\u00a0₸. Major units.");
    expect(input().getAttribute("aria-invalid")).toBeNull();
  });

  it("says what is wrong by the server's rules, next to the field", async () => {
    mount();
    await render("en");
    await type("1,500");
    expect(error()).toMatch(/^Is “1,500” thousands or decimals\?/);
    expect(input().getAttribute("aria-invalid")).toBe("true");
    await type("0");
    expect(error()).toBe("Between ₸0.01 and ₸100,000,000,000.00.");
    await type("1,500.50");
    expect(error()).toBeUndefined();
    expect(hint()).toBe("Reads as ₸1,500.50. Major units.");
  });

  it("shows the server's message when there is one, until the amount changes", async () => {
    mount();
    await render("en", { error: "Above the limit of ₸5,000,000.00 per payout." });
    expect(error()).toBe("Above the limit of ₸5,000,000.00 per payout.");
    await type("100");
    expect(error()).toBeUndefined();
    expect(hint()).toBe("Reads as ₸100.00. Major units.");
  });

  it("stays as it is when the person leaves it for the form's submit button, so the button does not move under the click", async () => {
    mount();
    await act(async () =>
      root.render(
        <NextIntlClientProvider locale="ru" messages={clientMessages(MESSAGES.ru, "(app)/payins/new")} timeZone="Asia/Almaty">
          <form>
            <AmountField label="Amount" name="amount" currency="KZT" hint="Major units." />
            <button type="submit">Create</button>
          </form>
        </NextIntlClientProvider>,
      ),
    );
    const submit = document.querySelector<HTMLButtonElement>("button[type=submit]")!;
    await act(async () => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!.call(input(), "12,345,67");
      input().dispatchEvent(new Event("input", { bubbles: true }));
      input().dispatchEvent(new FocusEvent("focusout", { bubbles: true, relatedTarget: submit }));
    });
    expect(error()).toBeUndefined();
    expect(hint()).toBe("Major units.");
    // Leaving it for anything else says what is wrong.
    await act(async () => {
      input().dispatchEvent(new FocusEvent("focusout", { bubbles: true, relatedTarget: document.body }));
    });
    expect(error()).toMatch(/\S/);
    expect(input().getAttribute("aria-invalid")).toBe("true");
  });
});
