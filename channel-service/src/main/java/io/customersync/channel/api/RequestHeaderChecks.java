package io.customersync.channel.api;

import jakarta.ws.rs.core.HttpHeaders;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Headers checked before a request's body is read, because the resources' header parameters see an empty header as
 * none and read only the first of several lines:
 * <ul>
 * <li>a POST whose {@code Idempotency-Key} is sent empty is refused (400 problem, as a malformed key is): a till whose
 * key came out empty would otherwise get a new customer or sale at every retry, silently; so is one with two keys
 * (two header lines): a retry whose proxy put them in another order was another request;</li>
 * <li>a PATCH's, PUT's or DELETE's {@code If-Match} lines are checked ({@link CustomerETag#checkIfMatch}): an empty one made a
 * conditional edit unconditional.</li>
 * </ul>
 */
public class RequestHeaderChecks {

    @ServerRequestFilter
    public void check(HttpServerRequest request) {
        if (request.method() == HttpMethod.POST) {
            String value = request.getHeader(IdempotencyKeyHeader.NAME);
            if (value != null && value.isBlank()) {
                throw IdempotencyKeyHeader.notAKey();
            }
            if (value != null && request.headers().getAll(IdempotencyKeyHeader.NAME).size() > 1) {
                throw IdempotencyKeyHeader.sentTwice();
            }
        } else if (request.method() == HttpMethod.PATCH || request.method() == HttpMethod.PUT
                || request.method() == HttpMethod.DELETE) {
            request.headers().getAll(HttpHeaders.IF_MATCH).forEach(CustomerETag::checkIfMatch);
        }
    }
}
