package io.customersync.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

/** The real job history on a test database, keeping a list of each run handed to it as well. */
class RecordingHistory extends JobHistory {

    final List<JobRun> handed = new CopyOnWriteArrayList<>();

    RecordingHistory(DataSource dataSource, Duration summary, Duration idleSummary) {
        super(dataSource, summary, idleSummary);
    }

    @Override
    public void record(JobRun run) {
        handed.add(run);
        super.record(run);
    }
}
