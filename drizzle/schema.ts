import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { APPLICATION_TYPES, INTEGRATIONS, PRODUCTS, STATUSES } from "../lib/highhelp/status";

/*
 * The data model of the whole product. Money columns are integer minor units (bigint); values stay
 * within HighHelp's 1…10^13, so they are exact JS numbers as well. Aggregates (sums) are read as
 * text and handled as bigint by lib/money.
 */

const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

const money = (name: string) => bigint(name, { mode: "number" });

export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const roleEnum = pgEnum("role", ROLES);

/** Which cash registers a user sees and acts on: every one, or those listed in user_registers (lib/accounts/register-scope.ts). */
export const REGISTER_SCOPES = ["all", "some"] as const;
export type RegisterScope = (typeof REGISTER_SCOPES)[number];
export const registerScopeEnum = pgEnum("register_scope", REGISTER_SCOPES);
export const applicationTypeEnum = pgEnum("application_type", APPLICATION_TYPES);
export const productEnum = pgEnum("product", PRODUCTS);
export const integrationEnum = pgEnum("integration", INTEGRATIONS);
export const statusEnum = pgEnum("status", STATUSES);

/**
 * Where a money movement stands on our side, before and around the HighHelp call:
 * `awaiting_approval` (four-eyes), `ready` (written, not sent: no longer used, rows are written as
 * `sending` so a crash leaves them to reconciliation), `sending`, `sent` (HighHelp
 * answered), `unknown` (sent, answer lost: reconcile through info), `refused` (never sent),
 * `external` (created by HighHelp's alert for an application another system made), `absent`
 * (the answer was lost and `info` then proved HighHelp never received it: an admin may resend).
 */
export const SUBMISSION_STATES = [
  "awaiting_approval",
  "ready",
  "sending",
  "sent",
  "unknown",
  "refused",
  "external",
  "absent",
] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];
export const submissionEnum = pgEnum("submission_state", SUBMISSION_STATES);

export const EVENT_SOURCES = ["api_response", "callback", "poll", "user_action"] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];
export const eventSourceEnum = pgEnum("event_source", EVENT_SOURCES);

export const CALLBACK_OUTCOMES = [
  "received",
  "applied",
  "duplicate",
  "recorded",
  "rejected_signature",
  "rejected_body",
  "failed",
] as const;
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[number];
export const callbackOutcomeEnum = pgEnum("callback_outcome", CALLBACK_OUTCOMES);

export const users = pgTable(
  "users",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    email: text().notNull(),
    name: text().notNull(),
    role: roleEnum().notNull(),
    passwordHash: text().notNull(),
    disabled: boolean().notNull().default(false),
    /** Bumped on password change or disable: every session issued before is refused. */
    sessionVersion: integer().notNull().default(1),
    mustChangePassword: boolean().notNull().default(false),
    /** `some`: only the registers in user_registers. Admins are always `all`. */
    registerScope: registerScopeEnum().notNull().default("all"),
    /** `ru` / `en`; null: the browser's language, then DEFAULT_LOCALE. */
    locale: text(),
    /** An IANA zone such as `Asia/Almaty`; null: DEFAULT_TIME_ZONE. */
    timeZone: text(),
    lastLoginAt: timestamp({ withTimezone: true }),
    /**
     * Admin rights asked for by an admin and not yet confirmed by another (lib/accounts/commands.ts confirmAdmin):
     * until then `role` stays the previous one, and a new account (`activationPending`) cannot sign in.
     */
    pendingRole: roleEnum(),
    pendingRoleBy: bigint({ mode: "number" }).references((): AnyPgColumn => users.id),
    pendingRoleAt: timestamp({ withTimezone: true }),
    activationPending: boolean().notNull().default(false),
    ...timestamps,
  },
  (t) => [uniqueIndex("users_email_lower_key").on(sql`lower(${t.email})`)],
);
export type User = typeof users.$inferSelect;

/** What an admin did to an account that could hand them its credentials or its rights (lib/accounts/lineage.ts). */
export const INTERVENTION_KINDS = ["create", "password_reset", "enable", "role_change", "factor_reset"] as const;
export type InterventionKind = (typeof INTERVENTION_KINDS)[number];
export const interventionKindEnum = pgEnum("intervention_kind", INTERVENTION_KINDS);

/**
 * Account lineage: which admin created, reset, re-enabled or changed the role of which account, and when.
 * Written in the same transaction as the change; accounts made from the command line or the demo seed
 * have no row. Read by the four-eyes rule (lib/accounts/lineage.ts), both ways along the edges.
 */
export const accountInterventions = pgTable(
  "account_interventions",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    userId: bigint({ mode: "number" })
      .notNull()
      .references(() => users.id),
    byUserId: bigint({ mode: "number" })
      .notNull()
      .references(() => users.id),
    kind: interventionKindEnum().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("account_interventions_by_idx").on(t.byUserId, t.userId),
    index("account_interventions_user_idx").on(t.userId, t.byUserId),
  ],
);

/**
 * Sessions ended by signing out, until their cookie would have expired anyway. JWT sessions are
 * stateless: without this, a cookie renewed by a request still in flight at sign-out (or copied
 * before it) would keep working.
 */
