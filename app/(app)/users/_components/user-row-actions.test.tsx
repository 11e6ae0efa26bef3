// @vitest-environment happy-dom
import { NextIntlClientProvider } from "next-intl";
import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clientMessages } from "@/lib/i18n/client-messages";
import { MESSAGES } from "@/lib/i18n/translate";
import { changeRoleAction } from "../actions";
import { UserRowActions } from "./user-row-actions";

vi.mock("../actions", () => ({
  changeRoleAction: vi.fn(async () => ({ ok: true, data: undefined, message: "Role changed to admin." })),
  setDisabledAction: vi.fn(),
  resetPasswordAction: vi.fn(),
  confirmAdminAction: vi.fn(),
  resetSecondFactorAction: vi.fn(),
}));
// Step-up has its own provider in the app; here an action runs as it is.
vi.mock("@/components/step-up", () => ({ useStepUp: () => (action: unknown) => action }));
const refresh = vi.fn();
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh }) }));

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

describe("changing a user's role", () => {
  let container: HTMLDivElement;
  let root: Root;
  beforeEach(async () => {
    vi.mocked(changeRoleAction).mockClear();
    container = document.createElement("div");
    document.body.append(container);
    root = createRoot(container);
    await act(async () =>
      root.render(
        <NextIntlClientProvider locale="en" messages={clientMessages(MESSAGES.en, "(app)/users")}>
          <UserRowActions userId={7} email="ops@example.kz" role="viewer" disabled={false} isSelf={false} />
        </NextIntlClientProvider>,
      ),
    );
  });
  afterEach(async () => {
    await act(async () => root.unmount());
    container.remove();
  });

  const roleList = () => document.querySelector<HTMLSelectElement>("#role-7")!;
  const saveButton = () => document.querySelector<HTMLButtonElement>('button[aria-label="Save role of ops@example.kz"]')!;
  const dialog = () => document.querySelector("dialog")!;
  const button = (text: string) => [...document.querySelectorAll("button")].find((b) => b.textContent === text)!;
  const choose = (role: string) =>
    act(async () => {
      roleList().value = role;
      roleList().dispatchEvent(new Event("change", { bubbles: true }));
    });

  it("has a labelled list and a Save button that is off until another role is chosen", () => {
    expect(document.querySelector('label[for="role-7"]')?.textContent).toBe("Role of ops@example.kz");
    expect(saveButton().disabled).toBe(true);
  });

  it("changes nothing when a role is picked in the list: only Save, then the confirmation, call the server", async () => {
    await choose("admin");
    expect(changeRoleAction).not.toHaveBeenCalled();
    expect(saveButton().disabled).toBe(false);
    expect(dialog().open).toBe(false);

    await act(async () => saveButton().click());
    expect(dialog().open).toBe(true);
    expect(changeRoleAction).not.toHaveBeenCalled();
    const title = document.getElementById(dialog().getAttribute("aria-labelledby")!);
    expect(title?.textContent).toBe("Change the role of ops@example.kz?");
    expect(document.getElementById(dialog().getAttribute("aria-describedby")!)?.textContent).toContain("From viewer to admin.");

    await act(async () => button("Make admin").click());
    expect(changeRoleAction).toHaveBeenCalledExactlyOnceWith({ userId: "7", role: "admin" });
    expect(refresh).toHaveBeenCalled();
  });

  it("going back drops the choice, sends nothing, and gives the focus to the list", async () => {
    await choose("operator");
    await act(async () => saveButton().click());
    await act(async () => button("Back").click());
    await act(async () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined))));
    expect(dialog().open).toBe(false);
    expect(changeRoleAction).not.toHaveBeenCalled();
    expect(roleList().value).toBe("viewer");
    expect(saveButton().disabled).toBe(true);
    expect(document.activeElement).toBe(roleList());
  });
});
