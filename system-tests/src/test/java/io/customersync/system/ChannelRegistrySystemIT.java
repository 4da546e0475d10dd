package io.customersync.system;

import static io.customersync.system.RunningSystem.HOUSTON_POS;
import static io.customersync.system.RunningSystem.accountNumbers;
import static io.customersync.system.RunningSystem.idOf;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresServer;

/**
 * A store added while the system runs: its channel database is made and migrated with
 * channel-schema, ops register it in the address book of HOUSTON and ONLINE through the packaged
 * distribution-service's registry API (its password by reference, an environment variable the
 * service has); its full sync brings it the customers HQ numbered before (read from the packaged hq-service), and
 * the next customer posted at HOUSTON is copied into it, with no restart.
 */
class ChannelRegistrySystemIT {

    private static final String CHANNEL = "POPUP";
    private static final String DATABASE = "channel_popup";

    @Test
    void aChannelAddedAtRunTimeGetsEveryCustomerOfItsAddressBookAndTheNextOnes() throws Exception {
        LocalSystem system = RunningSystem.get();
        int distribution = system.service(LocalSystem.DISTRIBUTION).port();
        long pid = system.service(LocalSystem.DISTRIBUTION).pid();
        system.createDatabase(DATABASE);
        Flyway.configure().dataSource(system.jdbcUrl(DATABASE), PostgresServer.USER, PostgresServer.PASSWORD)
                .locations("classpath:db/channel", "classpath:db/outbox").load().migrate();

        UUID before = idOf(RunningSystem.postCustomer("HOUSTON", HOUSTON_POS, "Earlier"));
        await().atMost(Duration.ofSeconds(30)).until(() -> accountNumbers("channel_houston", List.of(before)).size() == 1);

        ChannelRegistryCalls.put(distribution, CHANNEL, ChannelRegistryCalls.registration(DATABASE,
                "env:CHANNEL_DB_PASSWORD_HOUSTON", "main"), 201);
        try {
            assertTrue(ChannelRegistryCalls.get(distribution, CHANNEL).contains("\"ownedHere\":true"));
            await().atMost(Duration.ofSeconds(60)).until(() -> accountNumbers(DATABASE, List.of(before)).size() == 1);
            assertEquals(accountNumbers("channel_houston", List.of(before)), accountNumbers(DATABASE, List.of(before)),
                    "a customer numbered before the store was added, with its account number");
            UUID customer = idOf(RunningSystem.postCustomer("HOUSTON", HOUSTON_POS, "Popup"));
            await().atMost(Duration.ofSeconds(30)).until(() -> accountNumbers(DATABASE, List.of(customer)).size() == 1);
            assertEquals(accountNumbers("channel_houston", List.of(customer)), accountNumbers(DATABASE, List.of(customer)));
            assertEquals(pid, system.service(LocalSystem.DISTRIBUTION).pid(), "the same distribution-service process");
        } finally {
            ChannelRegistryCalls.retire(distribution, CHANNEL);
        }
    }
}
