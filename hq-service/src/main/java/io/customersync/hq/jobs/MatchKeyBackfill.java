package io.customersync.hq.jobs;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import io.customersync.hq.domain.Customer;
import io.customersync.hq.domain.CustomerAddress;
import io.customersync.hq.domain.DuplicatePolicy;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.StartupEvent;

/**
 * Gives the customers of the master from before the match rules their match keys, once, at start:
 * in transactions of a page of customers each, resuming where the last one ended (the row of
 * {@code match_key_backfill}, locked meanwhile, so two instances do not do it twice).
 */
@ApplicationScoped
public class MatchKeyBackfill {

    private static final int PAGE = 500;

    private final EntityManager em;
    private final DuplicatePolicy duplicates;

    public MatchKeyBackfill(EntityManager em, DuplicatePolicy duplicates) {
        this.em = em;
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
        @SuppressWarnings("unchecked")
        List<String> cursor = em.createNativeQuery(
                "select coalesce(after_account, '') from match_key_backfill where not done for update").getResultList();
        if (cursor.isEmpty()) {
            return 0;
        }
        List<Customer> customers = Customer.<Customer> find("accountNumber > ?1 and mergedInto is null",
                Sort.by("accountNumber"), cursor.get(0)).page(Page.ofSize(PAGE)).list();
        if (!customers.isEmpty()) {
            List<String> accounts = customers.stream().map(c -> c.accountNumber).toList();
            Map<String, List<CustomerAddress>> addresses = CustomerAddress.<CustomerAddress> list("accountNumber in ?1",
                    accounts).stream().collect(Collectors.groupingBy(a -> a.accountNumber));
            duplicates.remember(accounts, customers.stream()
                    .map(c -> c.profile(addresses.getOrDefault(c.accountNumber, List.of()))).toList());
        }
        em.createNativeQuery("update match_key_backfill set after_account = ?1, done = ?2")
                .setParameter(1, customers.isEmpty() ? cursor.get(0) : customers.get(customers.size() - 1).accountNumber)
                .setParameter(2, customers.size() < PAGE).executeUpdate();
        return customers.size();
    }
}
