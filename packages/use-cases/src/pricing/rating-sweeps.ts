/**
 * The port through which a committed price-affecting change asks for a rating sweep (apps/api implements it over
 * the ratingSweep queue). Use cases call it after their transaction commits; it never fails the change.
 */
export interface RatingSweeps {
  /** Rate what the change may have made rateable: one tenant's events, or every tenant's without `tenantId`. */
  request(tenantId?: string): Promise<void>;
}

/** The side-effect ports a pricing change is given; absent ones are not told (scripts, the package's own tests). */
export interface PricingPorts {
  ratingSweeps?: RatingSweeps | undefined;
}
