package io.customersync.hq.domain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import io.customersync.hq.config.HqConfig;

/**
 * Draws customer account numbers from the PostgreSQL sequence {@code account_number_seq}: unique
 * however many hq-service instances draw at once; a rolled-back transaction leaves a gap.
 */
@ApplicationScoped
public class AccountNumberSequence {

    private final EntityManager em;
    private final AccountNumberFormat format;

    public AccountNumberSequence(EntityManager em, HqConfig config) {
        this.em = em;
        this.format = AccountNumberFormat.parse(config.accountNumber().format());
    }

    /** One account number, on the entity manager's connection. */
    public String next() {
        return em.unwrap(Session.class).doReturningWork(db -> next(db, 1).get(0));
    }

    /** {@code count} account numbers at once, on the caller's connection. */
    public List<String> next(Connection db, int count) throws SQLException {
        List<String> numbers = new ArrayList<>(count);
        try (PreparedStatement select = db.prepareStatement(
                "select nextval('account_number_seq') from generate_series(1, ?)")) {
            select.setInt(1, count);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    numbers.add(format.format(rs.getLong(1)));
                }
            }
        }
        return numbers;
    }
}
