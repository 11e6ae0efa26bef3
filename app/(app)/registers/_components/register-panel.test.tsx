// @vitest-environment happy-dom
import { NextIntlClientProvider } from "next-intl";
import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { clientMessages } from "@/lib/i18n/client-messages";
import { MESSAGES } from "@/lib/i18n/translate";
import { RegisterPanel, type RegisterPanelData } from "./register-panel";

vi.mock("../actions", () => ({
  addAlertKeyAction: vi.fn(),
  deleteRegisterAction: vi.fn(),
  retireAlertKeyAction: vi.fn(),
  setRegisterStatusAction: vi.fn(),
  testRegisterConnectionAction: vi.fn(),
}));
vi.mock("@/components/step-up", () => ({ useStepUp: () => (action: unknown) => action }));
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: vi.fn() }) }));

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const register: RegisterPanelData = {
  id: 3,
  name: "Kazakhstan KZT",
  status: "active",
  callbackUrls: [{ label: "Success (merchant_success_callback_url)", url: "https://example.kz/success" }],
  alertKeys: [{ id: 9, fingerprint: "ab:cd", usable: true }],
};

describe("a register's panel", () => {
  let container: HTMLDivElement;
  let root: Root;
  const show = (locale: "en" | "ru") =>
    act(async () => {
      container = document.createElement("div");
      document.body.append(container);
      root = createRoot(container);
      root.render(
        <NextIntlClientProvider locale={locale} messages={clientMessages(MESSAGES[locale], "(app)/registers")}>
          <RegisterPanel register={register} />
        </NextIntlClientProvider>,
      );
    });
  afterEach(async () => {
    await act(async () => root.unmount());
    container.remove();
  });
  const buttons = () => [...document.querySelectorAll("button")].map((b) => b.getAttribute("aria-label") ?? b.textContent);

  it("says in English what the end-to-end tests look for", async () => {
    await show("en");
    expect(buttons()).toEqual(
      expect.arrayContaining(["Test connection", "Disable", "Delete", "Retire alert key ab:cd", "Add alert key"]),
    );
    expect(document.querySelector("form")?.getAttribute("aria-label")).toBe("Rotate the alert key of Kazakhstan KZT");
    expect(buttons()).toContain("Copy Success (merchant_success_callback_url) of Kazakhstan KZT");
    const disable = [...document.querySelectorAll("button")].find((b) => b.textContent === "Disable")!;
    await act(async () => disable.click());
    expect(document.querySelector("dialog")?.textContent).toContain("Disable Kazakhstan KZT?");
  });

  it("speaks Russian", async () => {
    await show("ru");
    expect(buttons()).toEqual(expect.arrayContaining(["Проверить подключение", "Отключить", "Отозвать ключ уведомлений ab:cd"]));
    expect(container.textContent).toContain("Действующие ключи уведомлений");
  });
});
