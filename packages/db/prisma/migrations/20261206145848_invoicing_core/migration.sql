-- AlterEnum
BEGIN;
CREATE TYPE "invoice_status_new" AS ENUM ('draft', 'finalized', 'paid', 'void');
ALTER TABLE "public"."invoices" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "invoices" ALTER COLUMN "status" TYPE "invoice_status_new" USING ("status"::text::"invoice_status_new");
ALTER TYPE "invoice_status" RENAME TO "invoice_status_old";
ALTER TYPE "invoice_status_new" RENAME TO "invoice_status";
DROP TYPE "public"."invoice_status_old";
ALTER TABLE "invoices" ALTER COLUMN "status" SET DEFAULT 'draft';
COMMIT;

-- DropForeignKey
ALTER TABLE "invoice_lines" DROP CONSTRAINT "invoice_lines_invoice_id_fkey";

-- DropIndex
DROP INDEX "invoices_tenant_id_period_start_currency_key";

-- AlterTable
ALTER TABLE "invoice_lines" DROP COLUMN "unit_price",
ADD COLUMN     "details" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "exact_amount" DECIMAL(65,30) NOT NULL,
ADD COLUMN     "origin_period_start" TIMESTAMPTZ(3),
ADD COLUMN     "plan_version_id" UUID,
ADD COLUMN     "section" TEXT NOT NULL,
ADD COLUMN     "unit_price_per_million" DECIMAL(65,30);

-- AlterTable
ALTER TABLE "invoices" ADD COLUMN     "credits_applied" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN     "due_at" TIMESTAMPTZ(3),
ADD COLUMN     "issuer" TEXT NOT NULL,
ADD COLUMN     "paid_at" TIMESTAMPTZ(3),
ADD COLUMN     "payment_reference" TEXT,
ADD COLUMN     "replaces_invoice_id" UUID,
ADD COLUMN     "subtotal" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN     "tax" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN     "tax_rate" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN     "void_reason" TEXT,
ADD COLUMN     "voided_at" TIMESTAMPTZ(3),
ALTER COLUMN "number" DROP NOT NULL;

-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "billed_through" TIMESTAMPTZ(3),
ADD COLUMN     "invoice_grace_hours" INTEGER NOT NULL DEFAULT 24,
ADD COLUMN     "payment_terms_days" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "tax_rate" DECIMAL(65,30) NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "credit_notes" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "invoice_id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "amount" DECIMAL(65,30) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_notes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "document_number_counters" (
    "issuer" TEXT NOT NULL,
    "series" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last_number" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "document_number_counters_pkey" PRIMARY KEY ("issuer","series","year")
);

-- CreateTable
CREATE TABLE "ledger_period_totals" (
    "tenant_id" UUID NOT NULL,
    "billed_period_start" TIMESTAMPTZ(3) NOT NULL,
    "origin_period_start" TIMESTAMPTZ(3) NOT NULL,
    "kind" "ledger_entry_kind" NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "model_id" TEXT NOT NULL,
    "token_type" TEXT NOT NULL,
    "plan_version_id" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "quantity" DECIMAL(65,0) NOT NULL DEFAULT 0,
    "amount" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "entry_count" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_period_totals_pkey" PRIMARY KEY ("tenant_id","billed_period_start","origin_period_start","kind","currency","model_id","token_type","plan_version_id","description")
);

-- CreateIndex
CREATE UNIQUE INDEX "credit_notes_number_key" ON "credit_notes"("number");

-- CreateIndex
CREATE INDEX "credit_notes_invoice_id_idx" ON "credit_notes"("invoice_id");

-- CreateIndex
CREATE INDEX "credit_notes_tenant_id_created_at_idx" ON "credit_notes"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "invoices_tenant_id_issued_at_idx" ON "invoices"("tenant_id", "issued_at");

-- CreateIndex
CREATE INDEX "invoices_status_issued_at_idx" ON "invoices"("status", "issued_at");

-- CreateIndex
CREATE UNIQUE INDEX "invoices_one_live_per_period" ON "invoices"("tenant_id", "period_start", "currency") WHERE (status <> 'void');

-- AddForeignKey
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ───── Hand-written below: checks, the billing period in SQL, the ledger's period totals, immutability. ─────

ALTER TABLE "tenants"
  ADD CONSTRAINT "tenants_invoice_grace_hours_range" CHECK (invoice_grace_hours BETWEEN 0 AND 2160),
  ADD CONSTRAINT "tenants_tax_rate_range" CHECK (tax_rate >= 0 AND tax_rate < 1),
  ADD CONSTRAINT "tenants_payment_terms_days_range" CHECK (payment_terms_days BETWEEN 0 AND 365);
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_amount_positive" CHECK (amount > 0);

