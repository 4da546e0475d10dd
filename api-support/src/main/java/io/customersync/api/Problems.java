package io.customersync.api;

import java.util.List;

import jakarta.ws.rs.core.Response;

/** Builds problem responses. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    public static Response.ResponseBuilder response(int status, String title, String detail, String instance,
            List<Problem.FieldProblem> errors) {
        return Response.status(status)
                .type(MEDIA_TYPE)
                .entity(new Problem("about:blank", title, status, detail, instance, errors));
    }
}