export const revokedSessions = pgTable(
  "revoked_sessions",
  {
    sessionId: text().primaryKey(),
    userId: bigint({ mode: "number" })
      .notNull()
      .references(() => users.id),
    revokedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("revoked_sessions_expires_idx").on(t.expiresAt)],
);
export type NewUser = typeof users.$inferInsert;

/**
 * Sign-in throttle counters (lib/accounts/sign-in.ts), one row per typed email (`account:<email>`) and per
 * trusted client address (`address:<ip>`). Every attempt whose password gets checked is counted before
 * the check, so concurrent attempts cannot slip past a limit; attempts refused unchecked are only counted.
 */
export const signInThrottle = pgTable(
  "sign_in_throttle",
  {
    key: text().primaryKey(),
    /** Checked attempts: an account's failures in a row (a success clears them), an address's in its window. */
    failures: integer().notNull().default(0),
    /** Account: the last checked attempt, from which its delay runs. */
    lastFailureAt: timestamp({ withTimezone: true }),
    /** Address: the start of its fixed window. */
    windowStartedAt: timestamp({ withTimezone: true }),
    /** Attempts refused without a password check since the last checked one (the first of them is audited). */
    refused: integer().notNull().default(0),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sign_in_throttle_updated_idx").on(t.updatedAt)],
);

export const applications = pgTable(
  "applications",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: text().notNull(),
    paymentId: text().notNull(),
    requestId: text(),
    type: applicationTypeEnum().notNull(),
    product: productEnum().notNull(),
    integration: integrationEnum().notNull(),
    method: text(),
    widgetMethod: text(),
    paymentSystem: text(),
    amount: money("amount").notNull(),
    oldAmount: money("old_amount"),
    initialAmount: money("initial_amount"),
    currency: text().notNull(),
    /** Null until HighHelp has answered (or an alert created the row). */
    status: statusEnum(),
    subStatus: text(),
    statusDescription: text(),
    submission: submissionEnum().notNull().default("ready"),
    formUrl: text(),
    redirectUrl: text(),
    displayData: jsonb(),
    requisites: jsonb(),
    /** Masked only: first six and last four digits at most (never a full PAN). */
    senderPanMasked: text(),
    senderCardHolder: text(),
    receiverPanMasked: text(),
    /**
     * Keyed HMAC of the receiver card (lib/payouts/card-fingerprint.ts): lets the approving admin prove they
     * re-entered the same card without the full number ever being stored.
     */
    receiverPanFingerprint: text(),
    /** Which PAN_FINGERPRINT_KEY made receiverPanFingerprint (null: made from AUTH_SECRET, before key ids). */
    receiverPanFingerprintKeyId: text(),
    receiverPhone: text(),
    receiverCardHolder: text(),
    /** Last four digits of the customer's card (sender or receiver), for search. */
    cardLast4: text(),
    customerId: text(),
    customer: jsonb(),
    description: text(),
    extraParam: text(),
    bankSymbol: text(),
    lifetime: integer(),
    expiresAt: timestamp({ withTimezone: true }),
    createdBy: bigint({ mode: "number" }).references(() => users.id),
    approvedBy: bigint({ mode: "number" }).references(() => users.id),
    approvedAt: timestamp({ withTimezone: true }),
    /** When our create call to HighHelp started (judges when `info`'s "not found" is proof). */
    submittedAt: timestamp({ withTimezone: true }),
    /** The `absent` payout this one resends under a new payment_id (docs/highhelp-decisions.md#resending-a-payout); unique. */
    resendOf: bigint({ mode: "number" }).references((): AnyPgColumn => applications.id),
    /** HighHelp's own created_date / updated_date (payment_info), when known. */
    gatewayCreatedAt: timestamp({ withTimezone: true }),
    gatewayUpdatedAt: timestamp({ withTimezone: true }),
    lastEventAt: timestamp({ withTimezone: true }),
    /** Reconciliation: when to poll `info` next, how often it has been polled, lease. */
    nextPollAt: timestamp({ withTimezone: true }),
    pollAttempts: integer().notNull().default(0),
    pollLeaseUntil: timestamp({ withTimezone: true }),
    /**
     * When the card numbers in this application's stored copies (requisites, display_data, its status events'
     * payloads and callback bodies) were masked (lib/applications/card-retention.ts). A database trigger sets it
     * back to null when a new copy arrives afterwards, so that the job masks that one too.
     */
    cardDataMaskedAt: timestamp({ withTimezone: true }),
    /**
     * The texts the lists' search reads, each lower-cased once and put after a separator (applications_search_key(),
     * kept by a database trigger): a row is read only when it holds what was typed (lib/applications/list-queries.ts
     * search()). Null on a row written before the column existed until the maintenance job fills it.
     */
    searchKey: text(),
    /**
     * The customer's full name ("first last") and last name, lower-cased, kept by the same trigger: the list's search
     * reads them from their indexes alone (which also hold type, currency and amount), so that a capped sum over a
     * common name reads no application. Null on a row written before the columns existed until the maintenance job
     * fills it; never null after (a customer without names has "").
     */
    customerNameKey: text(),
    customerLastNameKey: text(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("applications_project_payment_key").on(t.projectId, t.paymentId),
    // The lists in created order. The migration search_walk_index builds it with INCLUDE (search_key), which drizzle
    // cannot express: a search walks this order on the index alone and reads only the rows whose key holds the text.
    index("applications_type_created_key_idx").on(t.type, t.createdAt.desc(), t.id.desc()),
    index("applications_status_idx").on(t.status, t.subStatus),
    index("applications_payment_id_idx").on(t.paymentId),
    index("applications_request_id_idx").on(t.requestId),
    index("applications_customer_id_idx").on(t.customerId),
    index("applications_card_last4_idx").on(t.cardLast4),
    uniqueIndex("applications_resend_of_key")
      .on(t.resendOf)
      .where(sql`${t.resendOf} is not null`),
    index("applications_next_poll_idx")
      .on(t.nextPollAt)
      .where(sql`${t.nextPollAt} is not null`),
    // Open payouts by submission state and status, counted at every metrics scrape (lib/payouts/queries.ts): an
    // index-only scan over the open ones, whatever the number of final payouts.
    index("applications_open_payouts_idx")
      .on(t.submission, t.status)
      .where(sql`${t.type} = 'payout' and (${t.status} is null or ${t.status} not in ('success', 'decline'))`),
    // Keyset pages of the lists (lib/applications/list-queries.ts): one index per sortable column,
    // ties broken on id. payment_id sorts bytewise (collate "C"), which also serves prefix search.
    index("applications_type_updated_idx").on(t.type, t.updatedAt.desc(), t.id.desc()),
    index("applications_type_amount_idx").on(t.type, t.amount.desc(), t.id.desc()),
    // Amount order never mixes currencies: currency first, then amount (lib/applications/list-queries.ts).
    index("applications_type_currency_amount_idx").on(t.type, t.currency.desc(), t.amount.desc(), t.id.desc()),
    // A list filtered by status (and currency) in created order, and its capped count: one range of this index each,
    // however rare the status (a walk of applications_type_created_key_idx reads every row of the type until it finds them).
    index("applications_type_status_idx").on(t.type, t.status, t.currency, t.createdAt.desc(), t.id.desc()),
    // The list's search (lib/applications/list-queries.ts search()): every arm case-insensitive and index-backed,
    // the expressions word for word the ones there. text_pattern_ops serves `like 'prefix%'` in any collation.
    index("applications_payment_id_lower_idx").using("btree", sql`lower(${t.paymentId}) text_pattern_ops`),
    index("applications_request_id_lower_idx").on(sql`lower(${t.requestId})`),
    index("applications_customer_id_lower_idx").on(sql`lower(${t.customerId})`),
    index("applications_sender_holder_lower_idx").using("btree", sql`lower(${t.senderCardHolder}) text_pattern_ops`),
    index("applications_receiver_holder_lower_idx").using("btree", sql`lower(${t.receiverCardHolder}) text_pattern_ops`),
    // The migration name_key_indexes builds these two with INCLUDE (currency, amount; and the full name on the last
    // name's), which drizzle cannot express.
    index("applications_type_customer_name_key_idx").using("btree", t.type, sql`${t.customerNameKey} text_pattern_ops`),
    index("applications_type_customer_last_name_key_idx").using("btree", t.type, sql`${t.customerLastNameKey} text_pattern_ops`),
    // The search's arm for rows whose name keys are not filled yet (after an upgrade, until the maintenance job is
    // through) reads them here; the same expressions as that arm's.
    index("applications_customer_name_lower_idx").using(
      "btree",
      sql`lower(btrim(coalesce(${t.customer} ->> 'first_name', '') || ' ' || coalesce(${t.customer} ->> 'last_name', ''))) text_pattern_ops`,
    ),
    index("applications_customer_last_name_lower_idx").using("btree", sql`lower(${t.customer} ->> 'last_name') text_pattern_ops`),
    index("applications_customer_email_lower_idx").using("btree", sql`lower(${t.customer} ->> 'email') text_pattern_ops`),
    // The rows whose search keys the maintenance job has still to fill (lib/applications/search-keys.ts); empty once done.
    index("applications_search_keys_missing_idx")
      .on(t.id)
      .where(sql`${t.customerNameKey} is null`),
    // Stored as HighHelp takes it ("+" and digits): the search normalises what was typed (lib/applications/search.ts).
    index("applications_receiver_phone_idx")
      .on(t.receiverPhone)
      .where(sql`${t.receiverPhone} is not null`),
    index("applications_type_payment_id_idx").on(t.type, sql`(${t.paymentId} collate "C")`, t.id),
    // The method filter matches what the list shows: the H2H method, else the widget method.
    index("applications_type_method_idx").on(t.type, sql`(coalesce(${t.method}, ${t.widgetMethod}))`),
    // The "needs attention" view; the predicate must stay word for word the one in lib/applications/queries.ts (needsAttention).
    // The migration attention_index_covering recreates it with INCLUDE (status, old_amount, amount, expires_at), which drizzle cannot express:
    // its capped count is then an index-only scan.
    index("applications_attention_idx")
      .on(t.type, t.createdAt.desc(), t.id.desc())
      .where(
        sql`(${t.status} in ('dispute', 'error') or (${t.oldAmount} is not null and ${t.oldAmount} <> ${t.amount})) or (${t.expiresAt} is not null and ${t.status} is distinct from 'success' and ${t.status} is distinct from 'decline')`,
      ),
    // The card-data masking job's queue: final applications not masked yet, oldest last change first.
    index("applications_card_data_unmasked_idx")
      .on(sql`(coalesce(${t.lastEventAt}, ${t.updatedAt}))`, t.id)
      .where(sql`${t.cardDataMaskedAt} is null and ${t.status} in ('success', 'decline')`),
    check("applications_amount_positive", sql`${t.amount} > 0`),
    // Defence in depth for "never a full PAN": no run of 13+ digits in any card column.
    check(
      "applications_no_full_pan",
      sql`coalesce(${t.senderPanMasked}, '') !~ '[0-9]{13,}' and coalesce(${t.receiverPanMasked}, '') !~ '[0-9]{13,}'`,
    ),
  ],
);
export type Application = typeof applications.$inferSelect;
export type NewApplication = typeof applications.$inferInsert;

export const callbackDeliveries = pgTable(
  "callback_deliveries",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** `intermediate`, `success`, `decline` or null: the URL suffix it arrived on. */
    kind: text(),
    remoteAddr: text(),
    rawBody: text().notNull(),
    signatureHeader: text(),
    timestampHeader: text(),
    merchantIdHeader: text(),
    headers: jsonb(),
    signatureVerified: boolean(),
    outcome: callbackOutcomeEnum().notNull().default("received"),
    error: text(),
    projectId: text(),
    paymentId: text(),
    applicationId: bigint({ mode: "number" }).references(() => applications.id, { onDelete: "set null" }),
    processedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("callback_deliveries_application_idx").on(t.applicationId, t.receivedAt),
    index("callback_deliveries_received_idx").on(t.receivedAt),
    // Keyset pages of the callback log (lib/callbacks/log-queries.ts), newest first (scanned backwards), ties broken on id; one per filter.
    index("callback_deliveries_log_idx").on(t.receivedAt, t.id),
    index("callback_deliveries_project_log_idx").on(t.projectId, t.receivedAt, t.id),
    index("callback_deliveries_payment_log_idx").on(t.paymentId, t.receivedAt, t.id),
    index("callback_deliveries_outcome_log_idx").on(t.outcome, t.receivedAt, t.id),
  ],
);
export type CallbackDelivery = typeof callbackDeliveries.$inferSelect;

