import { sql } from "drizzle-orm";
import type { Database } from "@/lib/server/db";

/*
 * Realistic demo / test data: applications in every HighHelp status, the documented methods,
 * KZT, KGS, UZS and RUB, with status histories. Set-based SQL (insert … select from
 * generate_series) with pseudo-random values from hashint8extended(row number, seed): the same
 * seed gives the same payment_ids, amounts, statuses and customers on PostgreSQL and PGlite
 * (timestamps are relative to now). A million rows take well under a minute or two on PostgreSQL.
 *
 * Payment ids are numbered per type: SEED-PI-000001… for payins (7 rows in 10), SEED-PO-000001…
 * for payouts. Seeding the same seed twice adds nothing (on conflict do nothing).
 */

export interface SeedOptions {
  count: number;
  seed?: number;
  /** Rows per statement (default 20 000). */
  chunkSize?: number;
  /** Statements in flight at once (default 1; PostgreSQL gains from 2 on two cores, PGlite has one connection). */
  concurrency?: number;
  /** The cash register the rows belong to (default "seed-project"). */
  projectId?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  applications: number;
  statusEvents: number;
}

/** The payment_id of the n-th (1-based) payin or payout a seed creates. */
export function seedPaymentId(type: "payin" | "payout", n: number): string {
  return `SEED-${type === "payin" ? "PI" : "PO"}-${String(n).padStart(6, "0")}`;
}

/** How many payins and payouts `count` seeded rows contain (7 in every 10 rows are payins). */
export function seedTypeCounts(count: number): { payin: number; payout: number } {
  const full = Math.floor(count / 10);
  const rest = count % 10;
  return { payin: full * 7 + Math.min(rest, 7), payout: full * 3 + Math.max(rest - 7, 0) };
}

