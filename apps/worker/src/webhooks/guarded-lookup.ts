import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { blockedAddressKind } from "@tollgate/domain";

/**
 * A `lookup` for http(s).request that resolves every address of the host and refuses the connection if any is
 * not public (DNS rebinding: a name that was public when the endpoint was created may resolve to 127.0.0.1 now).
 * Checking all of them, not only the one connected to, keeps a round-robin answer from slipping one past.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) {
      callback(error, "", 4);
      return;
    }
    for (const { address } of addresses) {
      const blocked = blockedAddressKind(address);
      if (blocked !== null) {
        const refused = Object.assign(new Error(`${hostname} resolves to ${address}, a ${blocked} address`), {
          code: "EWEBHOOKADDRESS",
        });
        callback(refused, "", 4);
        return;
      }
    }
    const first = addresses[0];
    if (options.all === true) {
      (callback as unknown as (err: null, all: LookupAddress[]) => void)(null, addresses);
    } else if (first) {
      callback(null, first.address, first.family);
    } else {
      callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 4);
    }
  });
};
