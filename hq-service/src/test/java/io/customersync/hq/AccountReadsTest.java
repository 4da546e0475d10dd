package io.customersync.hq;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.Sql;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What HQ reads by account number has an index (hq V23): a customer's addresses (every edit, address, link and merge
 * reads them, a channel's full sync and the review queue many at once) and the store customers given an account
 * (exports, erasures, merges). Until 2026-12-06 each such read scanned the whole table.
 */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_test"))
class AccountReadsTest {

    @Inject
    DataSource dataSource;

    @Test
    void aCustomersAddressesAreReadByTheirAccountsIndex() throws Exception {
        assertPlanUses("select id from customer_address where account_number = 'C000001' order by id",
                "customer_address_account");
        assertPlanUses("select id from customer_address where account_number = any(array['C000001', 'C000002'])",
                "customer_address_account");
    }

    @Test
    void theStoreCustomersGivenAnAccountAreReadByItsIndex() throws Exception {
        assertPlanUses("select customer_id from customer_link where account_number = 'C000001' order by 1",
                "customer_link_account");
    }

    /** The plan PostgreSQL makes when it may not scan the table: the index must serve it. */
    private void assertPlanUses(String query, String index) throws Exception {
        List<String> plan = new Sql(dataSource).planWithoutTableScans(query);
        assertTrue(plan.stream().anyMatch(line -> line.contains(index)), () -> index + " not used:\n" + String.join("\n", plan));
    }
}
