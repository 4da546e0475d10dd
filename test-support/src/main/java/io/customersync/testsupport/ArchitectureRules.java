package io.customersync.testsupport;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The rules every service's code follows (docs/architecture.md), checked in each service's build:
 * the domain knows no HTTP; SQL lives only in the owner of its table, in {@code domain}; rows are
 * typed; REST clients sit in {@code client}, metrics in {@code metrics}.
 */
public final class ArchitectureRules {

    /** Calls that run SQL: only a table's owner (in {@code domain}) makes them. */
    private static final Set<String> SQL_CALLS = Set.of("createNativeQuery", "createQuery", "prepareStatement",
            "prepareCall", "createStatement");
    private static final Set<String> SQL_OWNERS = Set.of("java.sql.Connection");

    /** What messaging-support's {@code Database} (each service's {@code HqDatabase}, {@code ChannelDatabase}) runs. */
    private static final String DATABASE = "io.customersync.messaging.Database";
    private static final Set<String> DATABASE_QUERIES = Set.of("update", "list", "first", "count", "prepare");

    private final String root;
    private final JavaClasses classes;

    /** @param root the service's root package, e.g. {@code io.customersync.hq} */
    public ArchitectureRules(String root) {
        this.root = root;
        this.classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(root);
    }

    /** Domain, jobs, messaging, metrics and settings import nothing of HTTP, api-support or the service's api. */
    public void domainKnowsNoHttp() {
        check(noClasses().that().resideInAnyPackage(root + ".domain..", root + ".jobs..", root + ".messaging..",
                root + ".metrics..", root + ".config..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "org.jboss.resteasy..",
                        "io.customersync.api..", root + ".api.."));
    }

    /** Only classes of {@code domain} run SQL: resources, jobs, consumers and metrics ask the owner. */
    public void sqlOnlyInDomain() {
        check(noClasses().that().resideOutsideOfPackage(root + ".domain..")
                .should().callMethodWhere(describe("a statement on a Connection",
                        (JavaMethodCall call) -> SQL_CALLS.contains(call.getName())
                                && SQL_OWNERS.contains(call.getTargetOwner().getName())))
                .orShould().callMethodWhere(describe("a statement through the service's Database",
                        (JavaMethodCall call) -> call.getTargetOwner().isAssignableTo(DATABASE)
                                && DATABASE_QUERIES.contains(call.getName()))));
    }

    /**
     * The service runs no ORM (decisions 0024, 0025, 0026): nothing of JPA, Hibernate ORM or Panache is used
     * (Hibernate Validator is), nor does any module bring them any more; this rule keeps it so.
     */
    public void noOrm() {
        check(noClasses().should().dependOnClassesThat(describe("are JPA, Hibernate ORM or Panache",
                (com.tngtech.archunit.core.domain.JavaClass c) -> c.getPackageName().startsWith("jakarta.persistence")
                        || c.getPackageName().startsWith("io.quarkus.hibernate.orm")
                        || c.getPackageName().startsWith("io.quarkus.panache")
                        || c.getPackageName().startsWith("org.hibernate")
                                && !c.getPackageName().startsWith("org.hibernate.validator"))));
    }

    /** REST clients live in {@code client}, meter binders in {@code metrics}. */
    public void packagesByRole() {
        check(classes().that().haveSimpleNameEndingWith("Client").and().resideInAPackage(root + "..")
                .should().resideInAPackage(root + ".client..").allowEmptyShould(true));
        check(classes().that().implement("io.micrometer.core.instrument.binder.MeterBinder")
                .should().resideInAPackage(root + ".metrics..").allowEmptyShould(true));
    }

    /** No row travels as {@code Object[]}: the module's main sources never mention it. */
    public static void typedRows(Path sources) {
        try (Stream<Path> files = Files.walk(sources)) {
            List<String> untyped = files.filter(f -> f.toString().endsWith(".java")).filter(ArchitectureRules::untyped)
                    .map(Path::toString).toList();
            if (!untyped.isEmpty()) {
                throw new AssertionError("rows as Object[] in " + untyped);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean untyped(Path file) {
        try {
            return Files.readString(file).contains("Object[]");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void check(ArchRule rule) {
        rule.check(classes);
    }
}