/**
 * Refused callback deliveries (size, UTF-8, signature, JSON, schema, project, content the database
 * refuses), kept briefly for diagnosis and never read by the apply path. Bounded: writes are rate
 * capped in lib/callbacks/quarantine.ts and rows older than CALLBACK_QUARANTINE_RETENTION_DAYS are purged.
 */
export const callbackQuarantine = pgTable(
  "callback_quarantine",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    remoteAddr: text(),
    kind: text(),
    signatureHeader: text(),
    headers: jsonb(),
    /** Hex SHA-256 of the body bytes as received. */
    bodySha256: text().notNull(),
    bodyBytes: integer().notNull(),
    /** The first 2 KiB of the body as text (NUL and invalid UTF-8 replaced); the whole body when `bodyBytes` ≤ 2048 and it was clean. */
    bodyHead: text().notNull(),
    reason: text().notNull(),
    message: text().notNull(),
  },
  (t) => [
    index("callback_quarantine_received_idx").on(t.receivedAt),
    index("callback_quarantine_log_idx").on(t.receivedAt, t.id),
  ],
);
export type QuarantinedDelivery = typeof callbackQuarantine.$inferSelect;

/** Background jobs that one instance at a time runs, at most once per lease (the purge of old quarantine rows). */
export const jobLeases = pgTable("job_leases", {
  name: text().primaryKey(),
  leaseUntil: timestamp({ withTimezone: true }).notNull(),
});

