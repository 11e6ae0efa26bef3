import { z } from "zod";
import { WORK_REASONS, type WorkReason } from "@/drizzle/schema";
import { createCursorCodec, cursorParam, exactTimestamp, rowId } from "@/lib/url-state/cursor";
import { createUrlState, param, type SearchParamsInput, type UrlState } from "@/lib/url-state/url-state";

/*
 * The URL state of the work queue (/queue): the reason tab, "mine", and the keyset position in the queue's
 * order (created_at, id), oldest first. Parsing never throws; a bad value reads as its default.
 */

export interface QueueCursor {
  /** created_at as exact text (µs, UTC): items opened in the same millisecond still page apart. */
  at: string;
  id: number;
}

const cursorCodec = createCursorCodec<QueueCursor>({
  toJson: (cursor) => [cursor.at, cursor.id],
  schema: z.tuple([exactTimestamp, rowId]).transform(([at, id]) => ({ at, id })),
  maxLength: 120,
});

export const encodeQueueCursor = cursorCodec.encode;

export const queueParamParsers = {
  reason: param(z.enum(WORK_REASONS), null as WorkReason | null),
  mine: param(
    z.literal("1").transform(() => true),
    false as boolean,
    (value) => (value ? "1" : ""),
  ),
  after: cursorParam(cursorCodec),
  before: cursorParam(cursorCodec),
};

const urlState = createUrlState(queueParamParsers);

export type QueueState = UrlState<typeof queueParamParsers>;
export const QUEUE_PATH = "/queue";

export function parseQueueParams(input: SearchParamsInput): QueueState {
  const { state } = urlState.parse(input);
  // Both directions at once is no position: the later one in the map (before) gives way.
  return state.after && state.before ? { ...state, before: null } : state;
}

/** A tab, "mine" or page link; changing the tab or "mine" starts again from the oldest item. */
export function queueHref(state: QueueState, patch: Partial<QueueState> = {}): string {
  const position = "reason" in patch || "mine" in patch ? { after: null, before: null } : {};
  return urlState.href(QUEUE_PATH, state, { ...position, ...patch });
}
