/*
 * An audit entry's details as readable fields rather than JSON: amounts (minor units next to a currency) as money,
 * user ids as people, registers (by id or project_id) and callback deliveries as things to link to. Pure: the
 * page and the CSV export put the fields into words, with names looked up once per page (lib/audit/queries.ts).
 */

export type AuditField =
  | { key: string; kind: "money"; minor: string; currency: string }
  | { key: string; kind: "user"; userId: number }
  | { key: string; kind: "registers"; registers: { id?: number; projectId?: string; name?: string }[] }
  | { key: string; kind: "delivery"; deliveryId: number }
  | { key: string; kind: "text"; text: string };

const USER_KEYS = new Set(["requestedBy", "userId", "approvedBy", "createdBy", "actorUserId"]);
const REGISTER_KEYS = new Set(["registers", "registerIds", "register"]);

const isMinor = (value: unknown): value is number | string =>
  (typeof value === "number" && Number.isSafeInteger(value)) || (typeof value === "string" && /^-?\d{1,19}$/.test(value));

function registerRefs(value: unknown): { id?: number; projectId?: string; name?: string }[] | null {
  const list = Array.isArray(value) ? value : [value];
  const refs: { id?: number; projectId?: string; name?: string }[] = [];
  for (const item of list) {
    if (typeof item === "number" && Number.isSafeInteger(item)) refs.push({ id: item });
    else if (typeof item === "object" && item !== null && typeof (item as { projectId?: unknown }).projectId === "string") {
      const { projectId, name } = item as { projectId: string; name?: unknown };
      refs.push({ projectId, ...(typeof name === "string" ? { name } : {}) });
    } else return null;
  }
  return refs;
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** The fields of a details object, A to Z (jsonb keeps no key order); anything else becomes one text field. */
export function auditFields(details: unknown): AuditField[] {
  if (details === null || details === undefined) return [];
  if (typeof details !== "object" || Array.isArray(details)) return [{ key: "details", kind: "text", text: asText(details) }];
  const record = details as Record<string, unknown>;
  const currency = typeof record.currency === "string" ? record.currency : null;
  const fields: AuditField[] = [];
  for (const [key, value] of Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (key === "currency" && currency !== null && Object.keys(record).some((k) => /amount$/i.test(k))) continue;
    if (/amount$/i.test(key) && currency !== null && isMinor(value)) {
      fields.push({ key, kind: "money", minor: String(value), currency });
    } else if (USER_KEYS.has(key) && typeof value === "number" && Number.isSafeInteger(value)) {
      fields.push({ key, kind: "user", userId: value });
    } else if (REGISTER_KEYS.has(key) && value !== "all" && registerRefs(value) !== null) {
      fields.push({ key, kind: "registers", registers: registerRefs(value)! });
    } else if (key === "delivery" && typeof value === "number" && Number.isSafeInteger(value)) {
      fields.push({ key, kind: "delivery", deliveryId: value });
    } else {
      fields.push({ key, kind: "text", text: asText(value) });
    }
  }
  return fields;
}

/** The user ids and register references a set of entries mentions (targets and fields), for one name lookup. */
export function mentionedIds(
  rows: readonly { targetType: string; targetId: string | null; details: unknown; actorUserId?: number | null }[],
): { userIds: number[]; registerIds: number[]; projectIds: string[] } {
  const userIds = new Set<number>();
  const registerIds = new Set<number>();
  const projectIds = new Set<string>();
  for (const row of rows) {
    if (row.actorUserId != null) userIds.add(row.actorUserId);
    if (row.targetType === "user" && row.targetId && /^\d{1,15}$/.test(row.targetId)) userIds.add(Number(row.targetId));
    if (row.targetType === "register" && row.targetId) projectIds.add(row.targetId);
    for (const field of auditFields(row.details)) {
      if (field.kind === "user") userIds.add(field.userId);
      if (field.kind === "registers")
        for (const r of field.registers) {
          if (r.id !== undefined) registerIds.add(r.id);
          if (r.projectId !== undefined) projectIds.add(r.projectId);
        }
    }
  }
  return { userIds: [...userIds], registerIds: [...registerIds], projectIds: [...projectIds] };
}

/** Names looked up for a page of entries. */
export interface AuditNames {
  users: ReadonlyMap<number, { name: string; email: string }>;
  registersById: ReadonlyMap<number, { id: number; name: string; projectId: string }>;
  registersByProject: ReadonlyMap<string, { id: number; name: string; projectId: string }>;
}

export const NO_AUDIT_NAMES: AuditNames = { users: new Map(), registersById: new Map(), registersByProject: new Map() };
