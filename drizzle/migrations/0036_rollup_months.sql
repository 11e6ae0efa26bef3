-- application_rollups summed by month, for totals over all time or over whole months (lib/rollups/queries.ts
-- filteredTotals): day cells grow by a few hundred a day, month cells by a few hundred a month.
--
-- Statement triggers on application_rollups move each statement's changes into the month cells, in the writer's
-- transaction, so that the fold, the rebuild and the previous build's fold during a rolling deploy all keep them
-- equal. A month cell that falls to nothing is deleted, as the fold deletes empty day cells.
CREATE TABLE "application_rollup_months" (
	"month" date NOT NULL,
	"project_id" text NOT NULL,
	"type" "application_type" NOT NULL,
	"product" "product" NOT NULL,
	"method" text NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"count" bigint NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "application_rollup_months_pkey" PRIMARY KEY("month","project_id","type","product","method","currency","status")
);
--> statement-breakpoint
CREATE FUNCTION application_rollups_to_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO application_rollup_months AS r (month, project_id, type, product, method, currency, status, count, amount)
		SELECT date_trunc('month', day::timestamp)::date, project_id, type, product, method, currency, status, sum(n), sum(a)
		FROM (SELECT day, project_id, type, product, method, currency, status, count AS n, amount AS a FROM new_rows) moves
		GROUP BY 1, 2, 3, 4, 5, 6, 7
		ON CONFLICT (month, project_id, type, product, method, currency, status)
		DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
	ELSIF TG_OP = 'DELETE' THEN
		INSERT INTO application_rollup_months AS r (month, project_id, type, product, method, currency, status, count, amount)
		SELECT date_trunc('month', day::timestamp)::date, project_id, type, product, method, currency, status, sum(n), sum(a)
		FROM (SELECT day, project_id, type, product, method, currency, status, -count AS n, -amount AS a FROM old_rows) moves
		GROUP BY 1, 2, 3, 4, 5, 6, 7
		ON CONFLICT (month, project_id, type, product, method, currency, status)
		DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
	ELSE
		INSERT INTO application_rollup_months AS r (month, project_id, type, product, method, currency, status, count, amount)
		SELECT date_trunc('month', day::timestamp)::date, project_id, type, product, method, currency, status, sum(n), sum(a)
		FROM (SELECT day, project_id, type, product, method, currency, status, count AS n, amount AS a FROM new_rows
			UNION ALL SELECT day, project_id, type, product, method, currency, status, -count AS n, -amount AS a FROM old_rows) moves
		GROUP BY 1, 2, 3, 4, 5, 6, 7
		ON CONFLICT (month, project_id, type, product, method, currency, status)
		DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
	END IF;
	-- Only a cell something was taken from can fall to nothing: looked up by key, not by a scan of every month.
	IF TG_OP <> 'INSERT' THEN
		DELETE FROM application_rollup_months m
		USING (SELECT DISTINCT date_trunc('month', day::timestamp)::date AS month, project_id, type, product, method, currency, status
			FROM old_rows) o
		WHERE (m.month, m.project_id, m.type, m.product, m.method, m.currency, m.status)
			= (o.month, o.project_id, o.type, o.product, o.method, o.currency, o.status)
			AND m.count = 0 AND m.amount = 0;
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER application_rollups_months_insert AFTER INSERT ON application_rollups
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION application_rollups_to_months();
--> statement-breakpoint
CREATE TRIGGER application_rollups_months_update AFTER UPDATE ON application_rollups
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION application_rollups_to_months();
--> statement-breakpoint
CREATE TRIGGER application_rollups_months_delete AFTER DELETE ON application_rollups
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION application_rollups_to_months();
--> statement-breakpoint
-- The cells so far. The triggers above hold a lock that makes folds wait until this transaction commits.
INSERT INTO application_rollup_months (month, project_id, type, product, method, currency, status, count, amount)
SELECT date_trunc('month', day::timestamp)::date, project_id, type, product, method, currency, status, sum(count), sum(amount)
FROM application_rollups
GROUP BY 1, 2, 3, 4, 5, 6, 7;
