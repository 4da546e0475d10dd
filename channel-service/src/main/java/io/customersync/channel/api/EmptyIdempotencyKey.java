package io.customersync.channel.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A POST whose {@code Idempotency-Key} header is sent empty is refused (400 problem, as a malformed key is), before
 * its body is read: the resources' header parameters see an empty header as none, so a till whose key came out
 * empty would otherwise get a new customer or sale at every retry, silently. So is one with two keys (two header
 * lines): the resources read the first, and a retry whose proxy put them in another order was another request.
 */
public class EmptyIdempotencyKey {

    @ServerRequestFilter
    public void refuseEmptyKey(HttpServerRequest request) {
        if (request.method() == HttpMethod.POST) {
            String value = request.getHeader(IdempotencyKeyHeader.NAME);
            if (value != null && value.isBlank()) {
                throw IdempotencyKeyHeader.notAKey();
            }
            if (value != null && request.headers().getAll(IdempotencyKeyHeader.NAME).size() > 1) {
                throw IdempotencyKeyHeader.sentTwice();
            }
        }
    }
}
