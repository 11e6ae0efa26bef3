// @vitest-environment happy-dom
import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PASSIVE_REFRESH_COOKIE } from "@/lib/accounts/passive-requests";
import { LiveRefresh } from "./live-refresh";

const router = { refresh: vi.fn(), replace: vi.fn() };
vi.mock("next/navigation", () => ({ useRouter: () => router }));

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

describe("the application page's poller", () => {
  let root: Root;
  const answers: Response[] = [];
  const fetchMock = vi.fn(async () => answers.shift() ?? Response.json({ version: "v1" }));
  beforeEach(async () => {
    vi.useFakeTimers();
    vi.stubGlobal("fetch", fetchMock);
    fetchMock.mockClear();
    router.refresh.mockClear();
    router.replace.mockClear();
    root = createRoot(document.createElement("div"));
    await act(async () => root.render(<LiveRefresh applicationId={5} version="v1" intervalMs={1000} />));
  });
  afterEach(async () => {
    await act(async () => root.unmount());
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });
  const tick = () => act(async () => vi.advanceTimersByTimeAsync(1000));

  it("reloads the page when the version changes, marking that reload as not the user's", async () => {
    answers.push(Response.json({ version: "v2" }));
    await tick();
    expect(fetchMock).toHaveBeenCalledWith("/api/applications/5/version", { cache: "no-store" });
    expect(router.refresh).toHaveBeenCalledTimes(1);
    expect(document.cookie).toContain(`${PASSIVE_REFRESH_COOKIE}=1`);
    // The new render arrives with the new version: the mark is gone.
    await act(async () => root.render(<LiveRefresh applicationId={5} version="v2" intervalMs={1000} />));
    expect(document.cookie).not.toContain(`${PASSIVE_REFRESH_COOKIE}=1`);
  });

  it("stops polling once the session has ended, and goes to the login page", async () => {
    answers.push(Response.json({ error: "unauthenticated:session" }, { status: 401 }));
    await tick();
    expect(router.replace).toHaveBeenCalledWith(expect.stringMatching(/^\/login\?callbackUrl=/));
    const calls = fetchMock.mock.calls.length;
    await tick();
    await tick();
    expect(fetchMock.mock.calls.length).toBe(calls);
    expect(router.refresh).not.toHaveBeenCalled();
  });
});
