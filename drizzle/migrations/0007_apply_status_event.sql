-- The one apply path for status events (callbacks, polls, API answers, user actions), as one statement so that a
-- delivery costs one round trip and one commit. The caller passes the event already shaped (lib/applications/
-- apply-status-event.ts) and the rule tables (progress ranks, poll waits) that stay defined in TypeScript.
CREATE FUNCTION apply_status_event(
	e jsonb,
	delivery jsonb,
	at timestamptz,
	ranks jsonb,
	instructions_poll_seconds integer,
	late_poll_seconds integer,
	OUT o_outcome text,
	OUT o_application_id bigint,
	OUT o_created boolean,
	OUT o_status text,
	OUT o_sub_status text
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
	app record;
	ev_status status := (e->>'status')::status;
	ev_sub text := e->>'sub_status';
	ev_updated bigint := (e->>'updated_date')::bigint;
	ev_display jsonb := nullif(e->'display_data', 'null'::jsonb);
	ev_requisites jsonb := nullif(e->'requisites', 'null'::jsonb);
	ev_key text := e->>'idempotency_key';
	moves boolean;
	is_duplicate boolean;
	has_instructions boolean;
	delivery_id bigint;
	next_poll timestamptz;
BEGIN
	o_created := false;
	SELECT id, type, product, integration, submission, status, sub_status, request_id, form_url, redirect_url,
		sender_pan_masked, sender_card_holder, display_data IS NOT NULL AS has_display_data, requisites IS NOT NULL AS has_requisites,
		gateway_created_at IS NOT NULL AS has_gateway_created, floor(extract(epoch FROM gateway_updated_at))::bigint AS gateway_updated
	INTO app FROM applications WHERE project_id = e->>'project_id' AND payment_id = e->>'payment_id' FOR UPDATE;

	IF NOT FOUND THEN
		-- An application first heard of here (made by another system); without these it cannot be kept.
		IF e->'create' IS NULL OR e->'create' = 'null'::jsonb THEN
			o_outcome := 'unknown_application';
			RETURN;
		END IF;
		INSERT INTO applications (project_id, payment_id, request_id, type, product, integration, amount, old_amount,
			initial_amount, currency, submission, gateway_created_at, created_at, updated_at)
		VALUES (e->>'project_id', e->>'payment_id', e->>'request_id', (e->'create'->>'type')::application_type,
			(e->'create'->>'product')::product, (e->'create'->>'integration')::integration, (e->'create'->>'amount')::bigint,
			(e->>'old_amount')::bigint, (e->>'initial_amount')::bigint, e->'create'->>'currency', 'external',
			to_timestamp((e->>'created_date')::bigint), at, at)
		ON CONFLICT (project_id, payment_id) DO NOTHING;
		o_created := FOUND;
		SELECT id, type, product, integration, submission, status, sub_status, request_id, form_url, redirect_url,
			sender_pan_masked, sender_card_holder, display_data IS NOT NULL AS has_display_data, requisites IS NOT NULL AS has_requisites,
			gateway_created_at IS NOT NULL AS has_gateway_created, floor(extract(epoch FROM gateway_updated_at))::bigint AS gateway_updated
		INTO STRICT app FROM applications WHERE project_id = e->>'project_id' AND payment_id = e->>'payment_id' FOR UPDATE;
	END IF;

	-- Final statuses never change; a final event or a first status always moves; otherwise HighHelp's updated_date
	-- decides when both are known and differ, and the progress rank when not (docs/highhelp-decisions.md#status-model).
	moves := CASE
		WHEN app.status IN ('success', 'decline') THEN false
		WHEN ev_status IN ('success', 'decline') OR app.status IS NULL THEN true
		WHEN ev_updated IS NOT NULL AND app.gateway_updated IS NOT NULL AND ev_updated <> app.gateway_updated
			THEN ev_updated > app.gateway_updated
		ELSE coalesce((ranks->>(ev_status::text || ':' || coalesce(ev_sub, '')))::int, (ranks->>ev_status::text)::int, 0)
			>= coalesce((ranks->>(app.status::text || ':' || coalesce(app.sub_status, '')))::int, (ranks->>app.status::text)::int, 0)
	END;
	-- Every event of an application passes the row lock above, so this check cannot race its insert.
	is_duplicate := EXISTS (SELECT 1 FROM status_events WHERE idempotency_key = ev_key);
	o_outcome := CASE WHEN is_duplicate THEN 'duplicate' WHEN moves THEN 'applied' ELSE 'recorded' END;
	o_application_id := app.id;

	IF delivery IS NOT NULL AND delivery <> 'null'::jsonb THEN
		INSERT INTO callback_deliveries (kind, remote_addr, raw_body, signature_header, timestamp_header, merchant_id_header,
			headers, signature_verified, project_id, payment_id, outcome, application_id, processed_at)
		VALUES (delivery->>'kind', delivery->>'remoteAddr', delivery->>'rawBody', delivery->>'signatureHeader',
			delivery->>'timestampHeader', delivery->>'merchantIdHeader', delivery->'headers', true, e->>'project_id',
			e->>'payment_id', o_outcome::callback_outcome, app.id, at)
		RETURNING id INTO delivery_id;
	END IF;

	IF NOT is_duplicate THEN
		INSERT INTO status_events (application_id, status, sub_status, status_description, amount, old_amount, initial_amount,
			source, idempotency_key, applied, payload, callback_delivery_id, actor_user_id, gateway_updated_at, received_at)
		VALUES (app.id, ev_status, ev_sub, e->>'status_description', (e->>'amount')::bigint, (e->>'old_amount')::bigint,
			(e->>'initial_amount')::bigint, (e->>'source')::event_source, ev_key, moves, e->'payload', delivery_id,
			(e->>'actor_user_id')::bigint, to_timestamp(ev_updated), at)
		ON CONFLICT (idempotency_key) DO NOTHING;
	END IF;

	IF o_outcome = 'applied' THEN
		has_instructions := app.has_display_data OR ev_display IS NOT NULL;
		next_poll := CASE
			WHEN ev_status IN ('success', 'decline') THEN NULL
			-- H2H P2P payins wait for the payer's instructions, which only a poll may bring; mirrors
			-- waitingForInstructions in lib/reconcile/policy.ts (a test keeps the two in step).
			WHEN app.type = 'payin' AND app.product = 'p2p' AND app.integration = 'h2h' AND NOT has_instructions
				THEN at + make_interval(secs => instructions_poll_seconds)
			ELSE at + make_interval(secs => late_poll_seconds)
		END;
		UPDATE applications SET
			submission = CASE WHEN submission IN ('sending', 'unknown', 'absent') THEN 'sent' ELSE submission END,
			request_id = coalesce(request_id, e->>'request_id'),
			redirect_url = coalesce(redirect_url, e->>'redirect_url'),
			form_url = coalesce(e->>'form_url', form_url),
			display_data = coalesce(ev_display, display_data),
			requisites = coalesce(ev_requisites, requisites),
			card_last4 = CASE WHEN sender_pan_masked IS NULL AND e->>'sender_pan_masked' IS NOT NULL AND type = 'payin'
				THEN e->>'card_last4' ELSE card_last4 END,
			sender_pan_masked = coalesce(sender_pan_masked, e->>'sender_pan_masked'),
			sender_card_holder = coalesce(sender_card_holder, e->>'sender_card_holder'),
			status = ev_status,
			sub_status = ev_sub,
			status_description = e->>'status_description',
			last_event_at = at,
			next_poll_at = next_poll,
			poll_attempts = 0,
			amount = coalesce((e->>'amount')::bigint, amount),
			old_amount = coalesce((e->>'old_amount')::bigint, old_amount),
			initial_amount = coalesce((e->>'initial_amount')::bigint, initial_amount),
			method = coalesce(e->>'method', method),
			payment_system = coalesce(e->>'payment_system', payment_system),
			widget_method = coalesce(e->>'widget_method', widget_method),
			lifetime = coalesce((e->>'lifetime')::integer, lifetime),
			gateway_updated_at = coalesce(to_timestamp(ev_updated), gateway_updated_at),
			gateway_created_at = coalesce(gateway_created_at, to_timestamp((e->>'created_date')::bigint)),
			expires_at = coalesce((e->>'expires_at')::timestamptz, expires_at),
			card_data_masked_at = NULL,
			updated_at = at
		WHERE id = app.id;
		o_status := ev_status;
		o_sub_status := ev_sub;
	ELSE
		-- Late or repeated: fill only what the application does not know yet. Any status from HighHelp proves it
		-- has the application, whatever our last call told us. Card data already masked is due again: this event
		-- or its delivery may be a new copy of it.
		UPDATE applications SET
			submission = CASE WHEN submission IN ('sending', 'unknown', 'absent') THEN 'sent' ELSE submission END,
			request_id = coalesce(request_id, e->>'request_id'),
			display_data = coalesce(display_data, ev_display),
			requisites = coalesce(requisites, ev_requisites),
			form_url = coalesce(form_url, e->>'form_url'),
			redirect_url = coalesce(redirect_url, e->>'redirect_url'),
			card_last4 = CASE WHEN sender_pan_masked IS NULL AND e->>'sender_pan_masked' IS NOT NULL AND type = 'payin'
				THEN e->>'card_last4' ELSE card_last4 END,
			sender_pan_masked = coalesce(sender_pan_masked, e->>'sender_pan_masked'),
			sender_card_holder = coalesce(sender_card_holder, e->>'sender_card_holder'),
			card_data_masked_at = NULL,
			updated_at = at
		WHERE id = app.id AND (
			card_data_masked_at IS NOT NULL
			OR submission IN ('sending', 'unknown', 'absent')
			OR (request_id IS NULL AND e->>'request_id' IS NOT NULL)
			OR (display_data IS NULL AND ev_display IS NOT NULL)
			OR (requisites IS NULL AND ev_requisites IS NOT NULL)
			OR (form_url IS NULL AND e->>'form_url' IS NOT NULL)
			OR (redirect_url IS NULL AND e->>'redirect_url' IS NOT NULL)
			OR (sender_pan_masked IS NULL AND e->>'sender_pan_masked' IS NOT NULL)
			OR (sender_card_holder IS NULL AND e->>'sender_card_holder' IS NOT NULL));
		o_status := app.status;
		o_sub_status := app.sub_status;
	END IF;
END;
$$;
