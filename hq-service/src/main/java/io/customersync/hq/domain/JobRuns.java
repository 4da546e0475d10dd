package io.customersync.hq.domain;

import java.sql.Timestamp;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** The owner of {@code job_run}: the runs of HQ's jobs that did something. */
@ApplicationScoped
public class JobRuns {

    private final EntityManager em;

    public JobRuns(EntityManager em) {
        this.em = em;
    }

    public void record(String job, String trigger, Instant startedAt, Instant finishedAt, int processed, int failed) {
        em.createNativeQuery("""
                insert into job_run (job, trigger, started_at, finished_at, processed, failed)
                values (?1, ?2, ?3, ?4, ?5, ?6)""")
                .setParameter(1, job).setParameter(2, trigger)
                .setParameter(3, Timestamp.from(startedAt)).setParameter(4, Timestamp.from(finishedAt))
                .setParameter(5, processed).setParameter(6, failed).executeUpdate();
    }
}
