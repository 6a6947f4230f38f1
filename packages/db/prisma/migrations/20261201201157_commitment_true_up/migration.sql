-- AlterEnum
ALTER TYPE "ledger_entry_kind" ADD VALUE 'commitment_true_up';
