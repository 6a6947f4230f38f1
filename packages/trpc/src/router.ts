import { createApiKey } from "./procedures/api-keys/create.ts";
import { listApiKeys } from "./procedures/api-keys/list.ts";
import { revokeApiKey } from "./procedures/api-keys/revoke.ts";
import { rotateApiKey } from "./procedures/api-keys/rotate.ts";
import { changePassword } from "./procedures/auth/change-password.ts";
import { login } from "./procedures/auth/login.ts";
import { logout } from "./procedures/auth/logout.ts";
import { me } from "./procedures/auth/me.ts";
import { setup } from "./procedures/auth/setup.ts";
import { listTenants } from "./procedures/tenants/list.ts";
import { usageByModel } from "./procedures/usage/by-model.ts";
import { usageSummary } from "./procedures/usage/summary.ts";
import { resetPassword } from "./procedures/users/reset-password.ts";
import { router } from "./trpc.ts";

export const appRouter = router({
  auth: router({ login, logout, me, setup, changePassword }),
  tenants: router({ list: listTenants }),
  usage: router({ summary: usageSummary, byModel: usageByModel }),
  apiKeys: router({ list: listApiKeys, create: createApiKey, revoke: revokeApiKey, rotate: rotateApiKey }),
  users: router({ resetPassword }),
});

export type AppRouter = typeof appRouter;
