package io.customersync.messaging;

import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import io.customersync.testsupport.PostgresServer;

/** Fresh databases on the shared real PostgreSQL, with the outbox and the job history (job_run) migrated. */
final class TestDatabases {

    private TestDatabases() {
    }

    static PGSimpleDataSource withOutbox(String name) {
        PostgresServer postgres = PostgresServer.shared();
        postgres.createDatabase(name);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl(name));
        dataSource.setUser(PostgresServer.USER);
        dataSource.setPassword(PostgresServer.PASSWORD);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/outbox", "classpath:db/job-run").cleanDisabled(false).load()
                .clean();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/outbox", "classpath:db/job-run").load().migrate();
        return dataSource;
    }
}
