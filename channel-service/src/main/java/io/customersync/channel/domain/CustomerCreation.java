package io.customersync.channel.domain;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.customersync.channel.client.HqRealTimeService;
import io.customersync.channel.config.CreationModes;
import io.customersync.channel.config.CreationModes.Mode;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Creates a customer the way the channel's functionality profile says: async (default), sync
 * through HQ's real-time service, or sync falling back to async when HQ does not answer in time.
 * A fallback customer keeps the id it was offered to HQ with, so if HQ did create it after all,
 * the later upload finds it and no second account number is made.
 */
@ApplicationScoped
public class CustomerCreation {

    private static final Logger LOG = Logger.getLogger(CustomerCreation.class);

    /** How a customer was created: the answer says which happened. */
    public enum Outcome {
        ASYNC, SYNC, ASYNC_FALLBACK
    }

    public record Created(Customer customer, Outcome outcome) {
    }

    /** HQ's real-time service did not answer (sync mode without fallback). */
    public static class HqUnavailableException extends TryLaterException {
        public HqUnavailableException(Throwable cause) {
            super("HQ's real-time service did not answer; try again or use async mode", cause);
        }
    }

    private final CustomerRegistration registration;
    private final AsyncCustomerGroupCommit groupCommit;
    private final CreationModes modes;
    private final HqRealTimeService hq;

    public CustomerCreation(CustomerRegistration registration, AsyncCustomerGroupCommit groupCommit,
            CreationModes modes, @RestClient HqRealTimeService hq) {
        this.registration = registration;
        this.groupCommit = groupCommit;
        this.modes = modes;
        this.hq = hq;
    }

    public Created create(String channelId, NewCustomer request) {
        Mode mode = modes.of(channelId);
        if (mode == Mode.ASYNC) {
            // a caller's open transaction holds its Idempotency-Key answer, which must commit with the customer
            Customer customer = QuarkusTransaction.isActive() ? registration.registerAsync(channelId, request)
                    : groupCommit.save(CustomerRegistration.unnumbered(channelId, request));
            return new Created(customer, Outcome.ASYNC);
        }
        Customer customer = registration.prepare(channelId, request);
        try {
            return new Created(registration.saveSynced(customer, hq.create(CustomerRegistration.toEvent(customer))),
                    Outcome.SYNC);
        } catch (RuntimeException hqFailure) {
            if (mode == Mode.SYNC) {
                throw new HqUnavailableException(hqFailure);
            }
            LOG.infof("HQ did not answer for %s (%s): created in async mode", customer.asyncCustomerNumber,
                    hqFailure.getClass().getSimpleName());
            return new Created(registration.saveAsync(List.of(customer)).get(0), Outcome.ASYNC_FALLBACK);
        }
    }
}