/**
 * Where a background job that walks a table in (timestamp, id) order has got to. The rollup fold keeps one row per
 * application type (lib/rollups/commands.ts): `position_at`/`position_id` is the keyset position of the last
 * application folded, `complete_at` the time before which every committed change is in the rollups.
 */
export const jobWatermarks = pgTable("job_watermarks", {
  name: text().primaryKey(),
  positionAt: timestamp({ withTimezone: true }).notNull(),
  positionId: bigint({ mode: "number" }).notNull().default(0),
  completeAt: timestamp({ withTimezone: true }),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** A rollup cell's dimensions after its day (or month), and its figures. */
const rollupCell = {
  projectId: text().notNull(),
  type: applicationTypeEnum().notNull(),
  product: productEnum().notNull(),
  method: text().notNull(),
  currency: text().notNull(),
  status: text().notNull(),
  count: bigint({ mode: "number" }).notNull(),
  amount: bigint({ mode: "bigint" }).notNull(),
};

/**
 * Exact counts and sums of applications per day of creation and per cell: cash register, type, product,
 * method, currency and status (lib/rollups). `method` is the H2H method, else the widget method, and ''
 * when there is neither; `status` is '' while HighHelp has not answered. Amounts are minor units.
 */
export const applicationRollups = pgTable(
  "application_rollups",
  {
    day: date({ mode: "string" }).notNull(),
    ...rollupCell,
  },
  (t) => [
    primaryKey({
      name: "application_rollups_pkey",
      columns: [t.day, t.projectId, t.type, t.product, t.method, t.currency, t.status],
    }),
    // Cells emptied by a fold are deleted in the same transaction; this finds them without a scan.
    index("application_rollups_empty_idx")
      .on(t.day)
      .where(sql`${t.count} = 0`),
  ],
);

/**
 * `application_rollups` summed by month (the first day of the rollup month), kept equal to it by a trigger on that
 * table in the writer's transaction: a list's totals over all time, or over whole months, read a few hundred cells
 * instead of a few hundred a day (lib/rollups/queries.ts filteredTotals).
 */
export const applicationRollupMonths = pgTable(
  "application_rollup_months",
  {
    month: date({ mode: "string" }).notNull(),
    ...rollupCell,
  },
  (t) => [
    primaryKey({
      name: "application_rollup_months_pkey",
      columns: [t.month, t.projectId, t.type, t.product, t.method, t.currency, t.status],
    }),
  ],
);

/**
 * What each application last added to `application_rollups`: folding it again takes this out of its old
 * cell and puts its current values in the new one, so a fold moves figures exactly and repeats harmlessly.
 */
export const applicationRollupContributions = pgTable("application_rollup_contributions", {
  applicationId: bigint({ mode: "number" }).primaryKey(),
  day: date({ mode: "string" }).notNull(),
  projectId: text().notNull(),
  type: applicationTypeEnum().notNull(),
  product: productEnum().notNull(),
  method: text().notNull(),
  currency: text().notNull(),
  status: text().notNull(),
  amount: bigint({ mode: "number" }).notNull(),
});

export const statusEvents = pgTable(
  "status_events",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    applicationId: bigint({ mode: "number" })
      .notNull()
      .references(() => applications.id),
    status: statusEnum().notNull(),
    subStatus: text(),
    statusDescription: text(),
    amount: money("amount"),
    oldAmount: money("old_amount"),
    initialAmount: money("initial_amount"),
    source: eventSourceEnum().notNull(),
    /** `{project_id}:{payment_id}:{status}:{sub_status}`, the dedup key HighHelp recommends; see lib/applications. */
    idempotencyKey: text().notNull(),
    /** False when the event arrived late and did not move the current status (kept for history). */
    applied: boolean().notNull().default(true),
    payload: jsonb(),
    callbackDeliveryId: bigint({ mode: "number" }).references(() => callbackDeliveries.id, { onDelete: "set null" }),
    actorUserId: bigint({ mode: "number" }).references(() => users.id),
    gatewayUpdatedAt: timestamp({ withTimezone: true }),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("status_events_idempotency_key").on(t.idempotencyKey),
    index("status_events_application_idx").on(t.applicationId, t.receivedAt),
    // When applications became successful, by time (lib/settlement/queries.ts): the predicate word for word the one there.
    index("status_events_success_idx")
      .on(t.receivedAt, t.applicationId)
      .where(sql`${t.status} = 'success' and ${t.applied}`),
  ],
);
export type StatusEvent = typeof statusEvents.$inferSelect;

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorUserId: bigint({ mode: "number" }).references(() => users.id),
    /** Snapshot, so the entry still reads right after the user is renamed. */
    actorEmail: text(),
    action: text().notNull(),
    targetType: text().notNull(),
    targetId: text(),
    applicationId: bigint({ mode: "number" }).references(() => applications.id),
    ipAddress: text(),
    userAgent: text(),
    details: jsonb(),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at.desc()),
    index("audit_log_actor_idx").on(t.actorUserId, t.at),
    index("audit_log_application_idx").on(t.applicationId),
    index("audit_log_action_idx").on(t.action, t.at),
  ],
);
export type AuditEntry = typeof auditLog.$inferSelect;

