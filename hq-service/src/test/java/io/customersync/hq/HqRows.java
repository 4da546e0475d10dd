package io.customersync.hq;

import java.util.List;
import java.util.UUID;

import io.customersync.hq.domain.AsyncCustomerStaging;
import io.customersync.hq.domain.Customer;
import io.customersync.hq.domain.CustomerAddress;
import io.customersync.hq.domain.CustomerMaster;
import io.customersync.hq.domain.HqDatabase;
import io.customersync.hq.domain.StagedCustomers;
import io.quarkus.arc.Arc;

/**
 * The tests' look at HQ's database: rows as HQ's owners read them, single values and statements in a
 * transaction of their own (each statement commits at once), with {@code ?} parameters.
 */
public final class HqRows {

    private HqRows() {
    }

    public static Customer customer(String accountNumber) {
        return bean(CustomerMaster.class).find(accountNumber);
    }

    public static AsyncCustomerStaging staged(UUID customerId) {
        return bean(StagedCustomers.class).find(customerId);
    }

    public static List<CustomerAddress> addresses(String accountNumber) {
        return bean(CustomerMaster.class).addresses(accountNumber);
    }

    /** The first column of the first row (null if none): a count as a Long, a uuid as a UUID. */
    public static Object query(String sql, Object... parameters) {
        return bean(HqDatabase.class).first(sql, rs -> rs.getObject(1), parameters);
    }

    public static long count(String sql, Object... parameters) {
        return ((Number) query(sql, parameters)).longValue();
    }

    public static int execute(String sql, Object... parameters) {
        return bean(HqDatabase.class).update(sql, parameters);
    }

    private static <T> T bean(Class<T> type) {
        return Arc.container().instance(type).get();
    }
}
