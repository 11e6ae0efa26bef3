// @vitest-environment happy-dom
import { NextIntlClientProvider } from "next-intl";
import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clientMessages } from "@/lib/i18n/client-messages";
import { MESSAGES } from "@/lib/i18n/translate";
import type { ActionResult } from "@/lib/server/action";
import { useInterruptedSubmit } from "./interrupted-submit";

const router = { push: vi.fn() };
vi.mock("next/navigation", () => ({ useRouter: () => router }));

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

type Check = (input: unknown) => Promise<ActionResult<{ applicationId: number | null }>>;

function Probe({ check, onBegin }: { check: Check; onBegin: (begin: () => Promise<void>) => void }) {
  const interrupted = useInterruptedSubmit(check, "PAY-1.mac");
  onBegin(interrupted.begin);
  return (
    <form>
      <input name="amount" defaultValue="1500" />
      {interrupted.notice}
    </form>
  );
}

describe("useInterruptedSubmit", () => {
  let container: HTMLDivElement;
  let root: Root;
  let begin: () => Promise<void> = async () => {};
  beforeEach(() => {
    vi.useFakeTimers();
    router.push.mockReset();
    container = document.createElement("div");
    document.body.append(container);
    root = createRoot(container);
  });
  afterEach(async () => {
    await act(async () => root.unmount());
    container.remove();
    vi.useRealTimers();
  });
  const render = (check: Check) =>
    act(async () =>
      root.render(
        <NextIntlClientProvider locale="en" messages={clientMessages(MESSAGES.en, "(app)/payins/new")} timeZone="UTC">
          <Probe check={check} onBegin={(b) => (begin = b)} />
        </NextIntlClientProvider>,
      ),
    );
  const status = () => document.querySelector('[role="status"]')?.textContent ?? "";

  it("says the outcome is being checked, never that nothing changed, and opens the application once its row is found", async () => {
    const check = vi
      .fn<Check>()
      .mockRejectedValueOnce(new TypeError("Failed to fetch"))
      .mockResolvedValueOnce({ ok: true, data: { applicationId: 42 } });
    await render(check);
    let done: Promise<void> = Promise.resolve();
    await act(async () => {
      done = begin();
    });
    expect(status()).toContain("Checking");
    expect(status()).not.toMatch(/nothing was changed/i);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2_000);
      await done;
    });
    expect(check).toHaveBeenCalledWith({ token: "PAY-1.mac" });
    expect(router.push).toHaveBeenCalledWith("/applications/42");
    expect(status()).toContain("Open the application");
    expect(document.querySelector<HTMLInputElement>('input[name="amount"]')!.value).toBe("1500");
  });

  it("says submitting again is safe when no application was made, and when the server stays silent", async () => {
    await render(vi.fn<Check>().mockResolvedValue({ ok: true, data: { applicationId: null } }));
    await act(async () => {
      const done = begin();
      await vi.advanceTimersByTimeAsync(10_000);
      await done;
    });
    expect(status()).toContain("submit again");
    expect(router.push).not.toHaveBeenCalled();

    await render(vi.fn<Check>().mockRejectedValue(new TypeError("Failed to fetch")));
    await act(async () => {
      const done = begin();
      await vi.advanceTimersByTimeAsync(10_000);
      await done;
    });
    expect(status()).toContain("still does not answer");
  });
});
