import { z } from "zod";
import { planVersionOutput } from "../plan-versions/plan-version-schemas.ts";

export const PLANS_PATH = "/v1/admin/plans";
export const OPERATOR = "Operator key (admin scope, no tenant); tenant keys get 403.";

export const planOutput = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
  created_at: z.string(),
});
export const planWithVersionsOutput = planOutput.extend({
  versions: z.array(planVersionOutput).describe("newest first"),
});
