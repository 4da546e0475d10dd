package io.customersync.channel.domain;

/** The webhook request contradicts what is there (a second subscription, a replay of a delivery not dead): 409. */
public class WebhookConflictException extends RuntimeException {

    private final String field;

    public WebhookConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
