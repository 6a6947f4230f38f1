import { createApiKey } from "./procedures/api-keys/create.ts";
import { listApiKeys } from "./procedures/api-keys/list.ts";
import { revokeApiKey } from "./procedures/api-keys/revoke.ts";
import { rotateApiKey } from "./procedures/api-keys/rotate.ts";
import { acceptInvitation } from "./procedures/auth/accept-invitation.ts";
import { changePassword } from "./procedures/auth/change-password.ts";
import { login } from "./procedures/auth/login.ts";
import { logout } from "./procedures/auth/logout.ts";
import { me } from "./procedures/auth/me.ts";
import { setup } from "./procedures/auth/setup.ts";
import { changeTeamMemberRole } from "./procedures/team/change-role.ts";
import { inviteTeamMember } from "./procedures/team/invite.ts";
import { listTeam } from "./procedures/team/list.ts";
import { removeTeamMember } from "./procedures/team/remove.ts";
import { revokeTeamInvitation } from "./procedures/team/revoke-invitation.ts";
import { createTenantBudgetProcedure } from "./procedures/tenant-budgets/create.ts";
import { deleteTenantBudgetProcedure } from "./procedures/tenant-budgets/delete.ts";
import { listTenantBudgets } from "./procedures/tenant-budgets/list.ts";
import { updateTenantBudgetProcedure } from "./procedures/tenant-budgets/update.ts";
import { creditGrantHistoryProcedure } from "./procedures/credits/history.ts";
import { listTenantCredits } from "./procedures/credits/list.ts";
import { setLowCreditAlertProcedure } from "./procedures/tenant-billing/set-low-credit-alert.ts";
import { setTimeZoneProcedure } from "./procedures/tenant-billing/set-time-zone.ts";
import { listTenants } from "./procedures/tenants/list.ts";
import { createTenantWebhookEndpoint } from "./procedures/tenant-webhooks/create-endpoint.ts";
import { deleteTenantWebhookEndpoint } from "./procedures/tenant-webhooks/delete-endpoint.ts";
import { redeliverTenantWebhook } from "./procedures/tenant-webhooks/redeliver.ts";
import { rotateTenantWebhookSecret } from "./procedures/tenant-webhooks/rotate-secret.ts";
import { updateTenantWebhookEndpoint } from "./procedures/tenant-webhooks/update-endpoint.ts";
import { usageByModel } from "./procedures/usage/by-model.ts";
import { usageSummary } from "./procedures/usage/summary.ts";
import { resetPassword } from "./procedures/users/reset-password.ts";
import { operationsRouter } from "./operations-router.ts";
import { mergeRouters, router } from "./trpc.ts";

/** What only the console calls: sign-in and accounts, its usage views, its tenant users' key and webhook management. */
const consoleRouter = router({
  auth: router({ login, logout, me, setup, changePassword, acceptInvitation }),
  tenants: router({ list: listTenants }),
  usage: router({ summary: usageSummary, byModel: usageByModel }),
  apiKeys: router({ list: listApiKeys, create: createApiKey, revoke: revokeApiKey, rotate: rotateApiKey }),
  users: router({ resetPassword }),
  team: router({
    list: listTeam,
    invite: inviteTeamMember,
    revokeInvitation: revokeTeamInvitation,
    changeRole: changeTeamMemberRole,
    remove: removeTeamMember,
  }),
  // Not `budgets`: the operators' budget operations hold that key.
  tenantBudgets: router({
    list: listTenantBudgets,
    create: createTenantBudgetProcedure,
    update: updateTenantBudgetProcedure,
    delete: deleteTenantBudgetProcedure,
  }),
  // The tenant's own view of its credit (operators manage grants with creditGrants).
  credits: router({ list: listTenantCredits, history: creditGrantHistoryProcedure }),
  // The tenant's own billing setting (the operators' billing settings: tenantBilling.set; reads: tenantBilling.get).
  billingSettings: router({ setLowCreditAlert: setLowCreditAlertProcedure, setTimeZone: setTimeZoneProcedure }),
  /** A tenant admin manages their own endpoints (reads: `webhookReads`; operators: `webhookEndpoints`). */
  webhooks: router({
    createEndpoint: createTenantWebhookEndpoint,
    updateEndpoint: updateTenantWebhookEndpoint,
    deleteEndpoint: deleteTenantWebhookEndpoint,
    rotateSecret: rotateTenantWebhookSecret,
    redeliver: redeliverTenantWebhook,
  }),
});

/**
 * Every procedure: the console's and the operations also served over REST (`meta.rest`). /trpc serves all of them to
 * signed-in users; apps/api serves those with `meta.rest` to API keys from the same definitions.
 */
export const appRouter = mergeRouters(consoleRouter, operationsRouter);

export type AppRouter = typeof appRouter;
