package io.customersync.hq;

import static io.customersync.hq.HqEvents.awaitSynced;
import static io.customersync.hq.HqEvents.newCustomer;
import static io.customersync.hq.HqEvents.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.CustomerCreated;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The default duplicate policy, FLAG: a new account, and the possible duplicate recorded for ops. */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_test"))
class DuplicatePoliciesTest {

    @Test
    void theSamePersonCreatedAtTwoStoresGetsTwoAccountsAndIsFlagged() {
        String email = "Twin." + UUID.randomUUID() + "@Example.com";
        CustomerCreated houston = newCustomer("HOUSTON", UUID.randomUUID(), email, null);
        CustomerCreated online = newCustomer("ONLINE", UUID.randomUUID(), " " + email.toLowerCase() + " ", null);

        upload(UUID.randomUUID(), houston);
        String first = awaitSynced(houston.customerId()).accountNumber;
        upload(UUID.randomUUID(), online);
        String second = awaitSynced(online.customerId()).accountNumber;

        assertNotEquals(first, second);
        assertEquals(first, HqJobsTest.query(
                "select account_number from possible_duplicate where customer_id = ?1", online.customerId()));
        assertEquals("email", HqJobsTest.query(
                "select matched_on from possible_duplicate where customer_id = ?1", online.customerId()));
    }
}
