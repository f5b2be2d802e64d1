-- Search folds accents (unaccent) and forgives small typos (pg_trgm). Both ship with PostgreSQL's
-- contrib, on the embedded server too. unaccent() is only STABLE (its dictionary could change), so
-- a generated column or an index cannot call it: percha_unaccent fixes the dictionary, schema
-- qualified wherever the extension lives, and is declared IMMUTABLE. drizzle-kit does not manage
-- extensions or functions: they live here only.
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
DO $$
DECLARE
  home text := (SELECT quote_ident(n.nspname) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent');
BEGIN
  EXECUTE format(
    'CREATE OR REPLACE FUNCTION percha_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS %L',
    format('SELECT %s.unaccent(%L::regdictionary, $1)', home, home || '.unaccent'));
END
$$;--> statement-breakpoint
ALTER TABLE "product" ADD COLUMN "search_document" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('spanish'::regconfig, percha_unaccent(name)), 'A') || setweight(to_tsvector('english'::regconfig, percha_unaccent(name)), 'A') || setweight(to_tsvector('spanish'::regconfig, percha_unaccent(category)), 'B') || setweight(to_tsvector('english'::regconfig, percha_unaccent(category)), 'B') || setweight(to_tsvector('spanish'::regconfig, percha_unaccent(description)), 'C') || setweight(to_tsvector('english'::regconfig, percha_unaccent(description)), 'C')) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "product_search_document_idx" ON "product" USING gin ("search_document");--> statement-breakpoint
CREATE INDEX "product_search_name_trgm_idx" ON "product" USING gin (percha_unaccent(lower(name || ' ' || category)) gin_trgm_ops);--> statement-breakpoint
ANALYZE "product";
