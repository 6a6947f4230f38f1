import { completeSetup } from "@tollgate/use-cases/accounts";
import { z } from "zod";
import { publicProcedure } from "../../trpc.ts";

export const setupInput = z.object({
  token: z.string().min(1).max(200),
  email: z.email(),
  name: z.string().trim().min(1).max(200),
  // Length is checked by the service (one policy, one AppError) rather than here.
  password: z.string(),
});

/**
 * Creates the first operator with the one-time setup token the api printed; the token is consumed. Refused once an
 * operator exists. The console signs in with auth.login afterwards.
 */
export const setup = publicProcedure
  .input(setupInput)
  .output(z.object({ email: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const operator = await completeSetup(ctx.db, input);
    return { email: operator.email };
  });