export const REGISTER_ALGORITHMS = ["rsa", "hmac"] as const;
export type RegisterAlgorithm = (typeof REGISTER_ALGORITHMS)[number];
export const registerAlgorithmEnum = pgEnum("register_algorithm", REGISTER_ALGORITHMS);

/** `disabled`: no new applications; callbacks and reconciliation of those under way go on. */
export const REGISTER_STATUSES = ["active", "disabled"] as const;
export type RegisterStatus = (typeof REGISTER_STATUSES)[number];
export const registerStatusEnum = pgEnum("register_status", REGISTER_STATUSES);

/**
 * HighHelp cash registers (lib/registers). Keys are stored sealed (lib/registers/secret-box.ts:
 * `v1:<master key id>:…`), never as text; pages see fingerprints only. `callback_token` is the
 * opaque path segment of the register's callback URLs (not a secret: alerts are authenticated by
 * their signature).
 */
export const registers = pgTable(
  "registers",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull(),
    projectId: text().notNull(),
    apiUrl: text().notNull(),
    requestAlgorithm: registerAlgorithmEnum().notNull(),
    requestKeyEncrypted: text().notNull(),
    /** `SHA256:<base64>` of the RSA public key (SPKI DER) or of the HMAC secret. */
    requestKeyFingerprint: text().notNull(),
    /** Null: the installation's HIGHHELP_SIGNATURE_PROFILE (or the default). */
    signatureProfile: text(),
    currencies: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    methods: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    status: registerStatusEnum().notNull().default("active"),
    callbackToken: text().notNull(),
    createdBy: bigint({ mode: "number" }).references(() => users.id),
    updatedBy: bigint({ mode: "number" }).references(() => users.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("registers_project_id_key").on(t.projectId),
    uniqueIndex("registers_callback_token_key").on(t.callbackToken),
    // Defence in depth for "never a key in plain text": only sealed values fit.
    check("registers_request_key_sealed", sql`${t.requestKeyEncrypted} ~ '^v1:[0-9a-f]{12}:'`),
  ],
);
export type Register = typeof registers.$inferSelect;

