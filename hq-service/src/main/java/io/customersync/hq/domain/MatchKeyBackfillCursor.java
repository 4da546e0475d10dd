package io.customersync.hq.domain;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The owner of {@code match_key_backfill}: how far the customers of the master from before the
 * match rules have been given their match keys (one row; locked while a page is done).
 */
@ApplicationScoped
public class MatchKeyBackfillCursor {

    private final HqDatabase database;

    public MatchKeyBackfillCursor(HqDatabase database) {
        this.database = database;
    }

    /** The last account number done ("" at first), locked by the caller's transaction; empty once all are done. */
    public Optional<String> lockUnlessDone() {
        return Optional.ofNullable(database.first(
                "select coalesce(after_account, '') from match_key_backfill where not done for update",
                rs -> rs.getString(1)));
    }

    public void advance(String afterAccount, boolean done) {
        database.update("update match_key_backfill set after_account = ?, done = ?", afterAccount, done);
    }
}