-- The billing period containing an instant: the calendar month in UTC, as billingPeriodStart in packages/domain
-- (a test keeps the two equal).
CREATE FUNCTION billing_period_start(at timestamptz) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT date_trunc('month', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' $$;

-- Every insert into the ledger, by any writer, adds to ledger_period_totals in the same statement. The shared
-- billing lock (class 7402) per tenant makes the close wait for in-flight writers and makes writers wait for a
-- close: a close takes it exclusively, moves tenants.billed_through, and every entry written after that reads the
-- new value, so an entry for a finalized period is billed on the next open one and never on none.
CREATE FUNCTION ledger_entries_add_to_period_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(7402, hashtext(t.tenant_id::text))
    FROM (SELECT DISTINCT tenant_id FROM new_entries ORDER BY 1) AS t;
  INSERT INTO ledger_period_totals AS p (tenant_id, billed_period_start, origin_period_start, kind, currency,
      model_id, token_type, plan_version_id, description, quantity, amount, entry_count)
  SELECT e.tenant_id,
         CASE WHEN t.billed_through IS NOT NULL AND e.occurred_at < t.billed_through
              THEN t.billed_through ELSE billing_period_start(e.occurred_at) END,
         billing_period_start(e.occurred_at), e.kind, e.currency, coalesce(e.model_id, ''),
         coalesce(e.token_type::text, ''), coalesce(e.plan_version_id::text, ''), e.description,
         sum(coalesce(e.quantity, 0)), sum(e.amount), count(*)
    FROM new_entries e LEFT JOIN tenants t ON t.id = e.tenant_id
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
   -- One lock order for every writer, so concurrent jobs queue up instead of deadlocking.
   ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
  ON CONFLICT (tenant_id, billed_period_start, origin_period_start, kind, currency, model_id, token_type,
               plan_version_id, description)
  DO UPDATE SET quantity = p.quantity + EXCLUDED.quantity, amount = p.amount + EXCLUDED.amount,
                entry_count = p.entry_count + EXCLUDED.entry_count, updated_at = now();
  RETURN NULL;
END $$;

CREATE TRIGGER ledger_entries_period_totals AFTER INSERT ON ledger_entries
  REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_add_to_period_totals();

-- Entries written before this migration.
INSERT INTO ledger_period_totals (tenant_id, billed_period_start, origin_period_start, kind, currency, model_id,
    token_type, plan_version_id, description, quantity, amount, entry_count)
SELECT tenant_id, billing_period_start(occurred_at), billing_period_start(occurred_at), kind, currency,
       coalesce(model_id, ''), coalesce(token_type::text, ''), coalesce(plan_version_id::text, ''), description,
       sum(coalesce(quantity, 0)), sum(amount), count(*)
  FROM ledger_entries GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;

-- Finalized invoices are immutable: only finalized → paid and finalized → void may change a row, and then only
-- the payment or void fields. A draft exists only inside the closing transaction.
CREATE FUNCTION invoices_refuse_changes_once_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'draft' THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'finalized' AND NEW.status IN ('paid', 'void')
     AND (NEW.tenant_id, NEW.number, NEW.issuer, NEW.currency, NEW.period_start, NEW.period_end, NEW.subtotal,
          NEW.credits_applied, NEW.tax_rate, NEW.tax, NEW.total, NEW.issued_at, NEW.due_at,
          NEW.replaces_invoice_id, NEW.created_at)
         IS NOT DISTINCT FROM
         (OLD.tenant_id, OLD.number, OLD.issuer, OLD.currency, OLD.period_start, OLD.period_end, OLD.subtotal,
          OLD.credits_applied, OLD.tax_rate, OLD.tax, OLD.total, OLD.issued_at, OLD.due_at,
          OLD.replaces_invoice_id, OLD.created_at)
     AND (NEW.status = 'paid' OR (NEW.paid_at IS NULL AND NEW.payment_reference IS NULL))
     AND (NEW.status = 'void' OR (NEW.voided_at IS NULL AND NEW.void_reason IS NULL)) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'invoice % is %: finalized invoices are immutable', OLD.number, OLD.status
    USING ERRCODE = 'restrict_violation';
END $$;

CREATE TRIGGER invoices_immutable BEFORE UPDATE OR DELETE ON invoices
  FOR EACH ROW EXECUTE FUNCTION invoices_refuse_changes_once_final();

CREATE FUNCTION invoice_lines_refuse_changes_once_final() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent_status invoice_status;
BEGIN
  SELECT status INTO parent_status FROM invoices
   WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.invoice_id ELSE NEW.invoice_id END;
  IF parent_status = 'draft' AND (TG_OP <> 'UPDATE' OR OLD.invoice_id = NEW.invoice_id) THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  RAISE EXCEPTION 'invoice lines of a % invoice are immutable', parent_status USING ERRCODE = 'restrict_violation';
END $$;

CREATE TRIGGER invoice_lines_immutable BEFORE INSERT OR UPDATE OR DELETE ON invoice_lines
  FOR EACH ROW EXECUTE FUNCTION invoice_lines_refuse_changes_once_final();

CREATE FUNCTION credit_notes_refuse_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'credit notes are immutable' USING ERRCODE = 'restrict_violation';
END $$;

CREATE TRIGGER credit_notes_immutable BEFORE UPDATE OR DELETE ON credit_notes
  FOR EACH ROW EXECUTE FUNCTION credit_notes_refuse_changes();
