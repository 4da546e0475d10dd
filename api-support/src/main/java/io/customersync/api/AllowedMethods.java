package io.customersync.api;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import io.vertx.ext.web.Router;

/**
 * A {@code 405} answers which methods the path has ({@code Allow}, as RFC 9110 requires), and so does an
 * {@code OPTIONS} request: the HTTP layer sent no {@code Allow} with a 405 and, for {@code OPTIONS}, every method
 * there is, those the path does not have included. The methods are read from the service's resource classes (their
 * {@code @Path} and method annotations) at the first such request.
 */
@Singleton
public class AllowedMethods {

    private final BeanManager beans;
    private volatile List<Operations> operations;

    public AllowedMethods(BeanManager beans) {
        this.beans = beans;
    }

    /** An {@code OPTIONS} request's answer: the path's methods (a 405's are set where it is answered, {@link ProblemMappers}). */
    void install(@Observes Router router) {
        router.route().method(io.vertx.core.http.HttpMethod.OPTIONS).order(Integer.MIN_VALUE).handler(ctx -> {
            String path = ctx.request().path();
            if (path.startsWith("/api/")) {
                ctx.addHeadersEndHandler(v -> {
                    if (ctx.response().getStatusCode() < 300) {
                        allowed(path).ifPresent(allow -> ctx.response().putHeader("Allow", allow));
                    }
                });
            }
            ctx.next();
        });
    }

    /** The methods of the resource the path names, as an {@code Allow} value; empty if no resource has the path. */
    public Optional<String> allowed(String path) {
        int mostLiteral = -1;
        Set<String> methods = new TreeSet<>();
        for (Operations candidate : operations()) {
            if (!candidate.template().matcher(path).matches() || candidate.literal() < mostLiteral) {
                continue;
            }
            if (candidate.literal() > mostLiteral) { // the most specific template takes the request, as JAX-RS picks
                mostLiteral = candidate.literal();
                methods.clear();
            }
            methods.addAll(candidate.methods());
        }
        if (methods.isEmpty()) {
            return Optional.empty();
        }
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        methods.add("OPTIONS");
        return Optional.of(String.join(", ", methods));
    }

    private List<Operations> operations() {
        List<Operations> read = operations;
        if (read == null) {
            read = new ArrayList<>();
            for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
                Class<?> type = bean.getBeanClass();
                Path root = type.getAnnotation(Path.class);
                if (root != null && !type.isInterface() && !Modifier.isAbstract(type.getModifiers())) {
                    read.addAll(operationsOf(type, root.value()));
                }
            }
            operations = read;
        }
        return read;
    }

    private static List<Operations> operationsOf(Class<?> resource, String root) {
        Map<String, Set<String>> byPath = new HashMap<>();
        for (Method method : resource.getMethods()) {
            for (var annotation : method.getAnnotations()) {
                HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
                if (verb != null) {
                    Path sub = method.getAnnotation(Path.class);
                    String path = join(root, sub == null ? "" : sub.value());
                    byPath.computeIfAbsent(path, p -> new TreeSet<>()).add(verb.value());
                }
            }
        }
        return byPath.entrySet().stream().map(e -> Operations.of(e.getKey(), e.getValue())).toList();
    }

    private static String join(String root, String sub) {
        String path = ("/" + root + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** A path template of the service and the HTTP methods it has. */
    record Operations(Pattern template, int literal, Set<String> methods) {

        private static final Pattern PARAMETER = Pattern.compile("\\{[^}]*}");

        static Operations of(String template, Set<String> methods) {
            String literal = PARAMETER.matcher(template).replaceAll("");
            StringBuilder regex = new StringBuilder();
            int at = 0;
            var parameters = PARAMETER.matcher(template);
            while (parameters.find()) {
                regex.append(Pattern.quote(template.substring(at, parameters.start()))).append("[^/]+");
                at = parameters.end();
            }
            regex.append(Pattern.quote(template.substring(at))).append("/?");
            return new Operations(Pattern.compile(regex.toString()), literal.length(), methods);
        }
    }
}
