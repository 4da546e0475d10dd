package io.customersync.channel.api;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.customersync.channel.domain.Customer;
import io.customersync.channel.domain.CustomerStatus;
import io.customersync.channel.messaging.CustomerSyncNotifications;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.customersync.channel.config.ChannelConfig;

/**
 * The stream a storefront opens after sign-up: the customer as it is now, then the customer again
 * the moment its account number lands in the channel database; then the stream ends.
 */
@ApplicationScoped
public class CustomerEventStream {

    private final CustomerSyncNotifications notifications;
    private final Duration timeout;

    public CustomerEventStream(CustomerSyncNotifications notifications,
            ChannelConfig config) {
        this.notifications = notifications;
        this.timeout = config.sse().timeout();
    }

    public Multi<CustomerResponse> untilSynced(UUID customerId) {
        return Multi.createFrom().<CustomerResponse> emitter(emitter -> {
            Object lock = new Object();
            Runnable emitCurrent = () -> {
                synchronized (lock) {
                    if (!emitter.isCancelled()) {
                        emit(emitter, load(customerId));
                    }
                }
            };
            emitter.onTermination(notifications.subscribe(customerId, emitCurrent));
            emitCurrent.run();
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .skip().repetitions()
                .ifNoItem().after(timeout).recoverWithCompletion();
    }

    private static void emit(MultiEmitter<? super CustomerResponse> emitter, CustomerResponse customer) {
        emitter.emit(customer);
        if (customer.status() == CustomerStatus.SYNCED) {
            emitter.complete();
        }
    }

    private static CustomerResponse load(UUID customerId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> CustomerResponse.from(Customer.byId(customerId)));
    }
}