/**
 * The keys a register's alerts are verified with. Several at once during a rotation: a key verifies
 * while `retired_at` is null and `retires_at` is null or in the future.
 */
export const registerAlertKeys = pgTable(
  "register_alert_keys",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    registerId: bigint({ mode: "number" })
      .notNull()
      .references(() => registers.id, { onDelete: "cascade" }),
    algorithm: registerAlgorithmEnum().notNull(),
    keyEncrypted: text().notNull(),
    fingerprint: text().notNull(),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The end of a rotation's overlap: the key stops verifying then. */
    retiresAt: timestamp({ withTimezone: true }),
    /** Retired by hand (or by the sandbox's key sync): verifies no more. */
    retiredAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("register_alert_keys_register_idx").on(t.registerId),
    check("register_alert_keys_key_sealed", sql`${t.keyEncrypted} ~ '^v1:[0-9a-f]{12}:'`),
  ],
);
export type RegisterAlertKey = typeof registerAlertKeys.$inferSelect;

/** The registers of a user whose register_scope is `some`; a deleted register leaves every scope. */
export const userRegisters = pgTable(
  "user_registers",
  {
    userId: bigint({ mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    registerId: bigint({ mode: "number" })
      .notNull()
      .references(() => registers.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.registerId] }), index("user_registers_register_idx").on(t.registerId)],
);

/**
 * A register's bank directory (`/api/v1/bank/all`), as last fetched: the choices of a payin's
 * `bank_symbol`. A failed refresh keeps `banks` and `fetched_at` and records `last_error`.
 */
export const registerBanks = pgTable("register_banks", {
  projectId: text()
    .primaryKey()
    .references(() => registers.projectId, { onDelete: "cascade", onUpdate: "cascade" }),
  /** `[{symbol, name, currency, country}]`; currency and country null when HighHelp does not say. */
  banks: jsonb().$type<{ symbol: string; name: string | null; currency: string | null; country: string | null }[]>().notNull(),
  /** When `banks` was fetched; null: never yet (only failures so far). */
  fetchedAt: timestamp({ withTimezone: true }),
  lastAttemptAt: timestamp({ withTimezone: true }).notNull(),
  lastError: text(),
});
export type RegisterBanks = typeof registerBanks.$inferSelect;

export const FACTOR_KINDS = ["totp"] as const;
export type FactorKind = (typeof FACTOR_KINDS)[number];
export const factorKindEnum = pgEnum("factor_kind", FACTOR_KINDS);

/**
 * A user's second factor (lib/accounts/second-factor.ts): a TOTP secret sealed by the secret box, like
 * register keys. Unconfirmed while its owner is enrolling; `last_used_step` is the newest 30-second step
 * accepted, so a code is never accepted twice.
 */
