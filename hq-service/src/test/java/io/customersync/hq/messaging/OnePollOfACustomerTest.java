package io.customersync.hq.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.AddressAdded;
import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerUpdated;
import io.customersync.contracts.EventType;
import io.customersync.hq.HqRows;
import io.customersync.hq.domain.AsyncCustomerStaging;
import io.customersync.hq.domain.Customer;
import io.customersync.hq.domain.StagingStatus;
import io.customersync.messaging.IncomingEvent;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A till that saves a customer and edits it at once uploads both in a row: one poll of the upload consumer can
 * hold the customer, its edit and its new address, and it is numbered in that poll's transaction.
 */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_test"))
class OnePollOfACustomerTest {

    @Inject
    CustomerUploadConsumer consumer;

    @Test
    void aCustomerEditedInTheSamePollIsNumberedOnceWithTheEdit() {
        UUID id = UUID.randomUUID();
        AsyncAddress home = new AsyncAddress(UUID.randomUUID(), "Apt " + id, "Arlington", "VA", "22202", "US", "HOME");
        // addresses, e-mail and no phone of its own: no other customer may be its duplicate (it would wait for the job)
        AsyncAddress pier = new AsyncAddress(UUID.randomUUID(), "Pier " + id, "Galveston", "TX", "77550", "US",
                "DELIVERY");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        CustomerCreated created = new CustomerCreated(id, "HOUSTON", "HOUSTON-" + id, "Grace", "Hopper",
                "grace." + id + "@example.com", null, List.of(home), Map.of("segment", "b2c"), now);
        CustomerUpdated edit = new CustomerUpdated(id, "HOUSTON", "Grace", "Murray", null, null, Map.of(), now);

        consumer.apply(List.of(event(EventType.CUSTOMER_CREATED, created),
                event(EventType.CUSTOMER_UPDATED, edit),
                event(EventType.ADDRESS_ADDED, new AddressAdded(id, "HOUSTON", pier, now))));

        AsyncCustomerStaging staged = QuarkusTransaction.requiringNew()
                .call(() -> HqRows.staged(id));
        assertEquals(StagingStatus.SYNCED, staged.status, "numbered in the poll, and stays numbered");
        Customer master = QuarkusTransaction.requiringNew().call(() -> HqRows.customer(staged.accountNumber));
        assertEquals("Murray", master.lastName, "numbered with the edit of the same poll");
        assertEquals(List.of(home.asyncAddressId(), pier.asyncAddressId()),
                HqRows.addresses(staged.accountNumber).stream().map(a -> a.asyncAddressId).toList());
    }

    private static IncomingEvent event(EventType type, Object payload) {
        return new IncomingEvent(UUID.randomUUID(), type, "/channels/HOUSTON", Instant.now(), null, payload, null);
    }
}
