package io.customersync.hq.domain;

/**
 * A channel's statement cannot be posted: it has no unposted transactions, or a customer or address
 * they reference cannot be synced first. Nothing of the statement is kept.
 */
public class StatementRefusedException extends RuntimeException {

    private final boolean nothingToPost;

    private StatementRefusedException(String message, boolean nothingToPost) {
        super(message);
        this.nothingToPost = nothingToPost;
    }

    public static StatementRefusedException nothingToPost(String channelId) {
        return new StatementRefusedException("channel " + channelId + " has no unposted transactions", true);
    }

    public static StatementRefusedException notPosted(String reason) {
        return new StatementRefusedException("statement not posted: " + reason, false);
    }

    public boolean nothingToPost() {
        return nothingToPost;
    }
}
