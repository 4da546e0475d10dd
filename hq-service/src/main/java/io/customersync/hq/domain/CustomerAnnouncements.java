package io.customersync.hq.domain;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.customersync.contracts.CustomerErased;
import io.customersync.contracts.CustomerSynchronized;

/**
 * The current announcement of every customer of the master, page by page, for a channel's full sync
 * (docs/ops.md): a store added to an address book, or back from retirement, gets each customer of the
 * book as HQ has it now (the customer, its account number, addresses and version), as if it had heard
 * every announcement since. Customers merged into another account are left out (their account is
 * announced); erased ones come as their erasure, so that a store away when they were erased erases its copy.
 */
@ApplicationScoped
public class CustomerAnnouncements {

    /** Customers announced in one page at most. */
    public static final int MAX_PAGE = 500;

    /**
     * A page: the announcements, the erasures of the page's erased customers (a store away when they were erased
     * must erase its copy), and the account number to ask after for the next, null after the last page.
     */
    public record Page(List<CustomerSynchronized> announcements, List<CustomerErased> erasures, String nextAfter) {
    }

    private final CustomerMaster master;
    private final CustomerErasures erasures;

    public CustomerAnnouncements(CustomerMaster master, CustomerErasures erasures) {
        this.master = master;
        this.erasures = erasures;
    }

    /**
     * Up to {@code size} customers created at one of {@code origins}, by account number after {@code afterAccount}
     * (from the first with none), each announced at its current version.
     */
    public Page page(List<String> origins, String afterAccount, int size) {
        List<Customer> customers = master.pageOf(origins, afterAccount == null ? "" : afterAccount, size);
        if (customers.isEmpty()) {
            return new Page(List.of(), List.of(), null);
        }
        Map<UUID, CustomerErasures.Erasure> erased = erasures.erasuresOf(customers.stream().map(c -> c.customerId)
                .toList()).stream().collect(Collectors.toMap(CustomerErasures.Erasure::customerId, e -> e));
        List<Customer> announced = customers.stream()
                .filter(c -> c.mergedInto == null && !erased.containsKey(c.customerId)).toList();
        Map<String, List<CustomerAddress>> addresses = master.addressesOf(announced.stream()
                .map(c -> c.accountNumber).toList()).stream()
                .collect(Collectors.groupingBy(a -> a.accountNumber));
        List<CustomerSynchronized> announcements = announced.stream()
                .map(c -> AsyncCustomerSynchronizer.announcement(c, addresses.getOrDefault(c.accountNumber, List.of()),
                        c.createdAt))
                .toList();
        List<CustomerErased> erasedNow = customers.stream().filter(c -> erased.containsKey(c.customerId))
                .map(c -> new CustomerErased(c.customerId, c.originChannelId, c.asyncCustomerNumber, c.accountNumber,
                        erased.get(c.customerId).version(), erased.get(c.customerId).erasedAt()))
                .toList();
        String last = customers.get(customers.size() - 1).accountNumber;
        return new Page(announcements, erasedNow, customers.size() < size ? null : last);
    }
}
