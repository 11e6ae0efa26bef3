// @vitest-environment happy-dom
import { NextIntlClientProvider } from "next-intl";
import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clientMessages } from "@/lib/i18n/client-messages";
import { MESSAGES } from "@/lib/i18n/translate";
import { DataTableFilterForm } from "./data-table-filter-form";
import type { FilterField } from "./types";

const router = { push: vi.fn() };
vi.mock("next/navigation", () => ({ useRouter: () => router, usePathname: () => "/callbacks" }));

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const FIELDS: FilterField[] = [
  { kind: "date", name: "from", label: "From" },
  { kind: "date", name: "to", label: "To", notBefore: "from" },
];

describe("DataTableFilterForm, a period's days", () => {
  let container: HTMLDivElement;
  let root: Root;
  beforeEach(() => {
    router.push.mockReset();
    container = document.createElement("div");
    document.body.append(container);
    root = createRoot(container);
  });
  afterEach(async () => {
    await act(async () => root.unmount());
    container.remove();
  });

  const render = (values: Record<string, string>, locale: "en" | "ru" = "en") =>
    act(async () =>
      root.render(
        <NextIntlClientProvider locale={locale} messages={clientMessages(MESSAGES[locale])} timeZone="UTC">
          {/* Keyed by its values, as every page keys it by its URL. */}
          <DataTableFilterForm
            key={JSON.stringify(values)}
            fields={FIELDS}
            values={values}
            preserve={{}}
            resetHref="/callbacks"
          />
        </NextIntlClientProvider>,
      ),
    );
  const input = (name: string) => container.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
  const submit = () =>
    act(async () => {
      container.querySelector("form")!.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    });

  it("refuses an end before the start next to the end, which takes the focus, and goes nowhere", async () => {
    await render({ from: "2026-11-30", to: "2026-11-01" });
    await submit();
    expect(router.push).not.toHaveBeenCalled();
    const to = input("to");
    expect(to.getAttribute("aria-invalid")).toBe("true");
    const error = document.getElementById(to.getAttribute("aria-describedby")!);
    expect(error?.textContent).toContain("Not before “From”");
    expect(document.activeElement).toBe(to);
    expect(input("from").getAttribute("aria-invalid")).toBeNull();

    // Put right, the same form applies the filters and the message goes.
    to.value = "2026-12-01";
    await submit();
    expect(router.push).toHaveBeenCalledWith("/callbacks?from=2026-11-30&to=2026-12-01", { scroll: false });
    expect(to.getAttribute("aria-invalid")).toBeNull();
  });

  it("opens a URL whose period ends before it starts with the message already next to the end", async () => {
    await render({ from: "2026-11-30", to: "2026-11-01" });
    const to = input("to");
    expect(to.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(`${to.id}-error`)?.textContent).toContain("Not before “From”");
    expect(document.activeElement).not.toBe(to); // the page's own focus order stays: nothing was submitted
    await render({ from: "2026-11-01", to: "2026-11-30" });
    expect(input("to").getAttribute("aria-invalid")).toBeNull();
  });

  it("takes one day, an open end or an open start", async () => {
    const periods: Array<Record<string, string>> = [
      { from: "2026-11-30", to: "2026-11-30" },
      { from: "2026-11-30" },
      { to: "2026-11-01" },
    ];
    for (const values of periods) {
      router.push.mockReset();
      await render(values);
      await submit();
      expect(router.push, JSON.stringify(values)).toHaveBeenCalledTimes(1);
    }
  });

  it("says it in Russian", async () => {
    await render({ from: "2026-11-30", to: "2026-11-01" }, "ru");
    await submit();
    expect(document.getElementById(`${input("to").id}-error`)?.textContent).toContain("Не раньше, чем «From»");
  });
});
