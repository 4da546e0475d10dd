package io.customersync.api;

import java.util.List;

import jakarta.ws.rs.core.Response;

/** Builds problem responses. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    /** A problem with one field (or header) of the request, named in {@code errors} too. */
    public static Response field(int status, String field, String detail, String instance) {
        String title = status == 422 ? "Unprocessable request" : "Invalid request";
        return response(status, title, detail, instance, List.of(new Problem.FieldProblem(field, detail))).build();
    }

    public static Response.ResponseBuilder response(int status, String title, String detail, String instance,
            List<Problem.FieldProblem> errors) {
        return Response.status(status)
                .type(MEDIA_TYPE)
                .entity(new Problem("about:blank", title, status, detail, instance, errors));
    }
}
