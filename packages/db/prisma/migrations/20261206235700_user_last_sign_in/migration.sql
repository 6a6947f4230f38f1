-- When each user last signed in, for the team page. Null until the next sign-in (never backfilled: unknown).
ALTER TABLE "users" ADD COLUMN "last_sign_in_at" TIMESTAMPTZ(3);
