-- The lists' search keeps each row's searched texts lower-cased once, at write time, in applications.search_key: a list
-- walking its order for a common name then tests one stored text per row instead of lower() on eight texts.
--
-- The key is a separator (U+001F) before each text, lower-cased: the payment id, the request id, the customer id, both card
-- holders, the customer's full name ("first last"), last name and email, the same expressions as the search's arms and
-- their indexes. A row whose key lacks separator + typed text matches no arm (lib/applications/list-queries.ts).
--
-- A BEFORE trigger writes it for every writer, the previous build's too during a rolling deploy. Rows written before
-- it are filled in batches by the maintenance job (lib/applications/search-keys.ts), not here: one UPDATE of a large
-- table would hold every row's lock for its whole length. Until then their key is null and the search reads them.
ALTER TABLE "applications" ADD COLUMN "search_key" text;--> statement-breakpoint
CREATE FUNCTION applications_search_key(
	payment_id text, request_id text, customer_id text, sender_card_holder text, receiver_card_holder text, customer jsonb
) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT concat(
		E'\x1f', lower(payment_id),
		E'\x1f', lower(request_id),
		E'\x1f', lower(customer_id),
		E'\x1f', lower(sender_card_holder),
		E'\x1f', lower(receiver_card_holder),
		E'\x1f', lower(btrim(coalesce(customer ->> 'first_name', '') || ' ' || coalesce(customer ->> 'last_name', ''))),
		E'\x1f', lower(customer ->> 'last_name'),
		E'\x1f', lower(customer ->> 'email'))
$$;
--> statement-breakpoint
CREATE FUNCTION applications_set_search_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.search_key := applications_search_key(
		NEW.payment_id, NEW.request_id, NEW.customer_id, NEW.sender_card_holder, NEW.receiver_card_holder, NEW.customer);
	RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER applications_search_key BEFORE INSERT OR UPDATE OF
	payment_id, request_id, customer_id, sender_card_holder, receiver_card_holder, customer, search_key
	ON applications FOR EACH ROW EXECUTE FUNCTION applications_set_search_key();
