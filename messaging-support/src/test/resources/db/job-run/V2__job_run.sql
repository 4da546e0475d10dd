-- The same table as each service's migration (channel V11, distribution V7, HQ V4 + V11), for the tests here.
-- The job history (messaging-support JobHistory owns it): every run of the service's jobs that failed
-- or was asked for, and one summing row for the others (at most one per job per
-- job-history.summary, or job-history.idle-summary if they did nothing). Read by the jobs API, the
-- same from every instance; housekeeping deletes rows older than retention.job-runs.
create table job_run (
    id           bigserial   primary key,
    job          varchar(64) not null,
    trigger      varchar(16) not null,
    requested_by varchar(64),
    started_at   timestamptz not null,
    finished_at  timestamptz not null,
    runs         int         not null default 1,
    processed    int         not null,
    failed       int         not null,
    failure      varchar(300)
);
create index job_run_job on job_run (job, id desc);
