package io.customersync.channel.domain;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.customersync.channel.config.CreationModes;
import io.customersync.channel.config.CreationModes.Mode;
import io.customersync.contracts.CustomerSynchronized;

/**
 * Creates a customer the way the channel's functionality profile says: async (default), sync
 * through HQ's real-time service, or sync falling back to async when HQ cannot be reached or does
 * not answer in time. HQ's decisions are the till's answer in both sync modes: a refusal (422) saves
 * nothing; a hold as a possible duplicate (409) saves the customer under the id HQ holds, ON_HOLD,
 * uploaded like an async customer so that ops' decision reaches the store. A fallback customer keeps the id it was offered to HQ with,
 * so if HQ did create it after all, the later upload finds it and no second account number is made;
 * once HQ has numbered a customer, no async customer is made for it whatever fails after: if this
 * store cannot save it then (or dies before), the 1010 job places it here from HQ's sync event.
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

    /**
     * An async customer handed over to the group commit, not waited for: {@code saved} completes once it committed.
     * Whoever waits for it calls {@code withdraw} once {@code waitFor} passed: if no writer took it, it is not saved
     * and {@code saved} fails with {@link TryLaterException}.
     */
    public record HandedOver(CompletableFuture<Created> saved, Duration waitFor, Runnable withdraw) {
    }

    /** HQ's real-time service did not answer (sync mode without fallback). */
    public static class HqUnavailableException extends TryLaterException {
        public HqUnavailableException(Throwable cause) {
            super("HQ's real-time service did not answer; try again or use async mode", cause);
        }
    }

    private final CustomerRegistration registration;
    private final CustomerGroupCommit groupCommit;
    private final CreationModes modes;
    private final RealTimeService hq;
    private final IdempotentRequests requests;

    public CustomerCreation(CustomerRegistration registration, CustomerGroupCommit groupCommit,
            CreationModes modes, RealTimeService hq, IdempotentRequests requests) {
        this.requests = requests;
        this.registration = registration;
        this.groupCommit = groupCommit;
        this.modes = modes;
        this.hq = hq;
    }

    /** True if the channel creates its customers in async mode (the till is answered once the store saved it). */
    public boolean createsAsync(String channelId) {
        return modes.of(channelId) == Mode.ASYNC;
    }

    /**
     * An async channel's customer without an Idempotency-Key, handed over to the group commit: the caller's thread
     * does not wait for the commit ({@link #create} does the same and waits).
     */
    public HandedOver handOver(String channelId, NewCustomer request) {
        CompletableFuture<Optional<Customer>> written = groupCommit.handOver(CustomerRegistration.unnumbered(channelId, request));
        return new HandedOver(written.thenApply(saved -> new Created(saved.orElseThrow(), Outcome.ASYNC)),
                groupCommit.waitFor(), () -> groupCommit.withdraw(written));
    }

    /**
     * @param key the request's Idempotency-Key, claimed and answered in the transaction that saves the customer
     *        (null without one). Its request id is the same for every retry of the request: a sync mode offers it
     *        to HQ as the customer's id, so that a retry whose first try's answer was not kept (HQ did not answer
     *        in time, the store's save failed) finds what that try made, here or at HQ (which keys its customers
     *        by id), instead of making a second customer. An async customer takes an id of its own; its key is
     *        read only where it is claimed (a retry of an answered key is found there, its id and number unused).
     *        A sync mode reserves the key before HQ is asked ({@link IdempotentRequests#reserve}), so that the key sent
     *        at the same moment with another request is refused before HQ makes a second customer of it; the
     *        reservation is given back if HQ refuses the customer.
     * @throws KeyedRequest.TakenException if the key is another try's, answered or claimed first (nothing saved)
     * @throws IdempotencyKeyReusedException if the key was used, or is reserved, with another request (nothing saved)
     */
    public Created create(String channelId, NewCustomer request, KeyedRequest key) {
        Mode mode = modes.of(channelId);
        if (mode == Mode.ASYNC) { // its key read where it is claimed: a retry of an answered key saves nothing there
            return new Created(groupCommit.save(CustomerRegistration.unnumbered(channelId, request), key), Outcome.ASYNC);
        }
        if (key != null) { // answered before: replayed, nothing saved, HQ not asked again; another request's: 422
            requests.reserve(key);
        }
        Optional<Customer> earlierTry = key == null ? Optional.empty() : registration.saved(key.requestId());
        if (earlierTry.isPresent()) {
            return answered(earlierTry.get(), key);
        }
        Customer customer = registration.prepare(channelId, request, key == null ? UUID.randomUUID() : key.requestId());
        CustomerSynchronized numbered;
        try {
            numbered = hq.create(CustomerRegistration.toEvent(customer));
        } catch (RealTimeService.HqUnreachableException noAnswer) {
            if (mode == Mode.SYNC) {
                throw new HqUnavailableException(noAnswer);
            }
            LOG.infof("HQ did not answer for %s (%s): created in async mode", customer.asyncCustomerNumber,
                    noAnswer.getMessage());
            return new Created(registration.saveAsync(List.of(new CustomerRegistration.NewAsync(customer, key,
                    Outcome.ASYNC_FALLBACK))).get(0).orElseThrow(KeyedRequest.TakenException::new), Outcome.ASYNC_FALLBACK);
        } catch (RealTimeService.HqHoldException held) {
            throw registration.saveHeld(customer, held.getMessage(), key).orElseThrow(KeyedRequest.TakenException::new);
        } catch (RealTimeService.HqRefusedException | RealTimeService.HqRejectedCallException nothingMade) {
            if (key != null) { // HQ made nothing of it: the key may carry the corrected request
                requests.release(key);
            }
            throw nothingMade;
        }
        Optional<Customer> saved; // empty: another try of the request claimed the key first
        try {
            saved = groupCommit.saveSynced(customer, numbered, key);
        } catch (RuntimeException notSaved) {
            LOG.errorf("HQ numbered %s as %s, but the channel database did not save it (%s)",
                    customer.asyncCustomerNumber, numbered.accountNumber(), notSaved.getClass().getSimpleName());
            throw new TryLaterException("HQ numbered the customer as " + numbered.accountNumber()
                    + ", but the channel database did not save it; it reaches this store from HQ once the database is back",
                    notSaved);
        }
        // one placed here first may have been erased since
        return new Created(saved.orElseThrow(KeyedRequest.TakenException::new).notErased(), Outcome.SYNC);
    }

    /**
     * A customer an earlier try of the request saved here (or the 1010 job placed here), as it is now (its answer
     * kept with the key from now on); gone if erased.
     */
    private Created answered(Customer customer, KeyedRequest key) {
        customer.notErased();
        if (customer.status == CustomerStatus.ON_HOLD) {
            HeldAtHqException held = new HeldAtHqException(customer.id, customer.asyncCustomerNumber,
                    "as HQ answered an earlier try of this request");
            requests.keep(key, key.answers().held(held));
            throw held;
        }
        Created created = new Created(customer, customer.accountNumber == null ? Outcome.ASYNC_FALLBACK : Outcome.SYNC);
        requests.keep(key, key.answers().created(created));
        return created;
    }
}
