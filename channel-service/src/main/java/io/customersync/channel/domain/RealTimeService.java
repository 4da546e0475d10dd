package io.customersync.channel.domain;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSynchronized;

/**
 * HQ's real-time service (D365's RTS) as the channel's domain sees it: HQ numbers a customer during
 * the call, or says why not. The client package implements it over HTTP.
 */
public interface RealTimeService {

    /**
     * @return the customer as HQ numbered it
     * @throws HqUnreachableException    HQ could not be reached or did not answer in time (the only case a
     *                                   fallback to async creation may follow)
     * @throws HqRefusedException        HQ's rules refuse the customer (a field to fix)
     * @throws HqHoldException           HQ holds the customer as a possible duplicate until ops decide
     * @throws HqRejectedCallException   HQ answered, but not to this call (credentials, contract): ops' matter
     */
    CustomerSynchronized create(CustomerCreated customer);

    /** HQ could not be reached or did not answer in time. */
    class HqUnreachableException extends RuntimeException {
        public HqUnreachableException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** HQ's rules refuse the customer: the till must fix {@code field}. */
    class HqRefusedException extends RefusedException {
        public HqRefusedException(String field, String detail) {
            super(field, "HQ refuses the customer: " + detail);
        }
    }

    /** HQ holds the customer as a possible duplicate (the detail is HQ's). */
    class HqHoldException extends RuntimeException {
        public HqHoldException(String detail) {
            super(detail);
        }
    }

    /** HQ answered with a refusal of the call itself (401, 403, 400, 404): a setting or contract to fix, not data. */
    class HqRejectedCallException extends TryLaterException {
        public HqRejectedCallException(int status) {
            super("HQ's real-time service refused this channel's call (HTTP " + status
                    + "): its settings need ops; nothing was saved", null);
        }
    }
}
