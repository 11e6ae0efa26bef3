-- The customer's full name and last name, lower-cased once at write time in columns of their own, like search_key
-- (migration search_key): unlike an expression, a column can be read from an index alone, so that the list's capped
-- sum over a common name reads its currency and amount from the name's index (migration name_key_indexes) instead of
-- fetching a thousand applications. The expressions are search_key's, word for word.
--
-- The same BEFORE trigger writes them for every writer, the previous build's too. Rows written before them are filled
-- by the maintenance job (lib/applications/search-keys.ts) in batches, which rewrites search_key alongside; until then
-- their name keys are null and the search reads them by their customer document.
ALTER TABLE "applications" ADD COLUMN "customer_name_key" text;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "customer_last_name_key" text;--> statement-breakpoint
CREATE OR REPLACE FUNCTION applications_set_search_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.search_key := applications_search_key(
		NEW.payment_id, NEW.request_id, NEW.customer_id, NEW.sender_card_holder, NEW.receiver_card_holder, NEW.customer);
	NEW.customer_name_key := lower(btrim(
		coalesce(NEW.customer ->> 'first_name', '') || ' ' || coalesce(NEW.customer ->> 'last_name', '')));
	NEW.customer_last_name_key := lower(NEW.customer ->> 'last_name');
	RETURN NEW;
END
$$;
--> statement-breakpoint
DROP TRIGGER applications_search_key ON applications;--> statement-breakpoint
CREATE TRIGGER applications_search_key BEFORE INSERT OR UPDATE OF
	payment_id, request_id, customer_id, sender_card_holder, receiver_card_holder, customer, search_key,
	customer_name_key, customer_last_name_key
	ON applications FOR EACH ROW EXECUTE FUNCTION applications_set_search_key();
--> statement-breakpoint
-- The first arm of the list's search a row matches, for a text without digits once every row has its name keys
-- (lib/applications/list-queries.ts searchArms, in the same order): 0 full name, 1 last name, 2 payment id, 3 request
-- id, 4 customer id, 5 sender and 6 receiver card holder, 7 email; null for none. `needle` is the typed text,
-- lower-cased. A capped sum reads the arms one after another and keeps a row only in the first it matches: one call
-- instead of every earlier arm again, which made planning the sum cost more than reading it.
CREATE FUNCTION applications_search_first_arm(
	customer_name_key text, customer_last_name_key text, payment_id text, request_id text, customer_id text,
	sender_card_holder text, receiver_card_holder text, customer jsonb, needle text
) RETURNS integer LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
	IF starts_with(customer_name_key, needle) THEN RETURN 0; END IF;
	IF starts_with(customer_last_name_key, needle) THEN RETURN 1; END IF;
	IF starts_with(lower(payment_id), needle) THEN RETURN 2; END IF;
	IF lower(request_id) = needle THEN RETURN 3; END IF;
	IF lower(customer_id) = needle THEN RETURN 4; END IF;
	IF starts_with(lower(sender_card_holder), needle) THEN RETURN 5; END IF;
	IF starts_with(lower(receiver_card_holder), needle) THEN RETURN 6; END IF;
	IF starts_with(lower(customer ->> 'email'), needle) THEN RETURN 7; END IF;
	RETURN NULL;
END
$$;
