// @vitest-environment happy-dom
import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NotificationsPoll, useNotifications, useQueueBadge, type QueueBadges } from "./notifications-poll";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function Probe() {
  const queue = useQueueBadge("queue");
  const approvals = useQueueBadge("approvals");
  const { data } = useNotifications();
  return <p>{`queue=${queue ?? "-"} approvals=${approvals ?? "-"} unread=${data.unread}`}</p>;
}

const answer = (badges: QueueBadges, unread = 0) => Response.json({ unread, items: [], badges });

describe("the page's one poll of notifications and queue counts", () => {
  let root: Root;
  let container: HTMLDivElement;
  let visibility: DocumentVisibilityState = "visible";
  const answers: Response[] = [];
  const fetchMock = vi.fn(async () => answers.shift() ?? answer({ queue: 1 }));
  const render = (badges: QueueBadges) =>
    act(async () =>
      root.render(
        <NotificationsPoll badges={badges}>
          <Probe />
        </NotificationsPoll>,
      ),
    );
  const text = () => container.textContent;
  const tick = () => act(async () => vi.advanceTimersByTimeAsync(15_000));
  const setVisibility = (value: DocumentVisibilityState) =>
    act(async () => {
      visibility = value;
      document.dispatchEvent(new Event("visibilitychange"));
    });

  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal("fetch", fetchMock);
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => visibility });
    visibility = "visible";
    answers.length = 0;
    fetchMock.mockClear();
    container = document.createElement("div");
    root = createRoot(container);
  });
  afterEach(async () => {
    await act(async () => root.unmount());
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it("shows the rendered counts, then what each poll answers, without a reload", async () => {
    answers.push(answer({ queue: 3 }, 1));
    await render({ queue: 3 });
    expect(fetchMock).toHaveBeenCalledWith("/api/notifications", { cache: "no-store" });
    expect(text()).toBe("queue=3 approvals=- unread=1");
    answers.push(answer({ queue: 4, approvals: 2 }, 2));
    await tick();
    expect(text()).toBe("queue=4 approvals=2 unread=2");
    expect(fetchMock).toHaveBeenCalledTimes(2);
    // A newer render of the page (after an action) wins over the last poll.
    await render({ queue: 9, approvals: 2 });
    expect(text()).toBe("queue=9 approvals=2 unread=2");
  });

  it("does not poll while the tab is hidden, and asks at once when it is shown again", async () => {
    await render({});
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await setVisibility("hidden");
    await tick();
    await tick();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    answers.push(answer({ approvals: 5 }));
    await setVisibility("visible");
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(text()).toBe("queue=- approvals=5 unread=0");
  });

  it("stops for good once the session has ended", async () => {
    answers.push(Response.json({ error: "unauthenticated:session" }, { status: 401 }));
    await render({ queue: 2 });
    await tick();
    await tick();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(text()).toBe("queue=2 approvals=- unread=0");
  });
});