function chunkStatement(seed: number, start: number, end: number, projectId: string) {
  // r(k): a pseudo-random integer in [0, 10^6) for row g and salt k.
  const r = (k: number) => sql.raw(`abs(hashint8extended(g, ${seed * 100 + k}) % 1000000)`);
  return sql`
with src as materialized (
  select g,
         ((g - 1) % 10) < 7 as is_payin,
         case when ((g - 1) % 10) < 7 then (g - 1) / 10 * 7 + (g - 1) % 10 + 1
              else (g - 1) / 10 * 3 + (g - 1) % 10 - 6 end as n,
         ${r(1)} as r1, ${r(2)} as r2, ${r(3)} as r3, ${r(4)} as r4, ${r(5)} as r5,
         ${r(6)} as r6, ${r(7)} as r7, ${r(8)} as r8, ${r(9)} as r9, ${r(10)} as r10,
         ${r(11)} as r11, ${r(12)} as r12, ${r(13)} as r13, ${r(14)} as r14,
         abs(hashint8extended(g, ${seed * 100 + 15}) % 5184000000) as age_ms
  from generate_series(${start}::bigint, ${end}::bigint) as g
),
shaped as (
  select src.*,
         case when is_payin then 'payin' else 'payout' end as type,
         case when is_payin then (case when r1 % 100 < 45 then 'p2p_h2h' when r1 % 100 < 70 then 'p2p_h2c' when r1 % 100 < 85 then 'ecom_h2h' else 'ecom_h2c' end)
              else (case when r1 % 100 < 85 then 'p2p_h2h' else 'ecom_h2h' end) end as kind,
         case when r2 % 100 < 40 then 'KZT' when r2 % 100 < 70 then 'RUB' when r2 % 100 < 85 then 'UZS' else 'KGS' end as currency,
         -- status bucket: 60 success, 15 decline, 9 processing, 5 dispute, 4 error, 3 success with a changed amount, 4 not sent
         r4 % 100 as bucket,
         now() - age_ms * interval '1 millisecond' as created_at
  from src
),
typed as (
  select shaped.*,
         split_part(kind, '_', 1) as product,
         split_part(kind, '_', 2) as integration,
         case
           when kind = 'ecom_h2h' then 'card-ecom'
           when kind = 'p2p_h2h' and is_payin and currency = 'RUB' then (array['card-p2p', 'sbp-p2p', 'sbp-p2p', 'phone-p2p'])[1 + r3 % 4]
           when kind = 'p2p_h2h' and is_payin then (array['card-p2p', 'card-p2p', 'phone-p2p', 'international-card-p2p'])[1 + r3 % 4]
           when kind = 'p2p_h2h' and currency = 'RUB' then (array['card-p2p', 'sbp-p2p'])[1 + r3 % 2]
           when kind = 'p2p_h2h' then (array['card-p2p', 'card-p2p', 'phone-p2p'])[1 + r3 % 3]
         end as method,
         case
           when kind = 'ecom_h2c' then 'payin-ecom-card'
           when kind = 'p2p_h2c' and currency = 'RUB' then (array['payin-p2p-card', 'payin-p2p-sbp', 'payin-qr-sbp', 'payin-1-click'])[1 + r3 % 4]
           when kind = 'p2p_h2c' and currency = 'KGS' then (array['payin-p2p-card', 'payin-p2p-phone', 'payin-qr-link-p2p'])[1 + r3 % 3]
           when kind = 'p2p_h2c' then (array['payin-p2p-card', 'payin-p2p-phone'])[1 + r3 % 2]
         end as widget_method,
         case when bucket < 60 then 'success' when bucket < 75 then 'decline' when bucket < 84 then 'processing'
              when bucket < 89 then 'dispute' when bucket < 93 then 'error' when bucket < 96 then 'success' end as status,
         -- major units × currency scale, a fifth of them with kopecks / tiyn
         ((5 + r5 % 996) * (case when r6 % 10 < 5 then 10 when r6 % 10 < 9 then 100 else 1000 end)
           * (case when r2 % 100 < 40 then 5 when r2 % 100 < 85 and r2 % 100 >= 70 then 100 else 1 end)) * 100
           + case when r7 % 5 = 0 then r7 % 100 else 0 end as amount
  from shaped
),
detailed as (
  select typed.*,
         case
           when status = 'processing' and product = 'ecom' then (array['new', 'awaiting_3ds_result', 'awaiting_redirect_result', 'sent_verification', 'invalid_verification'])[1 + r8 % 5]
           when status = 'processing' and is_payin then (array['new', 'requisites', 'awaiting_confirm', 'paid'])[1 + r8 % 4]
           when status = 'processing' then (array['new', 'requisites', 'payout_process'])[1 + r8 % 3]
           when status = 'dispute' and is_payin then (array['no_payment', 'different_amount', 'confirm_timeout'])[1 + r8 % 3]
           when status = 'dispute' then (array['incorrect_requisites', 'payout_failed', 'payout_timeout'])[1 + r8 % 3]
         end as sub_status,
         case
           when status = 'decline' then (array['Declined by anti-fraud', 'Canceled by client', 'Insufficient funds', 'Card expired'])[1 + r9 % 4]
           when status = 'error' then (array['Invalid parameters', 'Processing error'])[1 + r9 % 2]
         end as status_description,
         -- The payer sent another sum: HighHelp reports what arrived, old_amount keeps the order's.
         case when status is not null and is_payin and bucket >= 93 and bucket < 96 then amount + (1 + r9 % 50) * 100 end as changed_from,
         method in ('card-p2p', 'international-card-p2p', 'card-ecom') or widget_method in ('payin-p2p-card', 'payin-ecom-card', 'payin-1-click') as has_card,
         lpad((r10 % 10000)::text, 4, '0') as last4,
         (array['440043', '400303', '521324', '220070', '418362', '535431', '676280', '427638'])[1 + r11 % 8] as bin,
         'cust-' || lpad((r12 % 25000)::text, 5, '0') as customer_id,
         -- A third of the customers spell their names in Cyrillic, the rest in Latin letters (each customer always the same way).
         (r12 % 25000) / 10 % 3 = 0 as cyrillic_name,
         case when product = 'p2p' and is_payin then (array[900, 1800, 3600])[1 + r13 % 3] end as lifetime,
         created_at + (case when status in ('success', 'decline') then 30 + r14 % 3600 else r14 % 900 end) * interval '1 second' as touched_at
  from typed
),
ins as (
  insert into applications (
    project_id, payment_id, request_id, type, product, integration, method, widget_method, amount, old_amount,
    initial_amount, currency, status, sub_status, status_description, submission, sender_pan_masked,
    receiver_pan_masked, receiver_phone, card_last4, customer_id, customer, description, lifetime, expires_at,
    gateway_created_at, gateway_updated_at, last_event_at, created_at, updated_at
  )
  select ${projectId},
         'SEED-' || case when is_payin then 'PI-' else 'PO-' end || case when n < 1000000 then lpad(n::text, 6, '0') else n::text end,
         case when status is not null then md5(${String(seed)} || ':' || g)::uuid::text end,
         type::application_type, product::product, integration::integration, method, widget_method, amount,
         case when status is not null then coalesce(changed_from, amount) end,
         case when status is not null then coalesce(changed_from, amount) end,
         currency, status::status, sub_status, status_description,
         (case when status is not null then 'sent' when not is_payin and r13 % 2 = 0 then 'awaiting_approval' else 'ready' end)::submission_state,
         case when has_card and is_payin then bin || '******' || last4 end,
         case when has_card and not is_payin then bin || '******' || last4 end,
         case when not is_payin and method in ('phone-p2p', 'sbp-p2p') then '+77' || lpad((r10 * 1000 + r11 % 1000)::text, 9, '0') end,
         case when has_card then last4 end,
         customer_id,
         jsonb_build_object(
           'id', customer_id,
           'first_name', case when cyrillic_name
             then (array['Айгерим', 'Нурсултан', 'Дана', 'Тимур', 'Ольга', 'Азамат', 'Мадина', 'Иван', 'Айбек', 'Гульнара'])[1 + r12 % 10]
             else (array['Aigerim', 'Nursultan', 'Dana', 'Timur', 'Olga', 'Azamat', 'Madina', 'Ivan', 'Aibek', 'Gulnara'])[1 + r12 % 10] end,
           'last_name', case when cyrillic_name
             then (array['Садыкова', 'Иванов', 'Ахметов', 'Петрова', 'Усманов', 'Бекова', 'Ким', 'Ермеков'])[1 + r12 % 8]
             else (array['Sadykova', 'Ivanov', 'Akhmetov', 'Petrova', 'Usmanov', 'Bekova', 'Kim', 'Ermekov'])[1 + r12 % 8] end,
           'email', customer_id || '@example.test'),
         'Order ' || g,
         lifetime,
         case when status is not null and lifetime is not null then created_at + lifetime * interval '1 second' end,
         case when status is not null then created_at end,
         case when status is not null then least(touched_at, now()) end,
         case when status is not null then least(touched_at, now()) end,
         created_at,
         least(touched_at, now())
  from detailed
  on conflict (project_id, payment_id) do nothing
  returning id, project_id, payment_id, type, product, status, sub_status, status_description, amount, old_amount, created_at, updated_at
)
insert into status_events (application_id, status, sub_status, status_description, amount, old_amount, initial_amount, source, idempotency_key, applied, gateway_updated_at, received_at)
select ins.id, e.status, e.sub_status, e.description, e.amount, ins.old_amount, ins.old_amount, e.source::event_source,
       ins.project_id || ':' || ins.payment_id || ':' || e.status::text || ':' || coalesce(e.sub_status, ''),
       true, e.at, e.at
from ins
cross join lateral (values
  (1, 'processing'::status, 'new', null, ins.old_amount, 'api_response', ins.created_at,
     ins.status is not null),
  (2, 'processing'::status, 'requisites', null, ins.old_amount, 'callback', least(ins.created_at + interval '2 seconds', ins.updated_at),
     ins.product = 'p2p' and ins.status is not null and ins.status <> 'error' and not (ins.status = 'processing' and ins.sub_status in ('new', 'requisites'))),
  (3, 'dispute'::status, 'different_amount', null, ins.old_amount, 'callback', least(ins.created_at + interval '20 seconds', ins.updated_at),
     ins.status = 'success' and ins.old_amount <> ins.amount),
  (4, ins.status, ins.sub_status, ins.status_description, ins.amount, 'callback', ins.updated_at,
     ins.status is not null and not (ins.status = 'processing' and ins.sub_status = 'new'))
) as e(step, status, sub_status, description, amount, source, at, wanted)
where e.wanted
`;
}