export const userFactors = pgTable(
  "user_factors",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    userId: bigint({ mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: factorKindEnum().notNull().default("totp"),
    secretEncrypted: text().notNull(),
    confirmedAt: timestamp({ withTimezone: true }),
    lastUsedStep: bigint({ mode: "number" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("user_factors_user_kind_key").on(t.userId, t.kind)],
);
export type UserFactor = typeof userFactors.$inferSelect;

/** Single-use recovery codes, stored as SHA-256 hashes; a new set replaces the old one. */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    userId: bigint({ mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text().notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("recovery_codes_user_hash_key").on(t.userId, t.codeHash)],
);

/**
 * When each session (the JWT's `sid`) last proved the second factor: read with the session on every
 * request, so the sign-in gate and step-up are decided on the server. Kept until the session could have expired.
 */
export const sessionFactors = pgTable(
  "session_factors",
  {
    sessionId: text().primaryKey(),
    userId: bigint({ mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The last code of any kind (app or recovery code): the session may be used. */
    verifiedAt: timestamp({ withTimezone: true }).notNull(),
    /** The last code from the app: step-up counts from here (a recovery code alone does not open step-up actions). */
    appCodeAt: timestamp({ withTimezone: true }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("session_factors_expires_idx").on(t.expiresAt), index("session_factors_user_idx").on(t.userId)],
);

/** Organisation settings changed by admins in the app (audited), one JSON value per key. */
export const appSettings = pgTable("app_settings", {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedBy: bigint({ mode: "number" }).references(() => users.id),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/*
 * The work queue (lib/work): one open item per application that needs a person. Kept by the database
 * (drizzle/migrations/0021_work_queue_rules.sql) in the same statement that moves an application, and by the
 * periodic stuck rule; the /queue page and the lists' "needs attention" view read this small table, never a scan
 * of applications.
 */
export const WORK_REASONS = ["dispute", "error", "amount_changed", "expired", "payout_stuck"] as const;
export type WorkReason = (typeof WORK_REASONS)[number];
export const workReasonEnum = pgEnum("work_reason", WORK_REASONS);

/** `auto`: the application became final (or stopped being stuck) and the reason needed no resolution. */
export const WORK_RESOLUTIONS = [
  "appeal_filed",
  "accepted_amount",
  "written_off",
  "resolved_at_gateway",
  "other",
  "auto",
] as const;
export type WorkResolution = (typeof WORK_RESOLUTIONS)[number];
export const workResolutionEnum = pgEnum("work_resolution", WORK_RESOLUTIONS);

export const workItems = pgTable(
  "work_items",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    applicationId: bigint({ mode: "number" })
      .notNull()
      .references(() => applications.id),
    /** Copied from the application so the queue filters by register and type without reading applications. */
    projectId: text().notNull(),
    applicationType: applicationTypeEnum().notNull(),
    /**
     * The application's created_at (which never changes): the lists' "needs attention" view pages the open items in the
     * list's own order (created_at, id). The database copies it on insert from the application, whatever the writer names
     * (trigger work_items_application_created_at, migration 0029); an insert from TypeScript still has to name it for the type.
     */
    applicationCreatedAt: timestamp({ withTimezone: true }).notNull(),
    /**
     * The application's currency (which never changes), copied on insert by the same trigger (migration 0031): the
     * "needs attention" view of one currency reads its open items from work_items_open_list_currency_idx.
     */
    applicationCurrency: text().notNull(),
    /**
     * The application's amount and HighHelp status (null: not sent yet), copied on insert by the same trigger and kept
     * equal by a trigger on applications whenever either changes (migration 0038): the "needs attention" view's capped
     * count and sums of a status or currency read the open items alone. Null on items resolved before the copies
     * existed, which no list reads (work_items_open_copies_check).
     */
    applicationAmount: money("application_amount"),
    applicationStatus: statusEnum("application_status"),
    reason: workReasonEnum().notNull(),
    /** The application's sub-status when the item opened (a dispute's kind). */
    subStatus: text(),
    assigneeId: bigint({ mode: "number" }).references(() => users.id),
    snoozedUntil: timestamp({ withTimezone: true }),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedBy: bigint({ mode: "number" }).references(() => users.id),
    resolution: workResolutionEnum(),
    ticketRef: text(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("work_items_open_application_key")
      .on(t.applicationId)
      .where(sql`${t.resolvedAt} is null`),
    index("work_items_open_idx")
      .on(t.createdAt, t.id)
      .where(sql`${t.resolvedAt} is null`),
    index("work_items_application_idx").on(t.applicationId, t.createdAt),
    // The queue's tabs: a reason's open items oldest first, and its capped count.
    index("work_items_open_reason_idx")
      .on(t.reason, t.createdAt, t.id)
      .where(sql`${t.resolvedAt} is null`),
    // "Assigned to me" and its count.
    index("work_items_open_assignee_idx")
      .on(t.assigneeId, t.createdAt, t.id)
      .where(sql`${t.resolvedAt} is null`),
    // The lists' "needs attention" view in created order (lib/applications/list-queries.ts): the open items of one type as
    // applications_type_created_key_idx orders applications. Snooze and register ride along so the capped count needs no heap.
    index("work_items_open_list_idx")
      .on(t.applicationType, t.applicationCreatedAt.desc(), t.applicationId.desc(), t.snoozedUntil, t.projectId)
      .where(sql`${t.resolvedAt} is null`),
    // The same view of one currency: its page in order, and its capped totals from the items alone before any application.
    index("work_items_open_list_currency_idx")
      .on(
        t.applicationType,
        t.applicationCurrency,
        t.applicationCreatedAt.desc(),
        t.applicationId.desc(),
        t.snoozedUntil,
        t.projectId,
      )
      .where(sql`${t.resolvedAt} is null`),
    check("work_items_ticket_length", sql`length(${t.ticketRef}) <= 100`),
    check("work_items_open_copies_check", sql`${t.resolvedAt} is not null or ${t.applicationAmount} is not null`),
  ],
);
export type WorkItem = typeof workItems.$inferSelect;

/** A thread of notes on an application, written from the queue or the application page (audited too). */
export const workNotes = pgTable(
  "work_notes",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    applicationId: bigint({ mode: "number" })
      .notNull()
      .references(() => applications.id),
    authorId: bigint({ mode: "number" }).references(() => users.id),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("work_notes_application_idx").on(t.applicationId, t.createdAt),
    check("work_notes_body_length", sql`length(${t.body}) <= 2000`),
  ],
);
export type WorkNote = typeof workNotes.$inferSelect;

export const NOTIFICATION_KINDS = ["approval_waiting", "item_assigned", "dispute_arrived"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const notificationKindEnum = pgEnum("notification_kind", NOTIFICATION_KINDS);

/** In-app notifications: codes and values only (the bell words them in the reader's language). */
export const notifications = pgTable(
  "notifications",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    userId: bigint({ mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: notificationKindEnum().notNull(),
    applicationId: bigint({ mode: "number" }).references(() => applications.id),
    payload: jsonb().notNull().default({}),
    readAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.createdAt.desc(), t.id.desc()),
    index("notifications_unread_idx")
      .on(t.userId)
      .where(sql`${t.readAt} is null`),
  ],
);
export type Notification = typeof notifications.$inferSelect;

/**
 * Saved list views (lib/views): a payins / payouts list state (its URL query) under a name. Personal ones are
 * seen by their owner only; shared ones by everyone who may read the list.
 */
export const savedViews = pgTable(
  "saved_views",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    ownerId: bigint({ mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    listType: applicationTypeEnum().notNull(),
    name: text().notNull(),
    /** The list's URL query, defaults left out and no cursor (lib/applications/url-state listSearchParams). */
    query: text().notNull(),
    shared: boolean().notNull().default(false),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("saved_views_owner_name_key").on(t.ownerId, t.listType, t.name),
    index("saved_views_shared_idx")
      .on(t.listType)
      .where(sql`${t.shared}`),
    check("saved_views_name_length", sql`char_length(${t.name}) between 1 and 80`),
    check("saved_views_query_length", sql`char_length(${t.query}) <= 2000`),
  ],
);
export type SavedView = typeof savedViews.$inferSelect;

/** Each user's default view per list, applied when the list is opened without parameters. */
export const defaultViews = pgTable(
  "default_views",
  {
    userId: bigint({ mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    listType: applicationTypeEnum().notNull(),
    viewId: bigint({ mode: "number" })
      .notNull()
      .references(() => savedViews.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.listType] }), index("default_views_view_idx").on(t.viewId)],
);

/**
 * The outgoing webhook (lib/webhooks): at most one, set by an admin on the Settings page. The signing secret is
 * sealed like the registers' keys (lib/registers/secret-box.ts) and shown to the admin once, when made.
 */
export const webhookSettings = pgTable(
  "webhook_settings",
  {
    id: integer().primaryKey().default(1),
    url: text().notNull(),
    secretSealed: text().notNull(),
    enabled: boolean().notNull().default(true),
    secretCreatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedBy: bigint({ mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    check("webhook_settings_single_row", sql`${t.id} = 1`),
    check("webhook_settings_url_length", sql`length(${t.url}) <= 2048`),
  ],
);
export type WebhookSettings = typeof webhookSettings.$inferSelect;

export const WEBHOOK_DELIVERY_STATES = ["pending", "delivered", "failed", "discarded"] as const;
export type WebhookDeliveryState = (typeof WEBHOOK_DELIVERY_STATES)[number];
export const webhookDeliveryStateEnum = pgEnum("webhook_delivery_state", WEBHOOK_DELIVERY_STATES);

/**
 * The webhook's outbox: one row per event to deliver, written by the database in the statement that writes the
 * notifications (trigger `notifications_webhook_outbox`), or by the Settings page's test. `event_id` is the id the
 * receiver sees, the same on every attempt.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    eventId: uuid().notNull().defaultRandom(),
    /** A notification kind, or `test`. */
    type: text().notNull(),
    applicationId: bigint({ mode: "number" }).references(() => applications.id),
    payload: jsonb().notNull().default({}),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    state: webhookDeliveryStateEnum().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp({ withTimezone: true }),
    lastAttemptAt: timestamp({ withTimezone: true }),
    /** The receiver's HTTP status of the last attempt; null when none came (timeout, refused connection). */
    lastStatus: integer(),
    /** Why the last attempt failed, as a code (`timeout`, `network`, `redirect`, `http`); never the response body. */
    lastError: text(),
    deliveredAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_event_key").on(t.eventId),
    index("webhook_deliveries_due_idx")
      .on(t.nextAttemptAt, t.id)
      .where(sql`${t.state} = 'pending'`),
    index("webhook_deliveries_attempted_idx")
      .on(t.lastAttemptAt.desc(), t.id.desc())
      .where(sql`${t.lastAttemptAt} is not null`),
  ],
);
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

/**
 * A cash register's balances as HighHelp's balance/info answered them (lib/settlement): one row per currency,
 * the rows of one answer sharing `taken_at`. Minor units. `taken_by` is the admin who asked for it; null: the
 * scheduled job.
 */
export const balanceSnapshots = pgTable(
  "balance_snapshots",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    registerId: bigint({ mode: "number" })
      .notNull()
      .references(() => registers.id, { onDelete: "cascade" }),
    currency: text().notNull(),
    amount: bigint({ mode: "bigint" }).notNull(),
    lockedAmount: bigint({ mode: "bigint" }).notNull(),
    takenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    takenBy: bigint({ mode: "number" }).references(() => users.id),
  },
  (t) => [
    uniqueIndex("balance_snapshots_register_currency_taken_key").on(t.registerId, t.currency, t.takenAt),
    index("balance_snapshots_taken_idx").on(t.takenAt),
  ],
);
export type BalanceSnapshot = typeof balanceSnapshots.$inferSelect;
