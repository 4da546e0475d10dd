package io.customersync.hq.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The owner of {@code customer_link}: the async customers given an existing account (linked to it by the LINK policy
 * or ops, or merged into it by ops). Each points at a live account: when ops merge an account into another, the
 * customers that had joined it follow it there ({@link #moveAll}).
 */
@ApplicationScoped
public class CustomerLinks {

    private final HqDatabase database;

    public CustomerLinks(HqDatabase database) {
        this.database = database;
    }

    /** Records that an async customer was given an existing account (linked, or merged into it). */
    public void link(UUID customerId, String accountNumber) {
        database.update("insert into customer_link (customer_id, account_number) values (?, ?)", customerId,
                accountNumber);
    }

    /** The account an async customer was linked to (or merged into), if any. */
    public Optional<String> linkedAccount(UUID customerId) {
        return Optional.ofNullable(database.first(
                "select account_number from customer_link where customer_id = ?", rs -> rs.getString(1), customerId));
    }

    /**
     * The async customers given this account (linked or merged into it), in the order their staged rows are locked.
     * None is given an account merged since: a merge moves them ({@link #moveAll}; hq V22 moved earlier merges').
     */
    public List<UUID> joined(String accountNumber) {
        return database.list("select customer_id from customer_link where account_number = ? order by 1",
                rs -> rs.getObject(1, UUID.class), accountNumber);
    }

    /** A merge: the customers given account {@code from} are given {@code to}; their ids, in lock order. */
    public List<UUID> moveAll(String from, String to) {
        return database.list("""
                with moved as (update customer_link set account_number = ? where account_number = ? returning customer_id)
                select customer_id from moved order by 1""", rs -> rs.getObject(1, UUID.class), to, from);
    }
}
