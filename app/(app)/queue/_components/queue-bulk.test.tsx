// @vitest-environment happy-dom
import { NextIntlClientProvider } from "next-intl";
import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { clientMessages } from "@/lib/i18n/client-messages";
import { MESSAGES } from "@/lib/i18n/translate";
import { workOnItemsAction } from "../actions";
import { QueueBulkBar, QueueSelectAll, QueueSelectBox, QueueSelection, type QueueTab } from "./queue-bulk";

vi.mock("../actions", () => ({
  workOnItemsAction: vi.fn(async () => ({ ok: true, data: { done: 1000, gone: 0, more: true }, message: "done" })),
}));
vi.mock("@/components/step-up", () => ({ useStepUp: () => (action: unknown) => action }));
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: vi.fn() }) }));

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

describe("working on a whole queue tab", () => {
  let container: HTMLDivElement;
  let root: Root;
  const show = (tab: QueueTab, locale: "en" | "ru" = "en") =>
    act(async () => {
      container = document.createElement("div");
      document.body.append(container);
      root = createRoot(container);
      root.render(
        <NextIntlClientProvider locale={locale} messages={clientMessages(MESSAGES[locale], "(app)/queue")}>
          <QueueSelection ids={[11, 12]} tab={tab}>
            <QueueBulkBar />
            <QueueSelectAll />
            <QueueSelectBox itemId={11} paymentId="PI-11" />
            <QueueSelectBox itemId={12} paymentId="PI-12" />
          </QueueSelection>
        </NextIntlClientProvider>,
      );
    });
  afterEach(async () => {
    await act(async () => root.unmount());
    container.remove();
    vi.mocked(workOnItemsAction).mockClear();
  });
  const button = (text: string) => [...document.querySelectorAll("button")].find((b) => b.textContent === text);
  const status = () => document.querySelector('[role="status"]')?.textContent;
  const box = (label: string) => document.querySelector<HTMLInputElement>(`input[aria-label="${label}"]`)!;

  it("is offered once the whole page is ticked, asks first, and sends the tab, not the page's items", async () => {
    await show({ reason: "dispute", mine: false, count: 1000, capped: true });
    expect(button("Select the oldest 1,000 items of this tab")).toBeUndefined();
    await act(async () => box("Select every item on this page").click());
    await act(async () => button("Select the oldest 1,000 items of this tab")!.click());
    expect(status()).toBe("The oldest 1,000 items of this tab are selected; the rest stay for another round");

    await act(async () => button("Assign to me")!.click());
    expect(workOnItemsAction).not.toHaveBeenCalled();
    const dialog = document.querySelector("dialog")!;
    expect(dialog.textContent).toContain("Assign 1,000 items to yourself?");
    await act(async () => [...dialog.querySelectorAll("button")].find((b) => b.textContent === "Assign to me")!.click());
    expect(workOnItemsAction).toHaveBeenCalledWith({ do: "assign_to_me", tab: { reason: "dispute", mine: false } });
  });

  it("counts a small tab whole, and unticking an item goes back to the ticked items", async () => {
    await show({ reason: null, mine: true, count: 7, capped: false });
    await act(async () => box("Select every item on this page").click());
    await act(async () => button("Select all 7 items of this tab")!.click());
    expect(status()).toBe("All 7 items of this tab are selected");
    await act(async () => box("Select PI-12").click());
    expect(status()).toBe("1 item selected");
    await act(async () => button("Assign to me")!.click());
    expect(workOnItemsAction).toHaveBeenCalledWith({ do: "assign_to_me", itemIds: [11] });
  });

  it("says it in Russian, with the plural the number takes", async () => {
    await show({ reason: null, mine: false, count: 364, capped: false }, "ru");
    await act(async () => box("Выбрать все задачи на этой странице").click());
    await act(async () => button("Выбрать все 364 задачи этой вкладки")!.click());
    expect(status()).toBe("Выбраны все 364 задачи этой вкладки");
    await act(async () => button("Взять себе")!.click());
    expect(document.querySelector("dialog")?.textContent).toContain("Назначить себе 364 задачи?");
  });

  it("is not offered when the page holds the whole tab", async () => {
    await show({ reason: "error", mine: false, count: 2, capped: false });
    await act(async () => box("Select every item on this page").click());
    expect(status()).toBe("2 items selected");
    expect([...document.querySelectorAll("button")].some((b) => /of this tab/.test(b.textContent ?? ""))).toBe(false);
  });
});
