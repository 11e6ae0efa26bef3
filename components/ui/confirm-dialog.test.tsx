// @vitest-environment happy-dom
import { NextIntlClientProvider } from "next-intl";
import { act, useState } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clientMessages } from "@/lib/i18n/client-messages";
import { MESSAGES } from "@/lib/i18n/translate";
import { ConfirmDialog } from "./confirm-dialog";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const onConfirm = vi.fn();

function Harness() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Reject payout
      </button>
      <ConfirmDialog
        open={open}
        title="Reject this payout?"
        body="This cannot be undone."
        confirmLabel="Reject for good"
        variant="danger"
        pending={false}
        onConfirm={() => {
          onConfirm();
          setOpen(false);
        }}
        onClose={() => setOpen(false)}
      />
    </>
  );
}

describe("the confirmation dialog", () => {
  let container: HTMLDivElement;
  let root: Root;
  beforeEach(async () => {
    onConfirm.mockClear();
    container = document.createElement("div");
    document.body.append(container);
    root = createRoot(container);
    await act(async () =>
      root.render(
        <NextIntlClientProvider locale="en" messages={clientMessages(MESSAGES.en, "(app)/users")}>
          <Harness />
        </NextIntlClientProvider>,
      ),
    );
  });
  afterEach(async () => {
    await act(async () => root.unmount());
    container.remove();
  });

  const dialog = () => document.querySelector("dialog")!;
  const button = (text: string) => [...document.querySelectorAll("button")].find((b) => b.textContent === text)!;

  it("stays closed until asked, then is a modal named by its title and described by its body", async () => {
    expect(dialog().open).toBe(false);
    await act(async () => button("Reject payout").click());
    expect(dialog().open).toBe(true);
    expect(document.getElementById(dialog().getAttribute("aria-labelledby")!)?.textContent).toBe("Reject this payout?");
    expect(document.getElementById(dialog().getAttribute("aria-describedby")!)?.textContent).toBe("This cannot be undone.");
  });

  it("Back closes it without running anything", async () => {
    await act(async () => button("Reject payout").click());
    await act(async () => button("Back").click());
    expect(dialog().open).toBe(false);
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it("the confirm button runs the action once", async () => {
    await act(async () => button("Reject payout").click());
    await act(async () => button("Reject for good").click());
    expect(onConfirm).toHaveBeenCalledOnce();
    expect(dialog().open).toBe(false);
  });
});