/** Inserts `count` seeded applications (and their status histories). Deterministic for a seed. */
export async function seedApplications(db: Database, options: SeedOptions): Promise<SeedResult> {
  const { count, seed = 1, chunkSize = 20_000, concurrency = 1, projectId = "seed-project" } = options;
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError("count must be a non-negative integer");
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 10_000_000)
    throw new RangeError("seed must be an integer in 0…10 000 000");
  const before = await counts(db);
  let next = 1;
  let done = 0;
  const worker = async () => {
    while (next <= count) {
      const start = next;
      const end = Math.min(count, start + chunkSize - 1);
      next = end + 1;
      await db.transaction(async (tx) => {
        // JIT compilation costs more than it saves on these one-off statements.
        await tx.execute(sql`set local jit = off`);
        await tx.execute(chunkStatement(seed, start, end, projectId));
      });
      done += end - start + 1;
      options.onProgress?.(done, count);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  // Fresh statistics: the list queries' plans depend on them.
  await db.execute(sql`analyze applications`);
  await db.execute(sql`analyze status_events`);
  const after = await counts(db);
  return { applications: after.applications - before.applications, statusEvents: after.statusEvents - before.statusEvents };
}

async function counts(db: Database): Promise<SeedResult> {
  const result = (await db.execute(
    sql`select (select count(*) from applications)::int as a, (select count(*) from status_events)::int as e`,
  )) as unknown as { rows: Array<{ a: number; e: number }> };
  const row = result.rows[0];
  return { applications: Number(row?.a ?? 0), statusEvents: Number(row?.e ?? 0) };
}
