import { z } from "zod";

/** One of the tenant's endpoints; the tenant comes from the session (or the operator's `tenantId`). */
export const endpointIdInput = z.object({ endpointId: z.uuid() });
