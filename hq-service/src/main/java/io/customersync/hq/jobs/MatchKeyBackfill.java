package io.customersync.hq.jobs;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.customersync.hq.domain.Customer;
import io.customersync.hq.domain.CustomerAddress;
import io.customersync.hq.domain.CustomerMaster;
import io.customersync.hq.domain.DuplicatePolicy;
import io.customersync.hq.domain.MatchKeyBackfillCursor;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * Gives the customers of the master from before the match rules their match keys, once, at start:
 * in transactions of a page of customers each, resuming where the last one ended (the row of
 * {@code match_key_backfill}, locked meanwhile, so two instances do not do it twice).
 */
@ApplicationScoped
public class MatchKeyBackfill {

    private static final int PAGE = 500;

    private final MatchKeyBackfillCursor cursor;
    private final CustomerMaster master;
    private final DuplicatePolicy duplicates;

    public MatchKeyBackfill(MatchKeyBackfillCursor cursor, CustomerMaster master, DuplicatePolicy duplicates) {
        this.cursor = cursor;
        this.master = master;
        this.duplicates = duplicates;
    }

    void onStart(@Observes StartupEvent start) {
        run();
    }

    /** @return how many customers got their keys */
    public int run() {
        int total = 0;
        int page;
        do {
            page = QuarkusTransaction.requiringNew().call(this::nextPage);
            total += page;
        } while (page > 0);
        return total;
    }

    private int nextPage() {
        Optional<String> after = cursor.lockUnlessDone();
        if (after.isEmpty()) {
            return 0;
        }
        List<Customer> customers = master.page(after.get(), PAGE);
        if (!customers.isEmpty()) {
            List<String> accounts = customers.stream().map(c -> c.accountNumber).toList();
            Map<String, List<CustomerAddress>> addresses = master.addressesOf(accounts).stream()
                    .collect(Collectors.groupingBy(a -> a.accountNumber));
            duplicates.remember(accounts, customers.stream()
                    .map(c -> c.profile(addresses.getOrDefault(c.accountNumber, List.of()))).toList());
        }
        cursor.advance(customers.isEmpty() ? after.get() : customers.get(customers.size() - 1).accountNumber,
                customers.size() < PAGE);
        return customers.size();
    }
}
