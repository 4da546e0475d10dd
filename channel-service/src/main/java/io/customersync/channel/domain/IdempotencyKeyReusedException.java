package io.customersync.channel.domain;

/** An idempotency key comes again with a different request than the one it was first used with. */
public class IdempotencyKeyReusedException extends RefusedException {

    public IdempotencyKeyReusedException() {
        super("Idempotency-Key", "this key was already used with a different request");
    }
}
