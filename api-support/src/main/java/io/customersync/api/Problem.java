package io.customersync.api;

import java.util.List;

/** An RFC 9457 problem detail ({@code application/problem+json}), with the fields that were wrong. */
public record Problem(String type, String title, int status, String detail, String instance,
        List<FieldProblem> errors) {

    /** One wrong field: its path in the request body (e.g. {@code addresses[0].zip}) and what is wrong. */
    public record FieldProblem(String field, String message) {
    }
}
