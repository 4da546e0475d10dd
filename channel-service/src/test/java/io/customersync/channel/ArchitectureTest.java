package io.customersync.channel;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.ArchitectureRules;

/** The channel service's code keeps the rules of docs/architecture.md. */
class ArchitectureTest {

    private final ArchitectureRules rules = new ArchitectureRules("io.customersync.channel");

    @Test
    void theDomainKnowsNoHttp() {
        rules.domainKnowsNoHttp();
    }

    @Test
    void sqlLivesWithTheOwnerOfItsTable() {
        rules.sqlOnlyInDomain();
    }

    @Test
    void noOrm() {
        rules.noOrm();
    }

    @Test
    void clientsAndMetricsSitInTheirPackages() {
        rules.packagesByRole();
    }

    @Test
    void rowsAreTyped() {
        ArchitectureRules.typedRows(Path.of("src/main/java"));
    }
}
