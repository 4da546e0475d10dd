package io.customersync.api;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Optional;
import java.util.UUID;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.UriInfo;

/** A path's id that could not be read: which of the operation's UUID path parameters it is. */
final class PathIds {

    private PathIds() {
    }

    /** The first path parameter the operation reads as a UUID whose value in this path is none. */
    static Optional<String> notAnId(UriInfo uri, ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return Optional.empty();
        }
        for (Parameter parameter : method.getParameters()) {
            PathParam path = parameter.getAnnotation(PathParam.class);
            if (path != null && parameter.getType() == UUID.class) {
                String value = uri.getPathParameters().getFirst(path.value());
                if (value != null && !isUuid(value)) {
                    return Optional.of(path.value());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isUuid(String value) {
        try {
            UUID.fromString(value);
            return value.length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
