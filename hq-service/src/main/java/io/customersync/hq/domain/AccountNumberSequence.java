package io.customersync.hq.domain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.customersync.hq.config.HqConfig;

/**
 * Draws customer account numbers from the PostgreSQL sequence {@code account_number_seq}: unique
 * however many hq-service instances draw at once; a rolled-back transaction leaves a gap.
 */
@ApplicationScoped
public class AccountNumberSequence {

    private final AccountNumberFormat format;

    public AccountNumberSequence(HqConfig config) {
        this.format = AccountNumberFormat.parse(config.accountNumber().format());
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
