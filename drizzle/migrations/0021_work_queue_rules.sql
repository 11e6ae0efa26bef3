-- The work queue kept by the database, in the statement that moves an application (apply_status_event, a user's
-- operation, a payout's creation), so an item and its notifications commit with the move or not at all.
--
-- An item opens when an application enters a reason: a dispute (or a new dispute sub-status), an error, or an
-- amount changed by HighHelp. One open item per application: a stronger reason replaces a weaker one
-- (dispute > amount_changed > error > expired/payout_stuck). When the application's status moves on, an item
-- whose reason needs no resolution (error, expired, payout_stuck) leaves by itself (resolution `auto`); a dispute or
-- a changed amount stays until someone resolves it, even once the application is final, because what was done about
-- it (an appeal and its ticket, an accepted amount, a write-off) must be recorded. The stuck reasons (expired,
-- payout_stuck) are opened by the periodic rule in lib/work/stuck.ts.
--
-- The roles below are those of `queue:work` and `payouts:approve` in lib/accounts/permissions.ts
-- (lib/work/work-queue.int.test.ts checks they agree).
CREATE FUNCTION work_reason_rank(r work_reason) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE r WHEN 'dispute' THEN 4 WHEN 'amount_changed' THEN 3 WHEN 'error' THEN 2 ELSE 1 END
$$;
--> statement-breakpoint
CREATE FUNCTION queue_worker_roles() RETURNS role[] LANGUAGE sql IMMUTABLE AS $$
	SELECT ARRAY['operator', 'admin']::role[]
$$;
--> statement-breakpoint
CREATE FUNCTION payout_approver_roles() RETURNS role[] LANGUAGE sql IMMUTABLE AS $$
	SELECT ARRAY['admin']::role[]
$$;
--> statement-breakpoint
CREATE FUNCTION work_queue_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	entering work_reason;
	status_moved boolean := TG_OP = 'INSERT' OR (OLD.status, OLD.sub_status) IS DISTINCT FROM (NEW.status, NEW.sub_status);
	open_item record;
	notify_dispute boolean := false;
BEGIN
	IF NEW.type = 'payout' AND NEW.submission = 'awaiting_approval'
		AND (TG_OP = 'INSERT' OR OLD.submission IS DISTINCT FROM 'awaiting_approval') THEN
		-- Admins always reach every register; the creator cannot approve their own payout.
		INSERT INTO notifications (user_id, kind, application_id, payload)
		SELECT u.id, 'approval_waiting', NEW.id,
			jsonb_build_object('paymentId', NEW.payment_id, 'amount', NEW.amount, 'currency', NEW.currency)
		FROM users u
		WHERE u.role = ANY (payout_approver_roles()) AND NOT u.disabled AND NOT u.activation_pending
			AND u.id IS DISTINCT FROM NEW.created_by;
	END IF;

	entering := CASE
		WHEN NEW.status = 'dispute' AND status_moved THEN 'dispute'
		WHEN NEW.status = 'error' AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'error') THEN 'error'
		WHEN NEW.old_amount IS NOT NULL AND NEW.old_amount <> NEW.amount
			AND (TG_OP = 'INSERT' OR (OLD.amount, OLD.old_amount) IS DISTINCT FROM (NEW.amount, NEW.old_amount)) THEN 'amount_changed'
	END;
	IF entering IS NULL AND NOT status_moved THEN
		RETURN NULL;
	END IF;

	SELECT * INTO open_item FROM work_items WHERE application_id = NEW.id AND resolved_at IS NULL FOR UPDATE;
	IF FOUND THEN
		IF entering IS NOT NULL AND (work_reason_rank(entering) > work_reason_rank(open_item.reason)
			OR (entering = 'dispute' AND open_item.reason = 'dispute')) THEN
			UPDATE work_items SET reason = entering, sub_status = NEW.sub_status, updated_at = now() WHERE id = open_item.id;
			notify_dispute := entering = 'dispute' AND open_item.reason <> 'dispute';
		ELSIF status_moved AND open_item.reason IN ('expired', 'payout_stuck', 'error')
			AND NOT (open_item.reason = 'error' AND NEW.status = 'error') AND entering IS NULL THEN
			UPDATE work_items SET resolved_at = now(), resolution = 'auto', updated_at = now() WHERE id = open_item.id;
		END IF;
	ELSIF entering IS NOT NULL THEN
		INSERT INTO work_items (application_id, project_id, application_type, reason, sub_status)
		VALUES (NEW.id, NEW.project_id, NEW.type, entering, NEW.sub_status);
		notify_dispute := entering = 'dispute';
	END IF;

	IF notify_dispute THEN
		INSERT INTO notifications (user_id, kind, application_id, payload)
		SELECT u.id, 'dispute_arrived', NEW.id,
			jsonb_build_object('paymentId', NEW.payment_id, 'subStatus', NEW.sub_status, 'type', NEW.type)
		FROM users u
		WHERE u.role = ANY (queue_worker_roles()) AND NOT u.disabled AND NOT u.activation_pending
			AND (u.role = 'admin' OR u.register_scope = 'all' OR EXISTS (
				SELECT 1 FROM user_registers ur JOIN registers r ON r.id = ur.register_id
				WHERE ur.user_id = u.id AND r.project_id = NEW.project_id));
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER applications_work_queue AFTER INSERT OR UPDATE OF status, sub_status, amount, old_amount, submission ON applications
	FOR EACH ROW EXECUTE FUNCTION work_queue_sync();
--> statement-breakpoint
-- Existing applications that "needed attention" before the queue existed become open items (no notifications).
INSERT INTO work_items (application_id, project_id, application_type, reason, sub_status, created_at, updated_at)
SELECT id, project_id, type,
	CASE WHEN status = 'dispute' THEN 'dispute' WHEN status = 'error' THEN 'error'
		WHEN old_amount IS NOT NULL AND old_amount <> amount THEN 'amount_changed' ELSE 'expired' END::work_reason,
	sub_status, coalesce(last_event_at, updated_at), now()
FROM applications
WHERE (status IN ('dispute', 'error') OR (old_amount IS NOT NULL AND old_amount <> amount))
	OR (expires_at IS NOT NULL AND status IS DISTINCT FROM 'success' AND status IS DISTINCT FROM 'decline' AND expires_at < now());
