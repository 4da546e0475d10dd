package io.customersync.api;

import java.lang.annotation.Annotation;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error leaves as {@code application/problem+json}: 400 with the wrong fields for bad input,
 * the exception's own status for HTTP errors (401, 403, 404, 415 ...), and a bare 500 without
 * details for anything unexpected, 503 when the database cannot be reached or the request's transaction was
 * undone (it met another change of the same rows, or ran past its time-out). Messages never echo the
 * submitted values (they may be personal data).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final AllowedMethods allowedMethods;

    public ProblemMappers(AllowedMethods allowedMethods) {
        this.allowedMethods = allowedMethods;
    }

    @ServerExceptionMapper
    public Response invalidFields(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldProblem> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldProblem(fieldPath(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldProblem::field))
                .toList();
        return Problems.response(400, "some fields are not valid", uri.getPath(), errors).build();
    }

    @ServerExceptionMapper
    public Response wrongField(FieldProblemException e, UriInfo uri) {
        return Problems.field(e.status(), e.field(), e.getMessage(), uri.getPath());
    }

    @ServerExceptionMapper
    public Response unreadableBody(MismatchedInputException e, UriInfo uri) {
        return badJson(e, uri);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return badJson(e, uri);
    }

    @ServerExceptionMapper
    public Response httpError(WebApplicationException e, UriInfo uri, ResourceInfo resource) {
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return badJson(unreadable, uri); // the JSON reader wraps what the parser refused in a plain 400
        }
        if (e instanceof QueryParameters.WrongValueException wrong) {
            return Problems.field(400, wrong.parameter(), wrong.getMessage(), uri.getPath());
        }
        if (e instanceof NotFoundException && e.getCause() != null) {
            Optional<String> notAnId = PathIds.notAnId(uri, resource);
            if (notAnId.isPresent()) { // the path's id could not be read: no such resource, and why
                return Problems.field(404, notAnId.get(), "not an id: ids are UUIDs, such as "
                        + "3f2b9c1e-7d4a-4e6b-9c1d-2a5e8f0b7c3d", uri.getPath());
            }
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            logWithoutMessages(e);
        }
        Response.ResponseBuilder builder = Problems.response(status, e.getMessage(), uri.getPath(), List.of());
        if (status == 405) { // RFC 9110: which methods the path has (the HTTP layer does not say)
            allowedMethods.allowed(uri.getPath()).ifPresent(allow -> builder.header("Allow", allow));
        }
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!"Content-Type".equalsIgnoreCase(name)) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return builder.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (clientWentAway(e)) {
            // nothing failed here and no one reads the answer: not an error of the service (nor a 500 in its metrics)
            LOG.debugf("the client went away before its request to %s was read", uri.getPath());
            return Problems.response(400, "the connection was closed before the request was read", uri.getPath(),
                    List.of()).build();
        }
        // a 503 the API is designed to give while the database is away or busy is a warning; anything else an error
        boolean retryable = DatabaseUnavailable.causedBy(e) || DatabaseUnavailable.conflictIn(e)
                || DatabaseUnavailable.timedOut(e);
        String errorId = logWithoutMessages(e, retryable ? Logger.Level.WARN : Logger.Level.ERROR);
        if (DatabaseUnavailable.causedBy(e)) {
            return tryAgain("the database is not available right now", errorId, uri);
        }
        if (DatabaseUnavailable.conflictIn(e)) {
            return tryAgain("the request met another change of the same data and nothing of it was kept", errorId, uri);
        }
        if (DatabaseUnavailable.timedOut(e)) {
            return tryAgain("the request took longer than it may hold the database and its transaction was undone",
                    errorId, uri);
        }
        return Problems.response(500, "the request could not be completed (error " + errorId
                + ")", uri.getPath(), List.of()).build();
    }

    /** 503 with Retry-After: the request is worth a retry as it is. */
    private static Response tryAgain(String why, String errorId, UriInfo uri) {
        return Problems.response(503, why + "; try again (error " + errorId + ")", uri.getPath(), List.of())
                .header("Retry-After", 1).build();
    }

    /** True if the client closed its connection while its request was being read (Vert.x's {@code HttpClosedException}). */
    static boolean clientWentAway(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (t instanceof io.vertx.core.http.HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Logs where a request failed under a fresh error id, without exception messages: those may
     * quote personal data (a database error naming a value). The full exception is at DEBUG.
     */
    private static String logWithoutMessages(Throwable e) {
        return logWithoutMessages(e, Logger.Level.ERROR);
    }

    private static String logWithoutMessages(Throwable e, Logger.Level level) {
        String errorId = java.util.UUID.randomUUID().toString();
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null && chain.length() < 2000; t = t.getCause() == t ? null : t.getCause()) {
            StackTraceElement top = t.getStackTrace().length > 0 ? t.getStackTrace()[0] : null;
            chain.append(chain.isEmpty() ? "" : " <- ").append(t.getClass().getName()).append(" at ").append(top);
        }
        LOG.logf(level, "request failed, error %s: %s", errorId, chain);
        LOG.debugf(e, "request failed, error %s", errorId);
        return errorId;
    }

    private static Response badJson(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException mapping ? jsonPath(mapping) : "";
        String message;
        if (e instanceof UnrecognizedPropertyException unknown) {
            field = field.isEmpty() ? unknown.getPropertyName() : field;
            message = "unknown field; it cannot be set by a client";
        } else if (e instanceof InvalidFormatException invalid) {
            message = invalid.getTargetType() != null && invalid.getTargetType().isEnum()
                    ? "must be one of " + java.util.Arrays.toString(invalid.getTargetType().getEnumConstants())
                    : "has the wrong format";
        } else if (e instanceof StrictJson.UnstorableText unstorable) {
            message = unstorable.getOriginalMessage();
        } else if (e instanceof com.fasterxml.jackson.databind.exc.ValueInstantiationException
                && e.getCause() instanceof IllegalArgumentException refused && refused.getMessage() != null) {
            message = refused.getMessage(); // an event's own check ("customerId is required"), naming its field
        } else if (e instanceof MismatchedInputException && e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("Trailing token")) {
            message = "the body must be one JSON value; more follows it";
        } else if (e instanceof MismatchedInputException) {
            message = "has the wrong type";
        } else if (e instanceof StreamReadException read && read.getOriginalMessage() != null
                && read.getOriginalMessage().startsWith("Duplicate field")) {
            field = read.getProcessor() == null ? "" : duplicateName(read.getProcessor());
            message = "appears more than once";
        } else {
            message = "the body is not valid JSON";
        }
        return Problems.response(400, "the request body could not be read", uri.getPath(),
                List.of(new Problem.FieldProblem(field, message))).build();
    }

    private static String duplicateName(JsonParser parser) {
        try {
            return parser.currentName() == null ? "" : parser.currentName();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /**
     * {@code create.request.addresses[0].zip} becomes {@code addresses[0].zip}: the path in the body; a query, path or
     * header parameter's own constraint ({@code search.size}) names the parameter as the request names it.
     */
    private static String fieldPath(ConstraintViolation<?> violation) {
        String parameter = requestParameter(violation);
        if (parameter != null) {
            return parameter;
        }
        StringBuilder path = new StringBuilder();
        int index = 0;
        for (Path.Node node : violation.getPropertyPath()) {
            index++;
            if (index <= 2 && (node.getKind() == jakarta.validation.ElementKind.METHOD
                    || node.getKind() == jakarta.validation.ElementKind.PARAMETER)) {
                continue;
            }
            if (node.getIndex() != null) {
                path.append('[').append(node.getIndex()).append(']');
            } else if (node.getKey() != null) {
                path.append('[').append(node.getKey()).append(']');
            }
            if (node.getName() != null && node.getKind() != jakarta.validation.ElementKind.CONTAINER_ELEMENT) {
                path.append(path.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    /** The name a violated method parameter has in the request ({@code @QueryParam("q") String text}: q), if it has one. */
    private static String requestParameter(ConstraintViolation<?> violation) {
        Path.MethodNode method = null;
        Path.ParameterNode parameter = null;
        int nodes = 0;
        for (Path.Node node : violation.getPropertyPath()) {
            nodes++;
            if (node.getKind() == jakarta.validation.ElementKind.METHOD) {
                method = node.as(Path.MethodNode.class);
            } else if (node.getKind() == jakarta.validation.ElementKind.PARAMETER) {
                parameter = node.as(Path.ParameterNode.class);
            }
        }
        if (nodes != 2 || method == null || parameter == null || violation.getRootBeanClass() == null) {
            return null;
        }
        Class<?>[] types = method.getParameterTypes().toArray(Class<?>[]::new);
        for (Class<?> type = violation.getRootBeanClass(); type != null; type = type.getSuperclass()) {
            try {
                for (Annotation annotation : type.getDeclaredMethod(method.getName(), types)
                        .getParameterAnnotations()[parameter.getParameterIndex()]) {
                    if (annotation instanceof QueryParam query) {
                        return query.value();
                    } else if (annotation instanceof PathParam path) {
                        return path.value();
                    } else if (annotation instanceof HeaderParam header) {
                        return header.value();
                    }
                }
            } catch (NoSuchMethodException notDeclaredHere) {
                // looked for in the class it extends, as below
            }
            // the bean's class may be a subclass the container made, overriding the method without its annotations
        }
        return null;
    }
}
